#include "DashboardPage.h"

#include "ControlClient.h"
#include "DaemonMonitor.h"
#include "DecoratedModel.h"
#include "GenerationsBar.h"
#include "Icons.h"
#include "MetricsChartView.h"
#include "MetricsHistory.h"
#include "OutputDock.h"
#include "ReloadController.h"
#include "ServiceActions.h"
#include "WorkerToolBar.h"
#include "baton/EventModel.h"
#include "baton/ServiceModel.h"
#include "baton/WorkerModel.h"

#include <QDataStream>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

namespace baton {

namespace {

constexpr quint32 StateMagic = 0xBA70DA01;

QTreeView *makeTable(QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSortingEnabled(true);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->header()->setStretchLastSection(true);
    view->header()->setSortIndicatorShown(true);
    return view;
}

} // namespace

DashboardPage::DashboardPage(DaemonMonitor *monitor, ReloadController *reloads, ServiceActions *actions, LogFeed *logs,
                             QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_reloads(reloads), m_actions(actions), m_history(new MetricsHistory(this)),
      m_serviceProxy(new QSortFilterProxyModel(this)), m_workerProxy(new QSortFilterProxyModel(this)), m_output(new OutputDock(logs, this))
{
    // Services: state badge (icon and colour) on the state column.
    auto *services = new DecoratedModel([this](const QModelIndex &source, int role) -> QVariant {
        if (source.column() != ServiceModel::StateColumn)
            return {};
        const QString state = source.data(ServiceModel::StateRole).toString();
        if (role == Qt::DecorationRole)
            return icons::serviceState(state);
        if (role == Qt::ForegroundRole)
            return icons::serviceStateColor(state, palette());
        return {};
    }, this);
    services->setSourceModel(monitor->services());
    m_serviceProxy->setSourceModel(services);
    m_serviceProxy->setSortRole(ServiceModel::UnderlyingDataRole);

    auto *workers = new DecoratedModel([](const QModelIndex &source, int role) -> QVariant {
        if (source.column() == WorkerModel::StateColumn && role == Qt::DecorationRole)
            return icons::workerState(source.data(WorkerModel::UnderlyingDataRole).toString());
        return {};
    }, this);
    workers->setSourceModel(monitor->workers());
    m_workerProxy->setSourceModel(workers);
    m_workerProxy->setSortRole(WorkerModel::UnderlyingDataRole);
    m_workerProxy->setFilterRole(WorkerModel::UnderlyingDataRole);
    m_workerProxy->setFilterKeyColumn(WorkerModel::ServiceColumn);

    m_services = makeTable(this);
    m_services->setModel(m_serviceProxy);
    m_services->sortByColumn(ServiceModel::NameColumn, Qt::AscendingOrder);
    m_services->setContextMenuPolicy(Qt::CustomContextMenu);
    m_services->setMinimumWidth(240);
    m_services->header()->setStretchLastSection(false);
    m_services->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_services->header()->setSectionResizeMode(ServiceModel::NameColumn, QHeaderView::Stretch);
    connect(m_services, &QWidget::customContextMenuRequested, this, &DashboardPage::showServicesMenu);
    connect(m_services->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DashboardPage::onSelectionChanged);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(m_services);
    m_mainSplitter->addWidget(buildDetails());
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({280, 1000});   // the details need the width (worker columns, charts)

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildReloadBar());
    layout->addWidget(m_mainSplitter, 1);

    connect(monitor, &DaemonMonitor::statusUpdated, this, &DashboardPage::onStatusUpdated);
    connect(monitor, &DaemonMonitor::liveChanged, this, &DashboardPage::onLiveChanged);
    connect(monitor, &DaemonMonitor::endpointChanged, m_history, &MetricsHistory::clear);
    connect(monitor, &DaemonMonitor::historyLoaded, this, [this](const records::MetricsHistory &history) {
        m_history->loadHistory(history, QDateTime::currentMSecsSinceEpoch());
    });
    connect(monitor, &DaemonMonitor::liveEvent, this, [this](const QVariantMap &event) {
        if (EventModel::category(event) == EventModel::Category::Crash)
            m_history->noteCrash(event.value(QStringLiteral("service")).toString(), event.value(QStringLiteral("pid")).toLongLong(),
                                 QDateTime::currentMSecsSinceEpoch());
    });
    connect(m_serviceProxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_services->currentIndex().isValid())
            return;
        selectService(m_pendingSelection);
        if (!m_services->currentIndex().isValid() && m_serviceProxy->rowCount() > 0)
            m_services->setCurrentIndex(m_serviceProxy->index(0, 0));
    });
    connect(actions, &ServiceActions::started, this, [this](const QString &what) {
        m_outcomeIcon->setPixmap(icons::pixmap(icons::overall(DaemonMonitor::Overall::Reloading), m_outcomeIcon, 16));
        m_outcome->setText(what);
    });
    connect(actions, &ServiceActions::finished, this, &DashboardPage::showOutcome);
    connect(reloads, &ReloadController::started, this, &DashboardPage::onReloadStarted);
    connect(reloads, &ReloadController::finished, this,
            [this](const QString &service, bool ok, const QString &message, const QStringList &rolledBack) {
                onReloadFinished(service, ok, message, rolledBack);
            });
    onLiveChanged(monitor->isLive());
    retranslate();
}

QWidget *DashboardPage::buildReloadBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_outcomeIcon = new QLabel(bar);
    m_outcome = new QLabel(bar);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(bar);
    m_progress->setRange(0, 0);   // batond reports no percentage: busy until it answers
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();
    // Texts: retranslate().
    m_reloadService = new QPushButton(icons::themed("view-refresh", "action-reload.svg"), QString(), bar);
    m_reloadAll = new QPushButton(icons::themed("view-refresh", "action-reload.svg"), QString(), bar);
    connect(m_reloadService, &QPushButton::clicked, this, &DashboardPage::reloadSelected);
    connect(m_reloadAll, &QPushButton::clicked, this, &DashboardPage::reloadAll);
    layout->addWidget(m_outcomeIcon);
    layout->addWidget(m_outcome, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_reloadService);
    layout->addWidget(m_reloadAll);
    return bar;
}

QWidget *DashboardPage::buildDetails()
{
    auto *details = new QWidget(this);
    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(0, 0, 0, 0);

    m_title = new QLabel(details);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_subtitle = new QLabel(details);
    m_subtitle->setTextFormat(Qt::RichText);
    // The selected worker's actions sit in the title row: no height taken
    // from the table and the charts at 1024×640.
    m_workerBar = new WorkerToolBar(details);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addWidget(m_subtitle, 1);
    header->addWidget(m_workerBar);
    layout->addLayout(header);

    m_generations = new GenerationsBar(details);
    layout->addWidget(m_generations);

    m_workers = makeTable(details);
    m_workers->setModel(m_workerProxy);
    m_workers->sortByColumn(WorkerModel::GenerationColumn, Qt::DescendingOrder);
    m_workers->setColumnHidden(WorkerModel::ServiceColumn, true);
    m_workers->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_workers, &QWidget::customContextMenuRequested, this, &DashboardPage::showWorkersMenu);
    const auto updateWorkerBar = [this] {
        const QModelIndexList rows = m_workers->selectionModel()->selectedRows();
        m_workerBar->setCurrent(rows.isEmpty() ? QModelIndex() : rows.first(), m_monitor->isLive());
    };
    connect(m_workers->selectionModel(), &QItemSelectionModel::selectionChanged, this, updateWorkerBar);
    connect(m_workerProxy, &QAbstractItemModel::dataChanged, this, updateWorkerBar);   // one batch per tick
    connect(m_workerProxy, &QAbstractItemModel::rowsRemoved, this, updateWorkerBar);
    connect(m_workerProxy, &QAbstractItemModel::modelReset, this, updateWorkerBar);
    connect(m_monitor, &DaemonMonitor::liveChanged, this, updateWorkerBar);
    connect(m_workerBar, &WorkerToolBar::restartRequested, this, [this](qint64 pid) { m_actions->restartWorker(pid); });
    connect(m_workerBar, &WorkerToolBar::signalRequested, this, [this](qint64 pid, const QString &signal) {
        if (signal == QLatin1String("KILL"))
            confirmKill(pid);
        else
            m_actions->signalWorker(pid, signal);
    });
    connect(m_workerBar, &WorkerToolBar::showOutputRequested, this, &DashboardPage::showOutputRequested);
    m_workers->header()->setSectionResizeMode(QHeaderView::Interactive);
    // Widths that keep PID … CPU and the start of Status in view at
    // 1024×640 (the header's texts decide the minimum).
    const QFontMetrics fm(m_workers->header()->font());
    const auto fit = [&](int column, const QString &sample) {
        const QString header = m_workerProxy->headerData(column, Qt::Horizontal).toString();
        m_workers->header()->resizeSection(column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(header)) + 24);
    };
    fit(WorkerModel::PidColumn, QStringLiteral("4194304"));
    fit(WorkerModel::GenerationColumn, QStringLiteral("999"));
    fit(WorkerModel::StateColumn, QStringLiteral("● lingering"));
    fit(WorkerModel::UptimeColumn, QStringLiteral("59 min"));
    fit(WorkerModel::FdsColumn, QStringLiteral("9999"));
    fit(WorkerModel::RssColumn, QStringLiteral("999.9 MiB"));
    fit(WorkerModel::CpuColumn, QStringLiteral("100.0 %"));

    // One chart at a time, at the full width: three side by side left each
    // too narrow for its axis labels and legend below about 1600 pixels.
    auto *charts = m_charts = new QTabWidget(details);
    charts->setObjectName(QStringLiteral("charts"));
    charts->setDocumentMode(true);
    m_fdsChart = new MetricsChartView(m_history, MetricsHistory::Metric::Fds, charts);
    m_rssChart = new MetricsChartView(m_history, MetricsHistory::Metric::Rss, charts);
    m_cpuChart = new MetricsChartView(m_history, MetricsHistory::Metric::Cpu, charts);
    m_requestsChart = new MetricsChartView(m_history, MetricsHistory::Metric::Requests, charts);
    charts->addTab(m_fdsChart, QString());   // titles: retranslate()
    charts->addTab(m_rssChart, QString());
    charts->addTab(m_cpuChart, QString());
    charts->addTab(m_requestsChart, QString());

    m_detailSplitter = new QSplitter(Qt::Vertical, details);
    m_detailSplitter->setChildrenCollapsible(false);
    m_detailSplitter->addWidget(m_workers);
    m_detailSplitter->addWidget(charts);
    m_detailSplitter->addWidget(m_output);
    // Shared out in proportion when the window is short: most to the chart,
    // whose plot is what shrinks first; a few worker rows stay readable.
    m_detailSplitter->setSizes({150, 300, 180});
    connect(m_output, &OutputDock::openRequested, this, &DashboardPage::openLogsRequested);

    layout->addWidget(m_detailSplitter, 1);
    return details;
}

QString DashboardPage::selectedService() const
{
    return m_services->currentIndex().data(ServiceModel::NameRole).toString();
}

void DashboardPage::selectService(const QString &name)
{
    m_pendingSelection = name;
    for (int row = 0; row < m_serviceProxy->rowCount(); ++row) {
        const QModelIndex index = m_serviceProxy->index(row, 0);
        if (index.data(ServiceModel::NameRole).toString() == name) {
            m_services->setCurrentIndex(index);
            return;
        }
    }
}

void DashboardPage::onSelectionChanged()
{
    const QString name = selectedService();
    if (!name.isEmpty())
        m_pendingSelection = name;
    // An exact match: "web" must not also show "web2".
    m_workerProxy->setFilterRegularExpression(
        name.isEmpty() ? QRegularExpression() : QRegularExpression(QStringLiteral("^%1$").arg(QRegularExpression::escape(name))));
    m_fdsChart->setService(name);
    m_rssChart->setService(name);
    m_cpuChart->setService(name);
    m_requestsChart->setService(name);
    m_output->setService(name);
    updateHeader();
    updateReloadControls();
    Q_EMIT selectedServiceChanged(name);
}

void DashboardPage::onStatusUpdated(const QVariantMap &status, bool sample)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (sample)
        m_history->addSample(status, now);
    else
        m_history->noteGenerations(status, now);
    updateHeader();
    updateReloadControls();
}

void DashboardPage::retranslate()
{
    m_reloadService->setToolTip(tr("Start a new generation of the selected service (Ctrl+R)"));
    m_reloadAll->setText(tr("Reload All"));
    m_reloadAll->setToolTip(tr("Re-read the configuration and give every service a new generation"));
    m_charts->setTabText(m_charts->indexOf(m_fdsChart), tr("File descriptors"));
    m_charts->setTabText(m_charts->indexOf(m_rssChart), tr("Memory"));
    m_charts->setTabText(m_charts->indexOf(m_cpuChart), tr("CPU"));
    m_charts->setTabText(m_charts->indexOf(m_requestsChart), tr("Requests/s"));
    if (!m_monitor->isLive())
        m_outcome->setText(tr("Not connected: nothing on this page is live."));
    updateHeader();
    updateReloadControls();
}

void DashboardPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void DashboardPage::onLiveChanged(bool live)
{
    m_fdsChart->setLive(live);
    m_rssChart->setLive(live);
    m_cpuChart->setLive(live);
    m_requestsChart->setLive(live);
    if (!live) {
        m_generations->setService({});
        m_outcomeIcon->clear();
        m_outcome->setText(tr("Not connected: nothing on this page is live."));
    } else if (!m_reloads->anyRunning()) {
        m_outcome->clear();
    }
    updateHeader();
    updateReloadControls();
}

void DashboardPage::updateHeader()
{
    const QString name = selectedService();
    const QVariantMap service = m_monitor->services()->service(name);
    if (name.isEmpty() || service.isEmpty()) {
        m_title->setText(m_monitor->isLive() ? tr("No service selected") : tr("Offline"));
        m_subtitle->clear();
        m_generations->setService({});
        return;
    }
    m_title->setText(name);
    const QString state = service.value(QStringLiteral("state")).toString();
    const QColor color = icons::serviceStateColor(state, palette());
    const QString stateText = service.value(QStringLiteral("stopped_by_request")).toBool() ? tr("stopped by request")
                                                                                           : ServiceModel::stateText(state);
    QString text = QStringLiteral("<span style=\"color:%1; font-weight:bold\">%2</span>")
                       .arg(color.name(), stateText.toHtmlEscaped());
    const int restarts = service.value(QStringLiteral("restarts_in_window")).toInt();
    text += QStringLiteral(" · ") + tr("restarts in the window: %1").arg(restarts).toHtmlEscaped();
    if (state == QLatin1String("failed"))
        text += QStringLiteral(" · ") + tr("storm breaker open: reload or reset to restart").toHtmlEscaped();
    m_subtitle->setText(text);
    m_generations->setService(service);
}

void DashboardPage::updateReloadControls()
{
    const bool live = m_monitor->isLive();
    const QString name = selectedService();
    m_reloadService->setText(name.isEmpty() ? tr("Reload") : tr("Reload %1").arg(name));
    m_reloadService->setEnabled(live && !name.isEmpty() && !m_reloads->isRunning(name));
    m_reloadAll->setEnabled(live && !m_reloads->isRunning(QString()));
    m_progress->setVisible(m_reloads->anyRunning());
}

void DashboardPage::reloadSelected()
{
    const QString name = selectedService();
    if (!name.isEmpty() && m_monitor->isLive())
        m_reloads->reload(name);
}

void DashboardPage::reloadAll()
{
    if (m_monitor->isLive())
        m_reloads->reload(QString());
}

void DashboardPage::onReloadStarted(const QString &service)
{
    m_outcomeIcon->setPixmap(icons::pixmap(icons::overall(DaemonMonitor::Overall::Reloading), m_outcomeIcon, 16));
    m_outcome->setText(tr("Reloading %1…").arg(ReloadController::targetText(service)));
    updateReloadControls();
}

void DashboardPage::onReloadFinished(const QString &service, bool ok, const QString &message, const QStringList &rolledBack)
{
    Q_UNUSED(service);
    // What the daemon did is the OutcomeBanner's (from its events, so it is
    // replaced by the next outcome); here only what no event tells: a call
    // refused or lost. A rejection is both, and says the same.
    m_outcomeIcon->clear();
    m_outcome->clear();
    if (!ok && rolledBack.isEmpty()) {
        m_outcomeIcon->setPixmap(icons::pixmap(icons::overall(DaemonMonitor::Overall::Failed), m_outcomeIcon, 16));
        m_outcome->setText(message);
    }
    updateReloadControls();
}

// The outcome of a worker or service action (restart, signal, stop, start):
// no reload event tells it, so it is shown here.
void DashboardPage::showOutcome(bool ok, const QString &message)
{
    m_outcomeIcon->setPixmap(icons::pixmap(icons::overall(ok ? DaemonMonitor::Overall::Ok : DaemonMonitor::Overall::Failed), m_outcomeIcon, 16));
    m_outcome->setText(message);
}

void DashboardPage::showServicesMenu(const QPoint &pos)
{
    const QModelIndex index = m_services->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu menu(this);
    populateServiceMenu(menu, index.data(ServiceModel::NameRole).toString());
    menu.exec(m_services->viewport()->mapToGlobal(pos));
}

bool DashboardPage::canStop(const QString &service) const
{
    const QVariantMap s = m_monitor->services()->service(service);
    const QString state = s.value(QStringLiteral("state")).toString();
    return m_monitor->isLive() && !s.isEmpty() && !s.value(QStringLiteral("stopped_by_request")).toBool()
           && state != QLatin1String("stopping") && state != QLatin1String("stopped");
}

bool DashboardPage::canStart(const QString &service) const
{
    return m_monitor->isLive() && m_monitor->services()->service(service).value(QStringLiteral("stopped_by_request")).toBool();
}

bool DashboardPage::canReset(const QString &service) const
{
    return m_monitor->isLive() && m_monitor->services()->service(service).value(QStringLiteral("state")).toString() == QLatin1String("failed");
}

void DashboardPage::populateServiceMenu(QMenu &menu, const QString &name)
{
    QAction *reload = menu.addAction(icons::themed("view-refresh", "action-reload.svg"), tr("Reload %1").arg(name),
                                     this, [this, name] { m_reloads->reload(name); });
    reload->setEnabled(m_monitor->isLive() && !m_reloads->isRunning(name) && !canStart(name));
    menu.addAction(tr("Stop %1").arg(name), this, [this, name] { m_actions->stopService(name); })->setEnabled(canStop(name));
    menu.addAction(tr("Start %1").arg(name), this, [this, name] { m_actions->startService(name); })->setEnabled(canStart(name));
    menu.addAction(tr("Reset %1 (close the storm breaker)").arg(name), this, [this, name] { m_actions->resetService(name); })
        ->setEnabled(canReset(name));
    menu.addSeparator();
    QAction *scale = menu.addAction(tr("Scale %1…").arg(name), this, [this, name] { Q_EMIT scaleRequested(name); });
    scale->setToolTip(tr("Change the worker count in the configuration editor; Apply after the plan"));
    scale->setEnabled(m_monitor->isLive() && !name.isEmpty());
}

void DashboardPage::stopSelected()
{
    if (canStop(selectedService()))
        m_actions->stopService(selectedService());
}

void DashboardPage::startSelected()
{
    if (canStart(selectedService()))
        m_actions->startService(selectedService());
}

void DashboardPage::resetSelected()
{
    if (canReset(selectedService()))
        m_actions->resetService(selectedService());
}

void DashboardPage::populateWorkerMenu(QMenu &menu, const QModelIndex &index)
{
    const qint64 pid = index.siblingAtColumn(WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    const QString refusal = index.data(WorkerModel::RestartRefusalRole).toString();
    const bool live = m_monitor->isLive() && pid > 0;
    QAction *restart = menu.addAction(icons::themed("view-refresh", "action-reload.svg"), tr("Restart Worker %1").arg(pid),
                                      this, [this, pid] { m_actions->restartWorker(pid); });
    // Whether batond would restart it is batond's rule (restart_refused), not ours.
    restart->setToolTip(refusal.isEmpty() ? tr("Start a replacement; once it is ready, this worker drains")
                                          : tr("batond would not restart it now: %1").arg(refusal));
    restart->setEnabled(live && refusal.isEmpty());
    QMenu *send = menu.addMenu(tr("Send Signal"));
    send->setEnabled(live);
    for (const QString &signal : ServiceActions::workerSignals()) {
        send->addAction(QStringLiteral("SIG%1").arg(signal), this, [this, pid, signal] {
            if (signal == QLatin1String("KILL"))
                confirmKill(pid);
            else
                m_actions->signalWorker(pid, signal);
        });
    }
}

void DashboardPage::confirmKill(qint64 pid)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Kill Worker %1?").arg(pid),
                                tr("SIGKILL ends worker %1 at once: the requests it is serving are cut off. "
                                   "Its slot is refilled right away.").arg(pid),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmKill"));
    QPushButton *kill = box->addButton(tr("Kill"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, kill, pid] {
        if (box->clickedButton() == kill)
            m_actions->signalWorker(pid, QStringLiteral("KILL"));
    });
    box->open();   // window-modal, without a nested event loop
}

// The worker menu, built in one place: Show output, then the actions.
QMenu *DashboardPage::createWorkerMenu(const QModelIndex &index, QWidget *parent)
{
    const QModelIndex row = index.siblingAtColumn(0);
    const qint64 pid = row.siblingAtColumn(WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    const int generation = row.siblingAtColumn(WorkerModel::GenerationColumn).data(WorkerModel::UnderlyingDataRole).toInt();
    const QString service = row.siblingAtColumn(WorkerModel::ServiceColumn).data(WorkerModel::UnderlyingDataRole).toString();
    auto *menu = new QMenu(parent);
    QAction *output = menu->addAction(icons::themed("utilities-log-viewer", "action-logs.svg"), tr("Show output of PID %1").arg(pid));
    output->setObjectName(QStringLiteral("showOutput"));
    connect(output, &QAction::triggered, this, [this, service, generation, pid] { Q_EMIT showOutputRequested(service, generation, pid); });
    menu->addSeparator();
    populateWorkerMenu(*menu, row);
    return menu;
}

void DashboardPage::showWorkersMenu(const QPoint &pos)
{
    const QModelIndex index = m_workers->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu *menu = createWorkerMenu(index, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_workers->viewport()->mapToGlobal(pos));
}

QByteArray DashboardPage::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateMagic << m_mainSplitter->saveState() << m_detailSplitter->saveState() << m_services->header()->saveState()
        << m_workers->header()->saveState() << m_pendingSelection;
    return state;
}

bool DashboardPage::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray main, detail, servicesHeader, workersHeader;
    QString selection;
    in >> magic >> main >> detail >> servicesHeader >> workersHeader >> selection;
    if (magic != StateMagic || in.status() != QDataStream::Ok)
        return false;
    m_mainSplitter->restoreState(main);
    m_detailSplitter->restoreState(detail);
    m_services->header()->restoreState(servicesHeader);
    m_workers->header()->restoreState(workersHeader);
    m_workers->setColumnHidden(WorkerModel::ServiceColumn, true);
    m_pendingSelection = selection;
    return true;
}

} // namespace baton
