// The dashboard and timeline models: precise row changes, one batched
// dataChanged per snapshot, raw values under Qt::UserRole, the crash vs
// reload distinction, and the timeline filters. No display needed.
#include "baton/EventFilterModel.h"
#include "baton/EventModel.h"
#include "baton/ServiceModel.h"
#include "baton/WorkerModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace baton;

namespace {

QVariantMap worker(qint64 pid, int generation, const QString &state = QStringLiteral("ready"), qint64 fds = -1,
                   qint64 rss = -1, qint64 uptimeMs = 1000)
{
    return {{QStringLiteral("pid"), pid},           {QStringLiteral("generation"), generation},
            {QStringLiteral("slot"), 0},            {QStringLiteral("state"), state},
            {QStringLiteral("uptime_ms"), uptimeMs}, {QStringLiteral("fds"), fds},
            {QStringLiteral("rss_bytes"), rss},     {QStringLiteral("cpu_percent"), fds < 0 ? -1.0 : 0.5},
            {QStringLiteral("status"), QStringLiteral("serving")}};
}

QVariantMap service(const QString &name, const QString &state, int generation, const QVariantList &workers, int restarts = 0)
{
    // ready_workers as batond counts it: ready workers of the serving generation.
    int ready = 0;
    for (const QVariant &w : workers)
        ready += w.toMap().value(QStringLiteral("generation")).toInt() == generation
                     && w.toMap().value(QStringLiteral("state")).toString() == QLatin1String("ready");
    return {{QStringLiteral("name"), name},
            {QStringLiteral("ready_workers"), ready},
            {QStringLiteral("state"), state},
            {QStringLiteral("generation"), generation},
            {QStringLiteral("workers_wanted"), 2},
            {QStringLiteral("restarts_in_window"), restarts},
            {QStringLiteral("generations"),
             QVariantList{QVariantMap{{QStringLiteral("number"), generation}, {QStringLiteral("role"), QStringLiteral("current")}}}},
            {QStringLiteral("workers"), workers}};
}

QVariantMap status(const QVariantList &services)
{
    return {{QStringLiteral("daemon"), QVariantMap{{QStringLiteral("state"), QStringLiteral("running")}}},
            {QStringLiteral("services"), services}};
}

QVariantMap ev(qint64 seq, const QString &kind, const QString &service = QStringLiteral("web"), const QString &message = {},
                  const QString &time = QStringLiteral("2024-05-01T10:00:00.000Z"))
{
    return {{QStringLiteral("seq"), seq},         {QStringLiteral("time"), time},
            {QStringLiteral("kind"), kind},       {QStringLiteral("service"), service},
            {QStringLiteral("generation"), 1},    {QStringLiteral("pid"), 100 + seq},
            {QStringLiteral("message"), message}};
}

QList<qint64> seqs(const QAbstractItemModel &model)
{
    QList<qint64> out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, 0).data(EventModel::SeqRole).toLongLong();
    return out;
}

} // namespace

class TestModels final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void serviceRowsInsertedAndRemovedPrecisely();
    void serviceChangeIsOneDataChanged();
    void serviceFailureIsBatondsTooltip();
    void serviceUnchangedSnapshotIsSilent();
    void serviceGenerationsCountAsGenerationCell();
    void workerMetricsOneDataChanged();
    void workerRemovalInTheMiddle();
    void workerDisplayAndRawValues();
    void workerRestartVerdictIsBatonds();
    void workerSortAndFilterThroughProxy();
    void workerClear();
    void eventMergeDedupesAndOrders();
    void eventBacklogAfterLiveEvent();
    void eventCap();
    void eventCrashVersusDeliberate_data();
    void eventCrashVersusDeliberate();
    void eventFilters();
    void eventSortByTimeUsesSeq();
};

void TestModels::serviceRowsInsertedAndRemovedPrecisely()
{
    ServiceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.updateFromStatus(status({service("web", "running", 1, {}), service("api", "running", 1, {}), service("db", "running", 1, {})}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);

    model.updateFromStatus(status({service("web", "running", 1, {}), service("db", "running", 1, {}), service("cache", "starting", 1, {})}));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);   // "api" only
    QCOMPARE(removed.at(0).at(2).toInt(), 1);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 2);   // "cache" appended
    QCOMPARE(model.names(), (QStringList{"web", "db", "cache"}));
    QCOMPARE(reset.count(), 0);
}

void TestModels::serviceChangeIsOneDataChanged()
{
    ServiceModel model;
    model.updateFromStatus(status({service("web", "running", 1, {}), service("api", "running", 1, {}), service("db", "running", 1, {})}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateFromStatus(status({service("web", "reloading", 1, {}), service("api", "running", 1, {}), service("db", "failed", 1, {}, 6)}));
    QCOMPARE(changed.count(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 0);
    QCOMPARE(topLeft.column(), int(ServiceModel::StateColumn));
    QCOMPARE(bottomRight.row(), 2);
    QCOMPARE(bottomRight.column(), int(ServiceModel::RestartsColumn));
    QCOMPARE(model.index(2, ServiceModel::StateColumn).data(Qt::UserRole).toString(), QStringLiteral("failed"));
    QCOMPARE(model.index(2, ServiceModel::RestartsColumn).data(Qt::UserRole).toInt(), 6);
    QCOMPARE(model.index(0, ServiceModel::StateColumn).data().toString(), ServiceModel::stateText(QStringLiteral("reloading")));
}

void TestModels::serviceFailureIsBatondsTooltip()
{
    ServiceModel model;
    QVariantMap web = service("web", "failed", 1, {}, 4);
    web.insert(QStringLiteral("failure"), QStringLiteral("the storm breaker is open: 4 restarts within 1m; `batonctl reset web` or a reload starts it again"));
    model.updateFromStatus(status({service("web", "failed", 1, {}, 4)}));
    QCOMPARE(model.index(0, ServiceModel::StateColumn).data(Qt::ToolTipRole), QVariant());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateFromStatus(status({web}));
    QCOMPARE(changed.count(), 1);   // the reason alone changed: the state cell, for its tooltip
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(ServiceModel::StateColumn));
    QVERIFY(model.index(0, ServiceModel::StateColumn).data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("the storm breaker is open")));
}

void TestModels::serviceUnchangedSnapshotIsSilent()
{
    ServiceModel model;
    const QVariantMap s = status({service("web", "running", 1, {worker(10, 1)})});
    model.updateFromStatus(s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.updateFromStatus(s);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
}

void TestModels::serviceGenerationsCountAsGenerationCell()
{
    ServiceModel model;
    model.updateFromStatus(status({service("web", "running", 1, {worker(10, 1)})}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVariantMap web = service("web", "reloading", 1, {worker(10, 1)});
    web.insert(QStringLiteral("generations"),
               QVariantList{QVariantMap{{"number", 1}, {"role", "current"}}, QVariantMap{{"number", 2}, {"role", "starting"}}});
    model.updateFromStatus(status({web}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(ServiceModel::StateColumn));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().column(), int(ServiceModel::GenerationColumn));
    QCOMPARE(model.index(0, 0).data(ServiceModel::GenerationsRole).toList().size(), 2);
    QCOMPARE(model.index(0, ServiceModel::WorkersColumn).data().toString(), QStringLiteral("1/2"));
}

void TestModels::workerMetricsOneDataChanged()
{
    WorkerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateFromStatus(status({service("web", "running", 1, {worker(10, 1), worker(11, 1), worker(12, 1)})}));
    QCOMPARE(model.rowCount(), 3);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.updateFromStatus(status({service("web", "running", 1,
                                           {worker(10, 1), worker(11, 1, "ready", 12, 4 << 20), worker(12, 1, "ready", 9, 3 << 20)})}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(1, WorkerModel::FdsColumn));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(2, WorkerModel::CpuColumn));
}

void TestModels::workerRemovalInTheMiddle()
{
    WorkerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateFromStatus(status({service("web", "reloading", 2, {worker(10, 1), worker(11, 1), worker(20, 2), worker(21, 2)})}));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.updateFromStatus(status({service("web", "running", 2, {worker(10, 1), worker(21, 2), worker(30, 2)})}));
    QCOMPARE(removed.count(), 1);   // 11 and 20 are adjacent: one block
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowOfPid(10), 0);
    QCOMPARE(model.rowOfPid(21), 1);
    QCOMPARE(model.rowOfPid(30), 2);
}

void TestModels::workerDisplayAndRawValues()
{
    WorkerModel model;
    model.updateFromStatus(status({service("web", "running", 3, {worker(10, 3), worker(11, 3, "draining", 17, 5 << 20, 3723000)})}));
    QCOMPARE(model.index(0, WorkerModel::FdsColumn).data().toString(), QStringLiteral("–"));
    QCOMPARE(model.index(0, WorkerModel::FdsColumn).data(Qt::UserRole).toLongLong(), -1);
    QCOMPARE(model.index(1, WorkerModel::FdsColumn).data().toString(), QStringLiteral("17"));
    QCOMPARE(model.index(1, WorkerModel::RssColumn).data(Qt::UserRole).toLongLong(), qint64(5 << 20));
    QVERIFY(model.index(1, WorkerModel::RssColumn).data().toString().contains(QStringLiteral("MiB")));
    QCOMPARE(model.index(1, WorkerModel::UptimeColumn).data().toString(), WorkerModel::formatUptime(3723000));
    QCOMPARE(model.index(1, WorkerModel::UptimeColumn).data(Qt::UserRole).toLongLong(), 3723000);
    QCOMPARE(model.index(1, WorkerModel::StateColumn).data(Qt::UserRole).toString(), QStringLiteral("draining"));
    QCOMPARE(model.index(1, WorkerModel::ServiceColumn).data(Qt::UserRole).toString(), QStringLiteral("web"));
    QCOMPARE(model.index(1, WorkerModel::StatusColumn).data().toString(), QStringLiteral("serving"));
    QCOMPARE(WorkerModel::formatUptime(45000), WorkerModel::tr("%1 s").arg(45));
}

void TestModels::workerRestartVerdictIsBatonds()
{
    // The Restart action follows restart_refused, batond's words; a change of
    // it alone is a change of the state cell, in the tick's one dataChanged.
    WorkerModel model;
    QVariantMap busy = worker(10, 1);
    busy.insert(QStringLiteral("restart_refused"), QStringLiteral("worker 10 is being restarted already"));
    model.updateFromStatus(status({service("web", "running", 1, {busy, worker(11, 1)})}));
    QCOMPARE(model.index(0, 0).data(WorkerModel::RestartRefusalRole).toString(), QStringLiteral("worker 10 is being restarted already"));
    QCOMPARE(model.index(1, 0).data(WorkerModel::RestartRefusalRole).toString(), QString());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateFromStatus(status({service("web", "running", 1, {worker(10, 1), worker(11, 1)})}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(0, WorkerModel::StateColumn));
    QCOMPARE(model.index(0, 0).data(WorkerModel::RestartRefusalRole).toString(), QString());
}

void TestModels::workerSortAndFilterThroughProxy()
{
    WorkerModel model;
    model.updateFromStatus(status({service("web", "running", 1, {worker(10, 1, "ready", 5, 300), worker(11, 1, "ready", 5, 100)}),
                                   service("api", "running", 1, {worker(9, 1, "ready", 5, 200)})}));
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(Qt::UserRole);
    proxy.sort(WorkerModel::RssColumn);
    QCOMPARE(proxy.index(0, WorkerModel::PidColumn).data(Qt::UserRole).toLongLong(), 11);   // 100 bytes, not "100 B" < "200 B" by text
    QCOMPARE(proxy.index(2, WorkerModel::PidColumn).data(Qt::UserRole).toLongLong(), 10);
    proxy.setFilterRole(Qt::UserRole);
    proxy.setFilterKeyColumn(WorkerModel::ServiceColumn);
    proxy.setFilterFixedString(QStringLiteral("api"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, WorkerModel::PidColumn).data(Qt::UserRole).toLongLong(), 9);
}

void TestModels::workerClear()
{
    WorkerModel model;
    model.updateFromStatus(status({service("web", "running", 1, {worker(10, 1), worker(11, 1)})}));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(removed.count(), 1);
}

void TestModels::eventMergeDedupesAndOrders()
{
    EventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.mergeEvents({ev(1, "spawn"), ev(2, "ready"), ev(3, "spawn")}), 3);
    QCOMPARE(model.mergeEvents({ev(2, "ready"), ev(3, "spawn"), ev(4, "exit")}), 1);
    model.addEvent(ev(4, "exit"));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.lastSeq(), 4);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4}));
}

void TestModels::eventBacklogAfterLiveEvent()
{
    EventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addEvent(ev(10, "ready"));   // live, raced ahead of the backlog
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.mergeEvents({ev(7, "spawn"), ev(8, "spawn"), ev(9, "ready"), ev(10, "ready")}), 3);
    QCOMPARE(inserted.count(), 1);   // one block in front
    QCOMPARE(seqs(model), (QList<qint64>{7, 8, 9, 10}));
    model.mergeEvents({ev(5, "spawn"), ev(12, "spawn")});
    QCOMPARE(seqs(model), (QList<qint64>{5, 7, 8, 9, 10, 12}));
}

void TestModels::eventCap()
{
    EventModel model;
    model.setMaxEvents(3);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.mergeEvents({ev(1, "spawn"), ev(2, "spawn"), ev(3, "spawn"), ev(4, "spawn"), ev(5, "spawn")});
    QCOMPARE(seqs(model), (QList<qint64>{3, 4, 5}));
    QCOMPARE(removed.count(), 1);
}

void TestModels::eventCrashVersusDeliberate_data()
{
    QTest::addColumn<QVariantMap>("event");
    QTest::addColumn<int>("category");
    QTest::newRow("crash") << ev(1, "exit", "web", "killed by SIGKILL after 5000 ms (ready)") << int(EventModel::Category::Crash);
    QTest::newRow("crash with reason") << ev(1, "exit", "web", "exited with status 3 after 12 ms (starting)")
                                       << int(EventModel::Category::Crash);
    QTest::newRow("drained") << ev(1, "exit", "web", "exited with status 0 after 900 ms (draining)")
                             << int(EventModel::Category::Lifecycle);
    auto withCause = [](QVariantMap e, const char *cause) { e.insert(QStringLiteral("cause"), QString::fromLatin1(cause)); return e; };
    // The daemon's cause decides, not the wording of the message.
    QTest::newRow("cause crash") << withCause(ev(1, "exit", "web", "exited with status 0 after 9 ms (draining, crash)"), "crash")
                                 << int(EventModel::Category::Crash);
    QTest::newRow("cause drained") << withCause(ev(1, "exit", "web", "exited with status 0 after 9 ms (draining, drained)"), "drained")
                                   << int(EventModel::Category::Lifecycle);
    QTest::newRow("cause killed-rollback") << withCause(ev(1, "exit", "web", "killed by SIGKILL after 9 ms (starting)"), "killed-rollback")
                                           << int(EventModel::Category::Lifecycle);
    QTest::newRow("cause killed-drain-deadline") << withCause(ev(1, "exit", "web", "killed by SIGKILL"), "killed-drain-deadline")
                                                 << int(EventModel::Category::Lifecycle);
    QTest::newRow("cause outside signal") << withCause(ev(1, "exit", "web", "killed by SIGKILL"), "signal-not-from-batond")
                                          << int(EventModel::Category::Crash);
    QTest::newRow("cause oom") << withCause(ev(1, "exit", "web", "killed by SIGKILL"), "oom-killed") << int(EventModel::Category::Crash);
    QTest::newRow("cause watchdog") << withCause(ev(1, "exit", "web", "killed by SIGKILL"), "killed-watchdog") << int(EventModel::Category::Crash);
    QTest::newRow("kill by batond") << withCause(ev(1, "kill", "web", "SIGKILL: rolled back"), "killed-rollback")
                                    << int(EventModel::Category::Lifecycle);
    QTest::newRow("reload") << ev(1, "reload-started") << int(EventModel::Category::Reload);
    QTest::newRow("gen ready") << ev(1, "generation-ready") << int(EventModel::Category::Reload);
    QTest::newRow("rolled back") << ev(1, "reload-rolled-back") << int(EventModel::Category::Rollback);
    QVariantMap finishedRolledBack = ev(1, "reload-finished");
    finishedRolledBack.insert(QStringLiteral("reason"), QStringLiteral("web"));
    QTest::newRow("finished, rolled back") << finishedRolledBack << int(EventModel::Category::Rollback);
    QTest::newRow("finished") << ev(1, "reload-finished") << int(EventModel::Category::Reload);
    QTest::newRow("restart") << ev(1, "restart-scheduled") << int(EventModel::Category::Restart);
    QTest::newRow("breaker") << ev(1, "storm-breaker") << int(EventModel::Category::StormBreaker);
    QTest::newRow("applied") << ev(1, "config-applied", "") << int(EventModel::Category::Config);
    QTest::newRow("daemon") << ev(1, "daemon-started", "") << int(EventModel::Category::Daemon);
    QTest::newRow("spawn") << ev(1, "spawn") << int(EventModel::Category::Lifecycle);
}

void TestModels::eventCrashVersusDeliberate()
{
    QFETCH(QVariantMap, event);
    QFETCH(int, category);
    QCOMPARE(int(EventModel::category(event)), category);
    EventModel model;
    model.addEvent(event);
    QCOMPARE(model.index(0, EventModel::KindColumn).data(EventModel::CategoryRole).toInt(), category);
}

void TestModels::eventFilters()
{
    EventModel model;
    model.mergeEvents({ev(1, "spawn", "web", "spawned worker", "2024-05-01T10:00:00.000Z"),
                       ev(2, "exit", "web", "killed by SIGSEGV after 10 ms (ready)", "2024-05-01T10:05:00.000Z"),
                       ev(3, "reload-started", "api", "starting generation 2", "2024-05-01T10:10:00.000Z"),
                       ev(4, "exit", "api", "exited with status 0 after 10 ms (draining)", "2024-05-01T10:15:00.000Z")});
    EventFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(&model);
    QCOMPARE(filter.rowCount(), 4);

    filter.setService(QStringLiteral("web"));
    QCOMPARE(seqs(filter), (QList<qint64>{1, 2}));
    filter.setService({});

    filter.setCategory(EventModel::Category::Crash);
    QCOMPARE(seqs(filter), (QList<qint64>{2}));
    filter.setCategory(std::nullopt);

    filter.setKind(QStringLiteral("exit"));
    QCOMPARE(seqs(filter), (QList<qint64>{2, 4}));
    filter.setKind({});

    filter.setTimeRange(QDateTime::fromString(QStringLiteral("2024-05-01T10:04:00Z"), Qt::ISODate),
                        QDateTime::fromString(QStringLiteral("2024-05-01T10:11:00Z"), Qt::ISODate));
    QCOMPARE(seqs(filter), (QList<qint64>{2, 3}));
    filter.setTimeRange({});

    filter.setSearchText(QStringLiteral("sigsegv"));
    QCOMPARE(seqs(filter), (QList<qint64>{2}));
    filter.setSearchText(QStringLiteral("generation 2"));
    QCOMPARE(seqs(filter), (QList<qint64>{3}));
    filter.setSearchText(QStringLiteral("104"));   // a PID
    QCOMPARE(seqs(filter), (QList<qint64>{4}));
    filter.setSearchText({});

    // Live events pass the filters too.
    filter.setService(QStringLiteral("web"));
    model.addEvent(ev(5, "ready", "web"));
    model.addEvent(ev(6, "ready", "api"));
    QCOMPARE(seqs(filter), (QList<qint64>{1, 2, 5}));
}

void TestModels::eventSortByTimeUsesSeq()
{
    EventModel model;
    // Same millisecond: only seq knows the order.
    model.mergeEvents({ev(1, "spawn"), ev(2, "ready"), ev(3, "exit", "web", "x (ready)")});
    EventFilterModel filter;
    filter.setSourceModel(&model);
    filter.sort(EventModel::TimeColumn, Qt::DescendingOrder);
    QCOMPARE(seqs(filter), (QList<qint64>{3, 2, 1}));
    model.addEvent(ev(4, "spawn"));
    QCOMPARE(seqs(filter), (QList<qint64>{4, 3, 2, 1}));
}

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
