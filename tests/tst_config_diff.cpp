// Semantic diff and reload plan: what a reload will do, service by service.
#include "baton/ConfigDiff.h"
#include "baton/ConfigLoader.h"

#include <QTest>

using namespace baton;

namespace {

Config load(const QByteArray &text)
{
    LoadOptions options;
    options.filePath = QStringLiteral("/etc/baton/baton.toml");
    options.commandCheck = CommandCheck::Off;
    const LoadResult result = loadConfig(text, options);
    if (!result.ok())
        qFatal("test config invalid: %s", qPrintable(result.diagnostics.value(0).format(QStringLiteral("t"))));
    return *result.config;
}

const QByteArray base = R"(# base
[daemon]
bus = "session"

[service.web]
command = ["worker", "--root", "www"]
workers = 2
env = { GREETING = "hello" }
[service.web.listen]
http = "127.0.0.1:8080"
[service.web.restart]
max_restarts = 5

[service.api]
command = ["api"]
[service.api.listen]
main = "127.0.0.1:9000"
)";

QByteArray edited(const char *from, const char *to)
{
    QByteArray text = base;
    Q_ASSERT(text.contains(from));
    return text.replace(from, to);
}

} // namespace

class ConfigDiffTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plan_data();
    void plan();
    void ignoresFormattingCommentsAndTableOrder();
    void listenerOrderMatters();
    void keyChangesCarryValues();
    void daemonChangesNeedRestart();
    void metricsHistoryIsHot();
    void addedAndRemovedListeners();
};

void ConfigDiffTest::plan_data()
{
    QTest::addColumn<QByteArray>("next");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("unchanged") << base << "web" << "unchanged" << "web: unchanged";
    QTest::newRow("command") << edited("\"--root\", \"www\"", "\"--root\", \"public\"") << "web" << "new-generation"
                             << "web: new generation, because command changed";
    QTest::newRow("env") << edited("GREETING = \"hello\"", "GREETING = \"hi\"") << "web" << "new-generation"
                         << "web: new generation, because env.GREETING changed";
    QTest::newRow("listener address") << edited("127.0.0.1:8080", "127.0.0.1:8081") << "web" << "new-generation"
                                      << "web: new generation, because listen.http changed";
    QTest::newRow("ready mode") << edited("workers = 2\n", "workers = 2\nready = \"exec\"\n") << "web" << "new-generation"
                                << "web: new generation, because ready changed";
    QTest::newRow("stop signal") << edited("workers = 2\n", "workers = 2\nstop_signal = \"SIGQUIT\"\n") << "web" << "new-generation"
                                 << "web: new generation, because stop_signal changed";
    QTest::newRow("command and workers") << edited("\"www\"]\nworkers = 2", "\"pub\"]\nworkers = 3") << "web" << "new-generation"
                                         << "web: new generation, because command changed (2 → 3 workers)";
    QTest::newRow("scale") << edited("workers = 2", "workers = 4") << "web" << "scale" << "web: scale 2 → 4, no restart";
    QTest::newRow("scale and hot") << edited("workers = 2\n", "workers = 1\ndrain_timeout = \"5s\"\n") << "web" << "scale"
                                   << "web: scale 2 → 1, no restart; drain_timeout applies in place";
    QTest::newRow("hot: restart policy") << edited("max_restarts = 5", "max_restarts = 9") << "web" << "hot"
                                         << "web: applies in place, no restart (restart.max_restarts changed)";
    QTest::newRow("hot: timeouts") << edited("workers = 2\n", "workers = 2\nready_timeout = \"3s\"\ndrain_timeout = \"1m\"\n") << "web" << "hot"
                                   << "web: applies in place, no restart (ready_timeout and drain_timeout changed)";
    QTest::newRow("hot: ready_hold") << edited("workers = 2\n", "workers = 2\nready_hold = \"2s\"\n") << "web" << "hot"
                                     << "web: applies in place, no restart (ready_hold changed)";
    QTest::newRow("hot: log_rate") << edited("workers = 2\n", "workers = 2\nlog_rate = \"16MiB/s\"\n") << "web" << "hot"
                                   << "web: applies in place, no restart (log_rate changed)";
    QTest::newRow("start") << base + "[service.jobs]\ncommand = [\"jobs\"]\nworkers = 3\n[service.jobs.listen]\nq = \"127.0.0.1:9100\"\n"
                           << "jobs" << "start" << "jobs: start (new service, 3 workers)";
    QTest::newRow("stop") << base.left(base.indexOf("[service.api]")) << "api" << "stop" << "api: stop (removed), its workers drain";
}

void ConfigDiffTest::plan()
{
    QFETCH(QByteArray, next);
    QFETCH(QString, service);
    QFETCH(QString, action);
    QFETCH(QString, sentence);
    const ReloadPlan plan = planReload(load(base), load(next));
    const ServicePlan *s = plan.service(service);
    QVERIFY(s);
    QCOMPARE(serviceActionName(s->action), action);
    QCOMPARE(s->sentence, sentence);
    QVERIFY(!plan.needsRestart());
    // The other service is untouched unless it was the one removed/added.
    if (service == QLatin1String("web"))
        QCOMPARE(plan.service(QStringLiteral("api"))->action, ServiceAction::Unchanged);
}

void ConfigDiffTest::ignoresFormattingCommentsAndTableOrder()
{
    const QByteArray reformatted = R"(
# the api first, then web, different spacing and inline tables
[service.api]
listen = { main = "127.0.0.1:9000" }
command = [ "api" ]   # same argv

[daemon]
bus="session"

[service.web]
restart.max_restarts = 5
env.GREETING = "hello"
workers = 2
command = ["worker","--root","www"]
[service.web.listen]
http = "127.0.0.1:8080"
)";
    const ReloadPlan plan = planReload(load(base), load(reformatted));
    QVERIFY2(plan.isEmpty(), qPrintable(plan.sentences().join(QLatin1Char('\n'))));
    QVERIFY(diffService(load(base).services[0], load(reformatted).services[1]).isEmpty());
}

void ConfigDiffTest::listenerOrderMatters()
{
    const QByteArray two = edited("http = \"127.0.0.1:8080\"\n", "http = \"127.0.0.1:8080\"\nadmin = \"127.0.0.1:8081\"\n");
    const QByteArray swapped = edited("http = \"127.0.0.1:8080\"\n", "admin = \"127.0.0.1:8081\"\nhttp = \"127.0.0.1:8080\"\n");
    const ReloadPlan plan = planReload(load(two), load(swapped));
    QCOMPARE(plan.service(QStringLiteral("web"))->action, ServiceAction::NewGeneration);
    QCOMPARE(plan.service(QStringLiteral("web"))->sentence, QStringLiteral("web: new generation, because listener order changed"));
}

void ConfigDiffTest::keyChangesCarryValues()
{
    const auto changes = diffService(load(base).services[0], load(edited("workers = 2", "workers = 4")).services[0]);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes[0], (KeyChange{"workers", "2", "4"}));
    const auto envChanges = diffService(load(base).services[0],
                                        load(edited("GREETING = \"hello\"", "GREETING = \"hello\", DEBUG = \"1\"")).services[0]);
    QCOMPARE(envChanges, (QList<KeyChange>{{"env.DEBUG", "", "1"}}));
}

void ConfigDiffTest::daemonChangesNeedRestart()
{
    const ReloadPlan plan = planReload(load(base), load(edited("bus = \"session\"", "bus = \"system\"\ncontrol_socket = \"c.sock\"")));
    QVERIFY(plan.needsRestart());
    QVERIFY(!plan.isEmpty());
    QCOMPARE(plan.daemonChanges.size(), 2);
    QVERIFY(plan.needsReexec());
    QCOMPARE(plan.daemonSentences, (QStringList{"daemon.control_socket: re-exec: batond re-executes itself in place to apply it",
                                                "daemon.bus: re-exec: batond re-executes itself in place to apply it"}));
    QCOMPARE(plan.service(QStringLiteral("web"))->action, ServiceAction::Unchanged);
}

// metrics_history applies in place: its change alone never re-execs batond.
void ConfigDiffTest::metricsHistoryIsHot()
{
    const ReloadPlan plan = planReload(load(base), load(edited("bus = \"session\"", "bus = \"session\"\nmetrics_history = \"0\"")));
    QVERIFY(!plan.needsReexec());
    QVERIFY(!plan.isEmpty());
    QCOMPARE(plan.daemonHotChanges, (QList<KeyChange>{{"daemon.metrics_history", "10m", "0s"}}));
    QCOMPARE(plan.daemonHotSentences, (QStringList{"daemon.metrics_history: hot: applied in place"}));
    QVERIFY(plan.sentences().contains("daemon.metrics_history: hot: applied in place"));
    QVERIFY(plan.disruptiveSentences().isEmpty());
}

void ConfigDiffTest::addedAndRemovedListeners()
{
    const QByteArray added = edited("http = \"127.0.0.1:8080\"\n", "http = \"127.0.0.1:8080\"\nadmin = \"unix:admin.sock\"\n");
    const auto changes = diffService(load(base).services[0], load(added).services[0]);
    QVERIFY(changes.contains(KeyChange{"listen.admin", "", "unix:/etc/baton/admin.sock"}));
    const ReloadPlan removal = planReload(load(added), load(base));
    const auto &removed = removal.service(QStringLiteral("web"))->changes;
    QVERIFY(removed.contains(KeyChange{"listen.admin", "unix:/etc/baton/admin.sock", ""}));
    QCOMPARE(removal.service(QStringLiteral("web"))->action, ServiceAction::NewGeneration);
}

QTEST_GUILESS_MAIN(ConfigDiffTest)
#include "tst_config_diff.moc"
