#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QInputDialog;
class QWidget;

namespace baton {

class ConfigPage;

// Scale…: asks for a service's worker count, then writes `workers` into the
// configuration editor (ConfigPage::scaleService) and shows that page. The
// change is then an ordinary edit: batond validates it, the diff and the
// plan ("scale 2 → 4, no restart") show what Apply will do, and Apply does
// it. The app never changes a running service's size by another path.
class ScaleFlow final : public QObject {
    Q_OBJECT
public:
    ScaleFlow(ConfigPage *config, QWidget *window);

    // current: the service's wanted worker count now (the dialog's start value).
    void ask(const QString &service, int current);

Q_SIGNALS:
    void editorChanged();   // the editor holds the scaled text: show the Configuration page

private:
    ConfigPage *m_config;
    QWidget *m_window;
    QPointer<QInputDialog> m_dialog;
};

} // namespace baton
