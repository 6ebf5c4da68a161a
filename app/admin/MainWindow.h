#pragma once

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace baton {

class ConnectionManager;
class ScaleFlow;
class DaemonMonitor;
class DashboardPage;
class LogFeed;
class LogsPage;
class OfflineBanner;
class OutcomeBanner;
class OutcomeTracker;
class ReloadController;
class ServiceActions;
class TimelinePage;
class TrayIcon;

// The main window: Dashboard, Restart History, Logs, Configuration and
// History tabs under the offline banner and the outcome banner; menus,
// shortcuts, the tray, and the window's saved geometry. Closing it with a tray keeps the app running
// there; quitting asks the config editor about unsaved edits first.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(ConnectionManager *connection, QWidget *parent = nullptr);
    // The text of Help > About: version, and which TOML highlighter the editor uses.
    static QString aboutText();
    ~MainWindow() override;

    DaemonMonitor *monitor() const { return m_monitor; }
    ReloadController *reloads() const { return m_reloads; }
    TrayIcon *tray() const { return m_tray; }
    DashboardPage *dashboard() const { return m_dashboard; }
    TimelinePage *timeline() const { return m_timeline; }
    LogsPage *logsPage() const { return m_logsPage; }
    LogFeed *logFeed() const { return m_logFeed; }
    OutcomeTracker *outcomes() const { return m_outcomes; }
    OutcomeBanner *outcomeBanner() const { return m_outcomeBanner; }
    QWidget *configPage() const { return m_configPage; }     // ConfigPage, when built in
    QWidget *historyPanel() const { return m_historyPanel; } // HistoryPanel, when built in
    QTabWidget *tabs() const { return m_tabs; }
    OfflineBanner *offlineBanner() const { return m_banner; }
    QAction *reloadSelectedAction() const { return m_reloadSelected; }
    QAction *refreshAction() const { return m_refresh; }
    ServiceActions *serviceActions() const { return m_actions; }
    QAction *stopSelectedAction() const { return m_stopSelected; }
    QAction *startSelectedAction() const { return m_startSelected; }
    QAction *resetSelectedAction() const { return m_resetSelected; }
    QAction *scaleSelectedAction() const { return m_scaleSelected; }

    void restoreSettings();
    void saveSettings() const;
    // Shows and raises the window (from the tray, or a second launch).
    void bringToFront();

public Q_SLOTS:
    void quit();
    void showConnectionDialog();
    void refresh();
    // The Logs page, filtered to one worker (0: any generation / worker).
    void showOutput(const QString &service, int generation, qint64 pid);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildPages();
    void buildActions();
    void buildMenus();
    void updateTitle();
    void retranslate();            // every text of the window, on QEvent::LanguageChange
    void updateConfigTabText();
    void updateStatusBar();
    void updateRoutedShortcuts();
    void buildServiceActions();    // Stop, Start, Reset of the selected service
    void updateServiceActions();   // enabled as the daemon's state of the selected service allows
    void askScale(const QString &service);   // Scale…: the count from ScaleFlow's dialog, written into the editor
    void applyShortcut();
    void findShortcut();
    void setLanguage(const QString &language);
    bool configMaybeSave();

    ConnectionManager *m_connection;
    DaemonMonitor *m_monitor;
    ReloadController *m_reloads;
    ServiceActions *m_actions;
    LogFeed *m_logFeed;
    OutcomeTracker *m_outcomes;
    TrayIcon *m_tray;
    OfflineBanner *m_banner = nullptr;
    OutcomeBanner *m_outcomeBanner = nullptr;
    LogsPage *m_logsPage = nullptr;
    QTabWidget *m_tabs = nullptr;
    DashboardPage *m_dashboard = nullptr;
    TimelinePage *m_timeline = nullptr;
    QPointer<QWidget> m_configPage;
    QPointer<QWidget> m_historyPanel;
    QLabel *m_statusIcon = nullptr;
    QLabel *m_statusText = nullptr;

    QAction *m_connect = nullptr;
    QAction *m_reconnect = nullptr;
    QAction *m_reloadSelected = nullptr;
    QAction *m_reloadAll = nullptr;
    QAction *m_stopSelected = nullptr;
    QAction *m_startSelected = nullptr;
    QAction *m_resetSelected = nullptr;
    QAction *m_scaleSelected = nullptr;
    ScaleFlow *m_scale = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_applyRouted = nullptr;   // Ctrl+S / Ctrl+F outside the config page, see updateRoutedShortcuts()
    QAction *m_findRouted = nullptr;
    QAction *m_closeToTray = nullptr;
    QAction *m_quit = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_serviceMenu = nullptr;
    QMenu *m_configMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_systemLanguage = nullptr;
    QAction *m_about = nullptr;
    QAction *m_aboutQt = nullptr;
    bool m_quitting = false;
    bool m_toldAboutTray = false;
};

} // namespace baton
