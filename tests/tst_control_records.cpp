// Every control-protocol record survives toVariant -> JSON -> fromVariant
// (the path of a JSON-RPC answer) unchanged.
#include "baton/ControlRecords.h"
#include "baton/Event.h"
#include "baton/LogBuffer.h"
#include "baton/MetricsRecords.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace baton;
using namespace baton::records;

namespace {

QVariant throughJson(const QVariantMap &map)
{
    const QByteArray bytes = QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact);
    return QJsonDocument::fromJson(bytes).object().toVariantMap();
}

Service sampleService()
{
    Service s;
    s.name = QStringLiteral("web");
    s.state = QStringLiteral("reloading");
    s.generation = 3;
    s.workersWanted = 2;
    s.readyWorkers = 1;
    s.restartsInWindow = 2;
    s.nextRestartDelayMs = 400;
    s.generations = {Generation{3, QStringLiteral("current"), 2, 1, std::nullopt}, Generation{2, QStringLiteral("draining"), 1, 0, qint64(1200)}};
    s.workers = {Worker{101, 3, 0, QStringLiteral("ready"), 5000, QStringLiteral("serving"), 7, 1 << 20, 1.5, {}, {}},
                 Worker{102, 3, 1, QStringLiteral("starting"), 20, QString(), -1, -1, -1.0, {},
                        QStringLiteral("worker 102 is starting, not ready")},
                 Worker{90, 2, 0, QStringLiteral("lingering"), 90000, QStringLiteral("bye"), 4, 4096, 0.0, {},
                        QStringLiteral("worker 90 is not in the serving generation; reload instead")}};
    s.extra.insert(QStringLiteral("log"), QVariantMap{{QStringLiteral("lines"), 12}});
    return s;
}

} // namespace

class TestControlRecords final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void workerRoundTrip()
    {
        const Worker w = sampleService().workers.first();
        QCOMPARE(Worker::fromVariant(throughJson(w.toVariant())), w);
        QVERIFY(!Worker::fromVariant(QVariant(5)));
        Worker counted = w;
        counted.requests = 42;   // X_BATON_REQUESTS: present only when reported
        QCOMPARE(Worker::fromVariant(throughJson(counted.toVariant())), counted);
        QVERIFY(!w.toVariant().contains(QStringLiteral("requests")));
    }
    void metricsHistoryRoundTrip()
    {
        MetricsHistory h;
        h.intervalMs = 10000;
        h.keptMs = 600000;
        MetricsSample sample;
        sample.timeMs = 1'700'000'000'123;
        sample.intervalMs = 1000;
        sample.workers = {WorkerSample{101, QStringLiteral("web"), 3, 7, 1 << 20, 1.5, qint64(12)},
                          WorkerSample{102, QStringLiteral("api"), 1, -1, -1, -1.0, std::nullopt}};
        h.samples = {sample, MetricsSample{1'700'000'010'123, 10000, {}}};
        QCOMPARE(MetricsHistory::fromVariant(throughJson(h.toVariant())), h);
        QVERIFY(!MetricsHistory::fromVariant(QVariant(5)));
    }
    void generationRoundTrip()
    {
        for (const Generation &g : sampleService().generations)
            QCOMPARE(Generation::fromVariant(throughJson(g.toVariant())), g);
    }
    void serviceRoundTrip()
    {
        Service s = sampleService();
        QCOMPARE(Service::fromVariant(throughJson(s.toVariant())), s);
        s.state = QStringLiteral("stopped");
        s.stoppedByRequest = true;
        const auto back = Service::fromVariant(throughJson(s.toVariant()));
        QCOMPARE(back, s);
        QVERIFY(!back->extra.contains(QStringLiteral("stopped_by_request")));   // a key of its own, not passed through
        s.state = QStringLiteral("failed");
        s.failure = QStringLiteral("the storm breaker is open: 3 restarts within 1m (max_restarts 3)");
        const auto failed = Service::fromVariant(throughJson(s.toVariant()));
        QCOMPARE(failed, s);
        QVERIFY(!failed->extra.contains(QStringLiteral("failure")));
    }
    // The results of the operator actions (restart_worker, signal_worker, stop/start_service).
    void actionResultsRoundTrip()
    {
        const WorkerRestart restart{true, QStringLiteral("worker 101 replaced by 140"), 101, 140};
        QCOMPARE(WorkerRestart::fromVariant(throughJson(restart.toVariant())), restart);
        const WorkerSignal signal{true, 101, QStringLiteral("SIGHUP")};
        QCOMPARE(WorkerSignal::fromVariant(throughJson(signal.toVariant())), signal);
        const ServiceRequest stop{true, QStringLiteral("web"), QStringLiteral("web stopped by request"), QStringLiteral("stopped")};
        QCOMPARE(ServiceRequest::fromVariant(throughJson(stop.toVariant())), stop);
        QVERIFY(!WorkerRestart::fromVariant(QVariant(5)));
        QVERIFY(!ServiceRequest::fromVariant(QVariant(QStringLiteral("ok"))));
    }
    void statusRoundTrip()
    {
        Status st;
        st.daemon = {{QStringLiteral("pid"), 42}, {QStringLiteral("state"), QStringLiteral("running")}};
        st.services = {sampleService()};
        const auto back = Status::fromVariant(throughJson(st.toVariant()));
        QVERIFY(back);
        QCOMPARE(back->services, st.services);
        QCOMPARE(back->daemon.value(QStringLiteral("pid")).toInt(), 42);
    }
    void versionRoundTrip()
    {
        Version v{7, QDateTime::fromMSecsSinceEpoch(1764579600123).toUTC(), QStringLiteral("alice"), 1000, QStringLiteral("ab12"),
                  QStringLiteral("more workers"), QStringLiteral("rolled-back"), QStringLiteral("not ready"), false, QStringLiteral("x = 1\n")};
        QCOMPARE(Version::fromVariant(throughJson(v.toVariant())), v);
        v.text.reset();
        QCOMPARE(Version::fromVariant(throughJson(v.toVariant())), v);
    }
    void diagnosticRoundTrip()
    {
        const Diagnostic d{Severity::Warning, 3, 9, QStringLiteral("service.web.workers"), QStringLiteral("many")};
        const QVariantMap m = diagnosticToVariant(d, QStringLiteral("baton.toml"));
        QCOMPARE(m.value(QStringLiteral("text")).toString(), d.format(QStringLiteral("baton.toml")));
        QCOMPARE(diagnosticFromVariant(throughJson(m)), d);
    }
    void logLineRoundTrip()
    {
        LogLine l;
        l.seq = 41;
        l.timeMs = 1764579600123;
        l.pid = 4242;
        l.generation = 5;
        l.stream = LogStream::Stderr;
        l.priority = 3;
        l.cut = true;
        l.text = QByteArray("ModuleNotFoundError: No module named 'flask' \xc3\xa9");
        QString service;
        QCOMPARE(LogLine::fromMap(throughJson(l.toMap(QStringLiteral("web"))), &service), l);
        QCOMPARE(service, QStringLiteral("web"));
        QVERIFY(!LogLine::fromMap(QVariantMap{{QStringLiteral("seq"), 1}}, nullptr));
    }

    void logsRoundTrip()
    {
        LogLine l;
        l.seq = 7;
        l.timeMs = 1764579600123;
        l.pid = 4242;
        l.generation = 2;
        l.text = QByteArray("serving");
        Logs page;
        page.lines = {l.toMap(QStringLiteral("web"))};
        page.lastSeq = 9;
        page.dropped = {{QStringLiteral("web"), 120}, {QStringLiteral("api"), 0}};
        page.heldBackMs = {{QStringLiteral("web"), 5600}};
        const auto back = Logs::fromVariant(throughJson(page.toVariant()));
        QVERIFY(back);
        QCOMPARE(back->lastSeq, page.lastSeq);
        QCOMPARE(back->dropped, page.dropped);
        QCOMPARE(back->heldBackMs, page.heldBackMs);
        QCOMPARE(back->lines.size(), 1);
        QCOMPARE(LogLine::fromMap(back->lines.first(), nullptr), l);
        QVERIFY(!Logs::fromVariant(QVariant(QStringLiteral("lines"))));
    }

    void eventRoundTrip()
    {
        Event e;
        e.seq = 9;
        e.time = QDateTime::fromMSecsSinceEpoch(1764579600000).toUTC();
        e.kind = EventKind::Exit;
        e.service = QStringLiteral("web");
        e.generation = 2;
        e.pid = 77;
        e.message = QStringLiteral("exited");
        e.exitCode = 1;
        e.cause = QStringLiteral("crash");
        const auto back = Event::fromJson(QJsonDocument::fromJson(QJsonDocument(e.toJson()).toJson()).object());
        QVERIFY(back);
        QCOMPARE(back->toJson(), e.toJson());
        // Keys that do not apply are left out.
        Event daemonWide;
        daemonWide.seq = 1;
        daemonWide.kind = EventKind::ReloadFinished;
        const QJsonObject o = daemonWide.toJson();
        QVERIFY(!o.contains(QStringLiteral("service")));
        QVERIFY(!o.contains(QStringLiteral("pid")));
        QVERIFY(!o.contains(QStringLiteral("generation")));
        QVERIFY(!o.contains(QStringLiteral("version")) && !o.contains(QStringLiteral("author")));
        // config-applied names what and who as fields.
        Event applied;
        applied.seq = 2;
        applied.kind = EventKind::ConfigApplied;
        applied.version = QStringLiteral("0123456789abcdef");
        applied.author = QStringLiteral("alice");
        applied.comment = QStringLiteral("three workers");
        const QJsonObject a = applied.toJson();
        QCOMPARE(a.value(QStringLiteral("version")).toString(), applied.version);
        QCOMPARE(a.value(QStringLiteral("author")).toString(), applied.author);
        QCOMPARE(a.value(QStringLiteral("comment")).toString(), applied.comment);
        const auto appliedBack = Event::fromJson(a);
        QVERIFY(appliedBack);
        QCOMPARE(appliedBack->version, applied.version);
        QCOMPARE(appliedBack->author, applied.author);
        QCOMPARE(appliedBack->comment, applied.comment);
        applied.comment.clear();
        QVERIFY(!applied.toJson().contains(QStringLiteral("comment")));
    }
};

QTEST_APPLESS_MAIN(TestControlRecords)
#include "tst_control_records.moc"
