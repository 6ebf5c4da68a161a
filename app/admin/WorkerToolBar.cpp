#include "WorkerToolBar.h"

#include "Icons.h"
#include "ServiceActions.h"

#include "baton/WorkerModel.h"

#include <QEvent>
#include <QMenu>
#include <QToolButton>

namespace baton {

WorkerToolBar::WorkerToolBar(QWidget *parent) : QToolBar(parent)
{
    setObjectName(QStringLiteral("workerToolBar"));
    setIconSize(QSize(16, 16));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_restart = addAction(icons::themed("view-refresh", "action-reload.svg"), QString());
    m_restart->setObjectName(QStringLiteral("restartWorker"));
    connect(m_restart, &QAction::triggered, this, [this] { Q_EMIT restartRequested(m_pid); });

    m_signals = new QMenu(this);
    for (const QString &signal : ServiceActions::workerSignals()) {
        QAction *a = m_signals->addAction(QStringLiteral("SIG%1").arg(signal));
        a->setObjectName(QStringLiteral("signal%1").arg(signal));
        connect(a, &QAction::triggered, this, [this, signal] { Q_EMIT signalRequested(m_pid, signal); });
    }
    m_signal = addAction(QString());
    m_signal->setObjectName(QStringLiteral("signalWorker"));
    m_signal->setMenu(m_signals);
    m_signalButton = qobject_cast<QToolButton *>(widgetForAction(m_signal));
    if (m_signalButton)
        m_signalButton->setPopupMode(QToolButton::InstantPopup);

    m_output = addAction(icons::themed("utilities-log-viewer", "action-logs.svg"), QString());
    m_output->setObjectName(QStringLiteral("showWorkerOutput"));
    connect(m_output, &QAction::triggered, this, [this] { Q_EMIT showOutputRequested(m_service, m_generation, m_pid); });
    retranslate();
    setCurrent({}, false);
}

void WorkerToolBar::setCurrent(const QModelIndex &index, bool live)
{
    const auto raw = [&](int column) { return index.siblingAtColumn(column).data(WorkerModel::UnderlyingDataRole); };
    m_pid = index.isValid() ? raw(WorkerModel::PidColumn).toLongLong() : 0;
    m_generation = index.isValid() ? raw(WorkerModel::GenerationColumn).toInt() : 0;
    m_service = index.isValid() ? raw(WorkerModel::ServiceColumn).toString() : QString();
    // As the row's context menu: a restart when batond says it would do it
    // (restart_refused, its rule, not ours); a signal needs a live worker;
    // output exists without a daemon.
    m_restartRefusal = index.isValid() ? index.data(WorkerModel::RestartRefusalRole).toString() : QString();
    m_restart->setEnabled(live && m_pid > 0 && m_restartRefusal.isEmpty());
    m_signal->setEnabled(live && m_pid > 0);
    m_output->setEnabled(m_pid > 0);
    retranslate();
}

void WorkerToolBar::retranslate()
{
    m_restart->setText(tr("Restart"));
    if (m_pid > 0 && !m_restartRefusal.isEmpty())
        m_restart->setToolTip(tr("batond would not restart it now: %1").arg(m_restartRefusal));
    else
        m_restart->setToolTip(m_pid > 0 ? tr("Restart worker %1: start a replacement; once it is ready, this worker drains").arg(m_pid)
                                        : tr("Restart the selected worker"));
    m_signal->setText(tr("Signal"));
    m_signal->setToolTip(m_pid > 0 ? tr("Send a signal to worker %1").arg(m_pid) : tr("Send a signal to the selected worker"));
    m_output->setText(tr("Output"));
    m_output->setToolTip(m_pid > 0 ? tr("Show the output of worker %1").arg(m_pid) : tr("Show the output of the selected worker"));
}

void WorkerToolBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QToolBar::changeEvent(event);
}

} // namespace baton
