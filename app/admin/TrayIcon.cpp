#include "TrayIcon.h"

#include "Icons.h"
#include "ReloadController.h"
#include "baton/Event.h"
#include "baton/EventText.h"
#include "baton/ServiceModel.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>

#include <algorithm>

namespace baton {

TrayIcon::TrayIcon(DaemonMonitor *monitor, ReloadController *reloads, QObject *parent)
    : QObject(parent), m_monitor(monitor), m_reloads(reloads), m_menu(new QMenu)
{
    m_status = m_menu->addAction(QString());
    m_status->setEnabled(false);
    m_menu->addSeparator();
    m_servicesSeparator = m_menu->addSeparator();
    m_reloadAll = m_menu->addAction(icons::themed("view-refresh", "action-reload.svg"), QString());
    m_menu->addSeparator();
    m_open = m_menu->addAction(icons::app(), QString());
    m_quit = m_menu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), QString());
    retranslate();
    connect(m_reloadAll, &QAction::triggered, this, [this] { m_reloads->reload(QString()); });
    connect(m_open, &QAction::triggered, this, &TrayIcon::openRequested);
    connect(m_quit, &QAction::triggered, this, &TrayIcon::quitRequested);

    if (isAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT openRequested();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayIcon::openRequested);
    }

    ServiceModel *services = monitor->services();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(services, signal, this, &TrayIcon::rebuildServiceActions);
    connect(services, &QAbstractItemModel::modelReset, this, &TrayIcon::rebuildServiceActions);
    connect(monitor, &DaemonMonitor::overallChanged, this, &TrayIcon::updateState);
    connect(monitor, &DaemonMonitor::statusUpdated, this, &TrayIcon::updateState);
    connect(monitor, &DaemonMonitor::liveChanged, this, &TrayIcon::updateState);
    connect(monitor, &DaemonMonitor::liveEvent, this, &TrayIcon::onLiveEvent);
    connect(reloads, &ReloadController::started, this, &TrayIcon::updateState);
    connect(reloads, &ReloadController::finished, this,
            [this](const QString &service, bool ok, const QString &message, const QStringList &rolledBack, bool transportFailed) {
                updateState();
                // Rollbacks are announced by their event (also when someone
                // else reloaded); here only what no event reports.
                if (!ok && rolledBack.isEmpty())
                    notify(tr("Reload of %1 failed").arg(ReloadController::targetText(service)), message, transportFailed);
            });
    rebuildServiceActions();
    updateState();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;   // a QMenu cannot be a child of a QObject
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::setVisible(bool visible)
{
    if (m_tray)
        m_tray->setVisible(visible);
}

bool TrayIcon::isVisible() const
{
    return m_tray && m_tray->isVisible();
}

void TrayIcon::retranslate()
{
    // Not a widget: MainWindow calls this on its QEvent::LanguageChange.
    m_reloadAll->setText(tr("Reload All"));
    m_open->setText(tr("Open Baton Admin"));
    m_quit->setText(tr("Quit"));
    for (auto it = m_serviceActions.cbegin(); it != m_serviceActions.cend(); ++it)
        it.value()->setText(tr("Reload %1").arg(it.key()));
    updateState();
}

void TrayIcon::rebuildServiceActions()
{
    QStringList names = m_monitor->services()->names();
    std::sort(names.begin(), names.end());
    for (auto it = m_serviceActions.begin(); it != m_serviceActions.end();) {
        if (names.contains(it.key())) {
            ++it;
            continue;
        }
        delete it.value();
        it = m_serviceActions.erase(it);
    }
    for (const QString &name : std::as_const(names)) {
        if (m_serviceActions.contains(name))
            continue;
        auto *action = new QAction(icons::themed("view-refresh", "action-reload.svg"), tr("Reload %1").arg(name), m_menu);
        connect(action, &QAction::triggered, this, [this, name] { m_reloads->reload(name); });
        m_serviceActions.insert(name, action);
    }
    // Keep the menu in name order, between the two separators.
    for (const QString &name : std::as_const(names)) {
        QAction *action = m_serviceActions.value(name);
        m_menu->removeAction(action);
        m_menu->insertAction(m_servicesSeparator, action);
    }
    updateState();
}

QString TrayIcon::toolTip() const
{
    return m_tray ? m_tray->toolTip() : m_status->text();
}

void TrayIcon::updateState()
{
    const DaemonMonitor::Overall overall = m_monitor->overall();
    QString summary;
    switch (overall) {
    case DaemonMonitor::Overall::Offline: summary = tr("Not connected to batond"); break;
    case DaemonMonitor::Overall::Ok: summary = tr("All services running"); break;
    case DaemonMonitor::Overall::Reloading: summary = tr("Reloading"); break;
    case DaemonMonitor::Overall::Degraded: summary = tr("Degraded: some workers are missing"); break;
    case DaemonMonitor::Overall::Failed: summary = tr("Failed: a service stopped restarting"); break;
    }
    m_status->setText(summary);
    m_status->setIcon(icons::overall(overall));
    const bool live = m_monitor->isLive();
    m_reloadAll->setEnabled(live && !m_reloads->isRunning(QString()));
    for (auto it = m_serviceActions.cbegin(); it != m_serviceActions.cend(); ++it)
        it.value()->setEnabled(live && !m_reloads->isRunning(it.key()));
    if (!m_tray)
        return;
    // Only real changes reach the tray: each update is a round trip to the panel.
    if (!m_iconShown || overall != m_shownOverall) {
        m_tray->setIcon(icons::tray(overall));
        m_shownOverall = overall;
        m_iconShown = true;
    }
    QStringList lines{tr("Baton: %1").arg(summary)};
    const ServiceModel *services = m_monitor->services();
    for (int row = 0; row < services->rowCount() && row < 10; ++row) {
        const QString state = services->index(row, 0).data(ServiceModel::StateRole).toString();
        lines << QStringLiteral("%1: %2").arg(services->index(row, 0).data(ServiceModel::NameRole).toString(), ServiceModel::stateText(state));
    }
    const QString tip = lines.join(QLatin1Char('\n'));
    if (tip != m_tray->toolTip())
        m_tray->setToolTip(tip);
}

void TrayIcon::onLiveEvent(const QVariantMap &event)
{
    const QString kind = event.value(QStringLiteral("kind")).toString();
    const QString service = event.value(QStringLiteral("service")).toString();
    const QString message = EventText::message(event);   // in the app's language
    if (kind == EventKind::StormBreaker)
        notify(tr("%1 failed: storm breaker open").arg(service), message, true);
    else if (kind == EventKind::ReloadRolledBack)
        notify(tr("Reload of %1 rolled back").arg(service), message, false);
    else if (kind == EventKind::ReloadRejected && !m_reloads->anyRunning())   // ours: told with the reply
        notify(tr("Reload rejected"), message, false);
}

void TrayIcon::notify(const QString &title, const QString &message, bool critical)
{
    m_last = {title, message, critical};
    Q_EMIT notified(title, message);
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(title, message, critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning, 10000);
}

} // namespace baton

namespace baton {

void TrayIcon::inform(const QString &title, const QString &message)
{
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(title, message, QSystemTrayIcon::Information, 5000);
}

} // namespace baton
