#include "ScaleFlow.h"

#include "editor/ConfigPage.h"

#include <QInputDialog>

namespace baton {

ScaleFlow::ScaleFlow(ConfigPage *config, QWidget *window) : QObject(window), m_config(config), m_window(window) {}

void ScaleFlow::ask(const QString &service, int current)
{
    if (m_dialog)
        m_dialog->close();
    auto *dialog = new QInputDialog(m_window);
    m_dialog = dialog;
    dialog->setObjectName(QStringLiteral("scaleDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Scale %1").arg(service));
    dialog->setLabelText(tr("Workers of %1 (the editor gets the change; Apply after the plan):").arg(service));
    dialog->setInputMode(QInputDialog::IntInput);
    dialog->setIntRange(0, 99999);   // the bounds are batond's validator's: it reports them in the editor
    dialog->setIntValue(current);
    connect(dialog, &QInputDialog::intValueSelected, this, [this, service](int workers) {
        if (m_config->scaleService(service, workers))
            Q_EMIT editorChanged();
    });
    dialog->open();   // window-modal, without a nested event loop
}

} // namespace baton
