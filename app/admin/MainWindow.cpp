#include "MainWindow.h"

#include "ConnectionDialog.h"
#include "ConnectionManager.h"
#include "DaemonMonitor.h"
#include "DashboardPage.h"
#include "Icons.h"
#include "LogFeed.h"
#include "LogsPage.h"
#include "OfflineBanner.h"
#include "OutcomeBanner.h"
#include "ReloadController.h"
#include "ServiceActions.h"
#include "TimelinePage.h"
#include "Translations.h"
#include "TrayIcon.h"
#include "baton/ServiceModel.h"
#include "baton/WorkerModel.h"

#include "ScaleFlow.h"
#include "editor/ConfigPage.h"
#include "editor/Highlighting.h"
#include "editor/HistoryPanel.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace baton {

MainWindow::MainWindow(ConnectionManager *connection, QWidget *parent)
    : QMainWindow(parent), m_connection(connection), m_monitor(new DaemonMonitor(connection->client(), this))
{
    m_reloads = new ReloadController(connection->client(), m_monitor->events(), this);
    m_actions = new ServiceActions(connection->client(), this);
    m_logFeed = new LogFeed(connection->client(), this);
    m_outcomes = new OutcomeTracker(this);
    connect(m_monitor, &DaemonMonitor::liveEvent, m_outcomes, &OutcomeTracker::addEvent);
    connect(m_monitor, &DaemonMonitor::endpointChanged, m_outcomes, &OutcomeTracker::clear);
    m_tray = new TrayIcon(m_monitor, m_reloads, this);
    setWindowIcon(icons::app());
    buildPages();
    buildActions();
    buildMenus();

    m_statusIcon = new QLabel(this);
    m_statusText = new QLabel(this);
    statusBar()->addWidget(m_statusIcon);
    statusBar()->addWidget(m_statusText, 1);

    connect(m_tray, &TrayIcon::openRequested, this, &MainWindow::bringToFront);
    connect(m_tray, &TrayIcon::quitRequested, this, &MainWindow::quit);
    connect(m_tray, &TrayIcon::notified, this, [this](const QString &title, const QString &message) {
        if (!m_tray->isVisible())   // no tray to show it: the status bar does
            statusBar()->showMessage(title + QStringLiteral(": ") + message, 15000);
    });
    connect(m_banner, &OfflineBanner::connectionDialogRequested, this, &MainWindow::showConnectionDialog);
    connect(connection, &ConnectionManager::stateChanged, this, [this] {
        updateTitle();
        updateStatusBar();
    });
    connect(m_monitor, &DaemonMonitor::overallChanged, this, &MainWindow::updateTitle);
    connect(m_monitor, &DaemonMonitor::statusUpdated, this, &MainWindow::updateStatusBar);
    connect(m_monitor, &DaemonMonitor::refreshFailed, this,
            [this](const QString &message) { statusBar()->showMessage(tr("Refresh failed: %1").arg(message), 10000); });
    connect(m_dashboard, &DashboardPage::selectedServiceChanged, this, &MainWindow::updateServiceActions);
    connect(m_monitor, &DaemonMonitor::statusUpdated, this, &MainWindow::updateServiceActions);
    connect(m_monitor, &DaemonMonitor::liveChanged, this, &MainWindow::updateServiceActions);
    // Each action's outcome in the status bar too, like a reload's in the tray.
    connect(m_actions, &ServiceActions::finished, this,
            [this](bool, const QString &message) { statusBar()->showMessage(message, 15000); });
    connect(m_monitor, &DaemonMonitor::liveChanged, this, [this](bool live) {
        m_reloadSelected->setEnabled(live);
        m_reloadAll->setEnabled(live);
    });
    m_reloadSelected->setEnabled(m_monitor->isLive());
    m_reloadAll->setEnabled(m_monitor->isLive());
    m_tray->setVisible(TrayIcon::isAvailable());
    retranslate();   // every text, and again on each QEvent::LanguageChange
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPages()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_banner = new OfflineBanner(m_connection, central);
    m_outcomeBanner = new OutcomeBanner(m_outcomes, central);
    m_tabs = new QTabWidget(central);
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_banner);
    layout->addWidget(m_outcomeBanner);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    connect(m_monitor, &DaemonMonitor::endpointChanged, m_outcomeBanner, &OutcomeBanner::dismiss);
    connect(m_outcomeBanner, &OutcomeBanner::showOutputRequested, this, &MainWindow::showOutput);
    // A status-bar echo of an older outcome (no tray) must not outlive it.
    connect(m_outcomes, &OutcomeTracker::outcomeChanged, this, [this](const Outcome &, bool fresh) {
        if (fresh)
            statusBar()->clearMessage();
    });

    m_dashboard = new DashboardPage(m_monitor, m_reloads, m_actions, m_logFeed, m_tabs);
    m_timeline = new TimelinePage(m_monitor, m_tabs);
    m_logsPage = new LogsPage(m_logFeed, m_tabs);
    // Tab titles: retranslate().
    m_tabs->addTab(m_dashboard, icons::overall(DaemonMonitor::Overall::Ok), QString());
    m_tabs->addTab(m_timeline, icons::eventCategory(EventModel::Category::Restart), QString());
    m_tabs->addTab(m_logsPage, icons::themed("utilities-log-viewer", "action-logs.svg"), QString());
    connect(m_dashboard, &DashboardPage::showOutputRequested, this, &MainWindow::showOutput);
    connect(m_dashboard, &DashboardPage::openLogsRequested, this, [this](const QString &service) { showOutput(service, 0, 0); });
    connect(m_timeline, &TimelinePage::showOutputRequested, this, &MainWindow::showOutput);
    auto *config = new ConfigPage(m_connection->client(), m_tabs);
    auto *history = new HistoryPanel(m_connection->client(), m_tabs);
    m_configPage = config;
    m_historyPanel = history;
    m_tabs->addTab(config, icons::eventCategory(EventModel::Category::Config), QString());
    m_tabs->addTab(history, icons::themed("document-open-recent", "event-config.svg"), QString());
    connect(config, &ConfigPage::dirtyChanged, this, [this](bool dirty) {
        updateConfigTabText();
        setWindowModified(dirty);
    });
    connect(config, &ConfigPage::applyFinished, this, [this](bool applied) {
        if (m_quitting && applied)
            close();   // "Apply" in the unsaved-changes box, then quit
    });
    m_scale = new ScaleFlow(config, this);
    connect(m_scale, &ScaleFlow::editorChanged, this, [this] { m_tabs->setCurrentWidget(m_configPage); });
    connect(m_dashboard, &DashboardPage::scaleRequested, this, &MainWindow::askScale);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateRoutedShortcuts);
}

void MainWindow::buildActions()
{
    // Texts of the actions and menus: retranslate().
    m_connect = new QAction(icons::themed("network-connect", "action-connect.svg"), QString(), this);
    m_connect->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_connect, &QAction::triggered, this, &MainWindow::showConnectionDialog);
    m_reconnect = new QAction(this);
    connect(m_reconnect, &QAction::triggered, m_connection, &ConnectionManager::reconnectNow);

    m_reloadSelected = new QAction(icons::themed("view-refresh", "action-reload.svg"), QString(), this);
    m_reloadSelected->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_reloadSelected, &QAction::triggered, m_dashboard, &DashboardPage::reloadSelected);
    m_reloadAll = new QAction(this);
    m_reloadAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_reloadAll, &QAction::triggered, m_dashboard, &DashboardPage::reloadAll);
    buildServiceActions();
    m_refresh = new QAction(icons::themed("view-refresh", "action-reload.svg"), QString(), this);
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_refresh, &QAction::triggered, this, &MainWindow::refresh);

    // The config page binds Ctrl+S and Ctrl+F itself while focus is inside
    // it; these window-wide twins only act on the other tabs, so a key is
    // never bound twice at once (Qt would call that ambiguous and do nothing).
    m_applyRouted = new QAction(this);
    m_applyRouted->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    connect(m_applyRouted, &QAction::triggered, this, &MainWindow::applyShortcut);
    m_findRouted = new QAction(this);
    m_findRouted->setShortcut(QKeySequence::Find);
    connect(m_findRouted, &QAction::triggered, this, &MainWindow::findShortcut);
    addAction(m_applyRouted);
    addAction(m_findRouted);
    updateRoutedShortcuts();

    m_closeToTray = new QAction(this);
    m_closeToTray->setCheckable(true);
    m_closeToTray->setChecked(true);
    m_closeToTray->setVisible(TrayIcon::isAvailable());   // no tray: no such option
    m_quit = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), QString(), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &MainWindow::quit);
}

void MainWindow::buildMenus()
{
    QMenu *file = m_fileMenu = menuBar()->addMenu(QString());
    file->addAction(m_connect);
    file->addAction(m_reconnect);
    auto *config = static_cast<ConfigPage *>(m_configPage.data());
    file->addSeparator();
    file->addAction(config->openAction());
    file->addAction(config->saveAsAction());
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *service = m_serviceMenu = menuBar()->addMenu(QString());
    service->addAction(m_reloadSelected);
    service->addAction(m_reloadAll);
    service->addSeparator();
    service->addAction(m_stopSelected);
    service->addAction(m_startSelected);
    service->addAction(m_resetSelected);
    service->addAction(m_scaleSelected);
    service->addSeparator();
    service->addAction(m_refresh);

    QMenu *configuration = m_configMenu = menuBar()->addMenu(QString());
    configuration->addAction(config->applyAction());
    configuration->addAction(config->revertAction());
    configuration->addSeparator();
    configuration->addAction(config->findAction());
    configuration->addAction(config->replaceAction());

    QMenu *view = m_viewMenu = menuBar()->addMenu(QString());
    QMenu *language = m_languageMenu = view->addMenu(QString());
    auto *group = new QActionGroup(this);
    const QString setting = QSettings().value(QStringLiteral("language")).toString();
    QAction *system = m_systemLanguage = language->addAction(QString());
    system->setCheckable(true);
    system->setChecked(setting.isEmpty());
    group->addAction(system);
    connect(system, &QAction::triggered, this, [this] { setLanguage(QString()); });
    language->addSeparator();
    for (const QString &code : translations::available()) {
        QAction *action = language->addAction(translations::nativeName(code));
        action->setCheckable(true);
        action->setChecked(setting == code);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] { setLanguage(code); });
    }
    view->addAction(m_closeToTray);

    QMenu *help = m_helpMenu = menuBar()->addMenu(QString());
    m_about = help->addAction(icons::app(), QString(), this, [this] {
        QMessageBox::about(this, tr("About Baton Admin"), aboutText());
    });
    m_aboutQt = help->addAction(QString(), qApp, &QApplication::aboutQt);
}

void MainWindow::retranslate()
{
    m_tabs->setTabText(m_tabs->indexOf(m_dashboard), tr("Dashboard"));
    m_tabs->setTabText(m_tabs->indexOf(m_timeline), tr("Restart History"));
    m_tabs->setTabText(m_tabs->indexOf(m_logsPage), tr("Logs"));
    m_tabs->setTabText(m_tabs->indexOf(m_historyPanel), tr("History"));
    updateConfigTabText();

    m_connect->setText(tr("&Connection…"));
    m_reconnect->setText(tr("Reconnect &Now"));
    m_reloadAll->setText(tr("Reload &All Services"));
    m_refresh->setText(tr("Re&fresh"));
    m_closeToTray->setText(tr("Keep Running in the &Tray When Closed"));
    m_quit->setText(tr("&Quit"));
    m_stopSelected->setToolTip(tr("Drain the selected service's workers; it stays stopped until started"));
    m_resetSelected->setToolTip(tr("Close the storm breaker of a failed service and restart its missing workers"));
    m_scaleSelected->setToolTip(tr("Change the worker count in the configuration editor; Apply after the plan"));
    updateServiceActions();   // Reload/Stop/Start/Reset name the selected service

    m_fileMenu->setTitle(tr("&File"));
    m_serviceMenu->setTitle(tr("&Service"));
    m_configMenu->setTitle(tr("&Configuration"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguage->setText(tr("System Default"));
    m_helpMenu->setTitle(tr("&Help"));
    m_about->setText(tr("&About Baton Admin"));
    m_aboutQt->setText(tr("About &Qt"));

    m_tray->retranslate();
    updateTitle();
    updateStatusBar();
}

void MainWindow::updateConfigTabText()
{
    auto *config = static_cast<ConfigPage *>(m_configPage.data());
    m_tabs->setTabText(m_tabs->indexOf(config), config->isDirty() ? tr("Configuration *") : tr("Configuration"));
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

QString MainWindow::aboutText()
{
    return tr("<h3>Baton Admin %1</h3><p>Watch the services run by batond, edit their configuration "
              "with validation and a diff, and reload them without downtime.</p>")
               .arg(QStringLiteral(BATON_VERSION))
        + tr("<p>Configuration editor highlighting: %1.</p>").arg(highlighterDescription());
}

void MainWindow::buildServiceActions()
{
    m_stopSelected = new QAction(this);
    connect(m_stopSelected, &QAction::triggered, m_dashboard, &DashboardPage::stopSelected);
    m_startSelected = new QAction(this);
    connect(m_startSelected, &QAction::triggered, m_dashboard, &DashboardPage::startSelected);
    m_resetSelected = new QAction(this);
    connect(m_resetSelected, &QAction::triggered, m_dashboard, &DashboardPage::resetSelected);
    m_scaleSelected = new QAction(this);
    connect(m_scaleSelected, &QAction::triggered, this, [this] { askScale(m_dashboard->selectedService()); });
}

void MainWindow::askScale(const QString &service)
{
    if (service.isEmpty() || !m_monitor->isLive())
        return;
    m_scale->ask(service, m_monitor->services()->service(service).value(QStringLiteral("workers_wanted")).toInt());
}

void MainWindow::updateServiceActions()
{
    const QString name = m_dashboard->selectedService();
    m_reloadSelected->setText(name.isEmpty() ? tr("&Reload Service") : tr("&Reload %1").arg(name));
    m_stopSelected->setText(name.isEmpty() ? tr("S&top Service") : tr("S&top %1").arg(name));
    m_startSelected->setText(name.isEmpty() ? tr("St&art Service") : tr("St&art %1").arg(name));
    m_resetSelected->setText(name.isEmpty() ? tr("R&eset Service") : tr("R&eset %1").arg(name));
    m_scaleSelected->setText(name.isEmpty() ? tr("Sc&ale Service…") : tr("Sc&ale %1…").arg(name));
    m_scaleSelected->setEnabled(m_monitor->isLive() && !name.isEmpty());
    m_stopSelected->setEnabled(m_dashboard->canStop(name));
    m_startSelected->setEnabled(m_dashboard->canStart(name));
    m_resetSelected->setEnabled(m_dashboard->canReset(name));
}

void MainWindow::updateRoutedShortcuts()
{
    const bool onConfig = m_configPage && m_tabs->currentWidget() == m_configPage;
    m_applyRouted->setEnabled(!onConfig && m_configPage);
    m_findRouted->setEnabled(!onConfig);
}

void MainWindow::applyShortcut()
{
    m_tabs->setCurrentWidget(m_configPage);
    static_cast<ConfigPage *>(m_configPage.data())->applyRequested();
}

void MainWindow::showOutput(const QString &service, int generation, qint64 pid)
{
    m_logsPage->showWorker(service, generation, pid);
    m_tabs->setCurrentWidget(m_logsPage);
}

void MainWindow::findShortcut()
{
    if (m_tabs->currentWidget() == m_logsPage) {
        m_logsPage->focusSearch();
        return;
    }
    // Outside the editor and the logs, "find" means finding an event.
    m_tabs->setCurrentWidget(m_timeline);
    m_timeline->focusSearch();
}

void MainWindow::refresh()
{
    if (m_connection->state() != ConnectionManager::State::Connected) {
        m_connection->reconnectNow();
        return;
    }
    m_monitor->refresh();
    static_cast<HistoryPanel *>(m_historyPanel.data())->refresh();
    statusBar()->showMessage(tr("Refreshed"), 2000);
}

void MainWindow::updateTitle()
{
    QString state;
    switch (m_monitor->overall()) {
    case DaemonMonitor::Overall::Offline:
        state = m_connection->state() == ConnectionManager::State::Connecting ? tr("connecting") : tr("offline");
        break;
    case DaemonMonitor::Overall::Ok: state = tr("all running"); break;
    case DaemonMonitor::Overall::Reloading: state = tr("reloading"); break;
    case DaemonMonitor::Overall::Degraded: state = tr("degraded"); break;
    case DaemonMonitor::Overall::Failed: state = tr("failed"); break;
    }
    // Qt adds " — Baton Admin" (the application display name) itself.
    setWindowTitle(tr("%1[*]").arg(state));
    m_tabs->setTabIcon(0, icons::overall(m_monitor->overall()));
}

void MainWindow::updateStatusBar()
{
    const auto state = m_connection->state();
    if (state != ConnectionManager::State::Connected) {
        m_statusIcon->setPixmap(icons::pixmap(icons::overall(DaemonMonitor::Overall::Offline), m_statusIcon, 16));
        m_statusText->setText(state == ConnectionManager::State::Connecting ? tr("Connecting to %1…").arg(m_connection->profile().title())
                                                                            : tr("Offline"));
        return;
    }
    const QVariantMap daemon = m_monitor->daemonInfo();
    m_statusIcon->setPixmap(icons::pixmap(icons::overall(m_monitor->overall()), m_statusIcon, 16));
    QString text = tr("Connected to %1").arg(m_connection->endpoint());
    if (!daemon.isEmpty()) {
        text += QStringLiteral(" · ")
                + tr("batond %1, PID %2, up %3")
                      .arg(daemon.value(QStringLiteral("version")).toString(), daemon.value(QStringLiteral("pid")).toString(),
                           WorkerModel::formatUptime(daemon.value(QStringLiteral("uptime_ms")).toLongLong()));
        text += QStringLiteral(" · ") + daemon.value(QStringLiteral("config_path")).toString();
    }
    m_statusText->setText(text);
}

void MainWindow::showConnectionDialog()
{
    QSettings settings;
    auto *dialog = new ConnectionDialog(ConnectionProfile::load(settings), m_connection->profile(),
                                        m_connection->state() == ConnectionManager::State::Connected ? m_connection->endpoint() : QString(),
                                        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        QSettings settings;
        ConnectionProfile::save(settings, dialog->profiles());
        if (result == QDialog::Accepted)
            m_connection->setProfile(dialog->selectedProfile());
    });
    dialog->open();   // window-modal, without a nested event loop
}

void MainWindow::setLanguage(const QString &language)
{
    QSettings().setValue(QStringLiteral("language"), language);
    // At once: installing the translators sends QEvent::LanguageChange to
    // every widget, and each re-applies its texts in its changeEvent().
    translations::install(translations::resolve(language));
}

void MainWindow::bringToFront()
{
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

bool MainWindow::configMaybeSave()
{
    auto *config = static_cast<ConfigPage *>(m_configPage.data());
    if (config && config->isDirty()) {
        bringToFront();
        m_tabs->setCurrentWidget(config);
        return config->maybeSave();
    }
    return true;
}

void MainWindow::quit()
{
    m_quitting = true;
    close();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_quitting && m_tray->isVisible() && m_closeToTray->isChecked()) {
        hide();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->inform(tr("Baton Admin is still running"),
                           tr("It keeps watching batond from the tray. Use Quit in its menu to end it."));
        }
        event->ignore();
        return;
    }
    if (!configMaybeSave()) {
        m_quitting = false;
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
    QApplication::quit();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_monitor->setMetricsWanted(true);
    m_logFeed->setWanted(true);
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    // Hidden in the tray, nobody looks at the charts: let batond stop sampling.
    if (!isVisible()) {
        m_monitor->setMetricsWanted(false);
        m_logFeed->setWanted(false);   // nor at worker output
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 780);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
    m_dashboard->restoreState(settings.value(QStringLiteral("dashboard/state")).toByteArray());
    m_timeline->restoreState(settings.value(QStringLiteral("timeline/state")).toByteArray());
    m_closeToTray->setChecked(settings.value(QStringLiteral("tray/closeToTray"), true).toBool());
    static_cast<ConfigPage *>(m_configPage.data())->restoreState(settings.value(QStringLiteral("config/state")).toByteArray());
    static_cast<HistoryPanel *>(m_historyPanel.data())->restoreState(settings.value(QStringLiteral("history/state")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    settings.setValue(QStringLiteral("dashboard/state"), m_dashboard->saveState());
    settings.setValue(QStringLiteral("timeline/state"), m_timeline->saveState());
    settings.setValue(QStringLiteral("tray/closeToTray"), m_closeToTray->isChecked());
    settings.setValue(QStringLiteral("config/state"), static_cast<ConfigPage *>(m_configPage.data())->saveState());
    settings.setValue(QStringLiteral("history/state"), static_cast<HistoryPanel *>(m_historyPanel.data())->saveState());
}

} // namespace baton
