#pragma once

#include <QWidget>

class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace baton {

class DaemonMonitor;
class GenerationsBar;
class WorkerToolBar;
class LogFeed;
class MetricsChartView;
class MetricsHistory;
class OutputDock;
class ReloadController;
class ServiceActions;

// The live overview: services with state badges, the selected service's
// generations and workers, FD, RSS and CPU charts, its worker output, and the
// reload controls with their progress (the outcome is the window's
// OutcomeBanner). Everything here comes from DaemonMonitor and LogFeed;
// offline it is empty or dimmed, never stale-but-live.
class DashboardPage final : public QWidget {
    Q_OBJECT
public:
    DashboardPage(DaemonMonitor *monitor, ReloadController *reloads, ServiceActions *actions, LogFeed *logs,
                  QWidget *parent = nullptr);

    QString selectedService() const;
    void selectService(const QString &name);

    QTreeView *servicesView() const { return m_services; }
    QTreeView *workersView() const { return m_workers; }
    GenerationsBar *generationsBar() const { return m_generations; }
    WorkerToolBar *workerToolBar() const { return m_workerBar; }
    MetricsChartView *fdsChart() const { return m_fdsChart; }
    MetricsChartView *rssChart() const { return m_rssChart; }
    MetricsChartView *cpuChart() const { return m_cpuChart; }
    MetricsChartView *requestsChart() const { return m_requestsChart; }
    MetricsHistory *history() const { return m_history; }
    QLabel *outcomeLabel() const { return m_outcome; }
    OutputDock *outputDock() const { return m_output; }
    // The context menu of a worker row (an index of workersView()); the caller owns it.
    QMenu *createWorkerMenu(const QModelIndex &index, QWidget *parent);
    // Its entries: Show output, Restart, Send Signal ▸. One function, so
    // other entries join it here.
    void populateWorkerMenu(QMenu &menu, const QModelIndex &index);
    // Every action on one service, for its context menu and the Service menu.
    void populateServiceMenu(QMenu &menu, const QString &service);
    // What the daemon's state of `service` allows (live, state, stopped_by_request).
    bool canStop(const QString &service) const;
    bool canStart(const QString &service) const;
    bool canReset(const QString &service) const;

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

public Q_SLOTS:
    void reloadSelected();
    void reloadAll();
    void stopSelected();
    void startSelected();
    void resetSelected();

Q_SIGNALS:
    void selectedServiceChanged(const QString &name);
    void showOutputRequested(const QString &service, int generation, qint64 pid);
    void scaleRequested(const QString &service);   // Scale…: MainWindow's ScaleFlow asks for the count
    void openLogsRequested(const QString &service);

private:
    QWidget *buildReloadBar();
    QWidget *buildDetails();
    void onSelectionChanged();
    void onStatusUpdated(const QVariantMap &status, bool sample);
    void onLiveChanged(bool live);
    void onReloadStarted(const QString &service);
    void onReloadFinished(const QString &service, bool ok, const QString &message, const QStringList &rolledBack);
    void updateHeader();
    void retranslate();   // on QEvent::LanguageChange; the rest follows from the models
    void changeEvent(QEvent *event) override;
    void updateReloadControls();
    void showServicesMenu(const QPoint &pos);
    void showWorkersMenu(const QPoint &pos);
    void confirmKill(qint64 pid);   // KILL cuts requests in flight: asked first, window-modal
    void showOutcome(bool ok, const QString &message);

    DaemonMonitor *m_monitor;
    ReloadController *m_reloads;
    ServiceActions *m_actions;
    MetricsHistory *m_history;
    QSortFilterProxyModel *m_serviceProxy;
    QSortFilterProxyModel *m_workerProxy;
    QTreeView *m_services;
    QTreeView *m_workers;
    GenerationsBar *m_generations;
    WorkerToolBar *m_workerBar = nullptr;
    MetricsChartView *m_fdsChart;
    MetricsChartView *m_rssChart;
    MetricsChartView *m_cpuChart;
    MetricsChartView *m_requestsChart;
    OutputDock *m_output;
    QLabel *m_title;
    QTabWidget *m_charts = nullptr;
    QLabel *m_subtitle;
    QPushButton *m_reloadService;
    QPushButton *m_reloadAll;
    QProgressBar *m_progress;
    QLabel *m_outcomeIcon;
    QLabel *m_outcome;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_detailSplitter = nullptr;
    QString m_pendingSelection;   // restored before the services arrive
};

} // namespace baton
