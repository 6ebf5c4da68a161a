// OutcomeTracker: which reload or apply the banner talks about, from the daemon's events.
#include "baton/OutcomeTracker.h"

#include <QSignalSpy>
#include <QTest>

using namespace baton;

namespace {

qint64 g_seq = 0;

QVariantMap ev(const QString &kind, const QVariantMap &fields = {})
{
    QVariantMap e = fields;
    e.insert(QStringLiteral("seq"), ++g_seq);
    e.insert(QStringLiteral("kind"), kind);
    if (!e.contains(QStringLiteral("message")))
        e.insert(QStringLiteral("message"), kind);
    return e;
}

QVariantMap exitEvent(const QString &service, int generation, qint64 pid, const QString &cause, const QStringList &tail)
{
    return ev(QStringLiteral("exit"), {{QStringLiteral("service"), service},
                                          {QStringLiteral("generation"), generation},
                                          {QStringLiteral("pid"), pid},
                                          {QStringLiteral("cause"), cause},
                                          {QStringLiteral("stderr_tail"), tail}});
}

} // namespace

class TestOutcomeTracker final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void successOfOneService();
    void rollbackQuotesTheFailingWorker();
    void newerOutcomeReplaces();
    void applyAndRestore();
    void readyTimeoutOutputArrivesLater();
    void rejected();
};

void TestOutcomeTracker::successOfOneService()
{
    OutcomeTracker tracker;
    QSignalSpy changed(&tracker, &OutcomeTracker::outcomeChanged);
    tracker.addEvent(ev(QStringLiteral("reload-started"), {{QStringLiteral("service"), QStringLiteral("web")}, {QStringLiteral("generation"), 2}}));
    QCOMPARE(changed.size(), 0);
    tracker.addEvent(ev(QStringLiteral("reload-finished"), {{QStringLiteral("service"), QStringLiteral("web")},
                                                               {QStringLiteral("message"), QStringLiteral("reload of web finished: web: new generation serving")}}));
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.at(0).at(1).toBool());
    const Outcome o = *tracker.current();
    QVERIFY(o.ok);
    QCOMPARE(o.kind, Outcome::Kind::Reload);
    QCOMPARE(o.service, QStringLiteral("web"));
    QVERIFY(o.failures.isEmpty());
}

void TestOutcomeTracker::rollbackQuotesTheFailingWorker()
{
    OutcomeTracker tracker;
    tracker.addEvent(ev(QStringLiteral("reload-started")));
    tracker.addEvent(exitEvent(QStringLiteral("web"), 3, 555, QStringLiteral("drained"), {QStringLiteral("old worker bye")}));
    tracker.addEvent(exitEvent(QStringLiteral("web"), 4, 777, QStringLiteral("crash"),
                               {QStringLiteral("Traceback"), QStringLiteral("ModuleNotFoundError: No module named 'flask'"), QStringLiteral("  ")}));
    tracker.addEvent(ev(QStringLiteral("reload-rolled-back"),
                           {{QStringLiteral("service"), QStringLiteral("web")}, {QStringLiteral("generation"), 4},
                            {QStringLiteral("reason"), QStringLiteral("worker 777 exited with status 1 before READY=1: \"ModuleNotFoundError\"")}}));
    // Another service's rollback of another, single-service reload is not this outcome's.
    tracker.addEvent(ev(QStringLiteral("reload-rolled-back"), {{QStringLiteral("service"), QStringLiteral("api")}, {QStringLiteral("generation"), 9}}));
    tracker.addEvent(ev(QStringLiteral("reload-finished"), {{QStringLiteral("reason"), QStringLiteral("web (worker 777 …)")}}));
    QVERIFY(tracker.current());
    const Outcome o = *tracker.current();
    QVERIFY(!o.ok);
    QCOMPARE(o.service, QString());
    QCOMPARE(o.failures.size(), 2);   // a full reload: everything rolled back since the last outcome
    const Outcome::Failure &web = o.failures.at(0);
    QCOMPARE(web.service, QStringLiteral("web"));
    QCOMPARE(web.generation, 4);
    QCOMPARE(web.pid, 777);
    QCOMPARE(web.lastLine(), QStringLiteral("ModuleNotFoundError: No module named 'flask'"));
    QCOMPARE(o.failures.at(1).pid, 0);   // no exit seen for api#9
}

void TestOutcomeTracker::newerOutcomeReplaces()
{
    OutcomeTracker tracker;
    QSignalSpy changed(&tracker, &OutcomeTracker::outcomeChanged);
    tracker.addEvent(ev(QStringLiteral("reload-finished"), {{QStringLiteral("service"), QStringLiteral("web")}}));
    const qint64 first = tracker.current()->seq;
    tracker.addEvent(exitEvent(QStringLiteral("web"), 5, 1, QStringLiteral("crash"), {QStringLiteral("x")}));
    tracker.addEvent(ev(QStringLiteral("reload-rolled-back"), {{QStringLiteral("service"), QStringLiteral("web")}, {QStringLiteral("generation"), 5}}));
    tracker.addEvent(ev(QStringLiteral("reload-finished"), {{QStringLiteral("service"), QStringLiteral("web")}, {QStringLiteral("reason"), QStringLiteral("why")}}));
    QCOMPARE(changed.size(), 2);
    QVERIFY(changed.at(1).at(1).toBool());
    QVERIFY(tracker.current()->seq > first);
    QVERIFY(!tracker.current()->ok);
    QCOMPARE(tracker.current()->failures.size(), 1);
    // And the next success replaces the failure; its rollbacks do not leak into it.
    tracker.addEvent(ev(QStringLiteral("reload-finished"), {{QStringLiteral("service"), QStringLiteral("web")}}));
    QVERIFY(tracker.current()->ok);
    QVERIFY(tracker.current()->failures.isEmpty());
}

void TestOutcomeTracker::applyAndRestore()
{
    OutcomeTracker tracker;
    QSignalSpy changed(&tracker, &OutcomeTracker::outcomeChanged);
    tracker.addEvent(ev(QStringLiteral("config-applied"), {{QStringLiteral("message"), QStringLiteral("configuration version abc applied by me")}}));
    tracker.addEvent(ev(QStringLiteral("reload-started")));
    tracker.addEvent(ev(QStringLiteral("reload-finished")));
    QCOMPARE(tracker.current()->kind, Outcome::Kind::Apply);
    QVERIFY(tracker.current()->ok);
    QCOMPARE(tracker.current()->applyMessage, QStringLiteral("configuration version abc applied by me"));
    QCOMPARE(tracker.current()->applyEvent.value(QStringLiteral("kind")).toString(), QStringLiteral("config-applied"));   // for EventText
    // The next plain reload is a reload again.
    tracker.addEvent(ev(QStringLiteral("reload-finished")));
    QCOMPARE(tracker.current()->kind, Outcome::Kind::Reload);

    tracker.addEvent(ev(QStringLiteral("config-applied")));
    tracker.addEvent(ev(QStringLiteral("reload-rolled-back"), {{QStringLiteral("service"), QStringLiteral("web")}, {QStringLiteral("generation"), 7}}));
    tracker.addEvent(ev(QStringLiteral("reload-finished"), {{QStringLiteral("reason"), QStringLiteral("web (x)")}}));
    const int before = int(changed.size());
    tracker.addEvent(ev(QStringLiteral("config-restored"), {{QStringLiteral("message"), QStringLiteral("version back")}}));
    QCOMPARE(changed.size(), before + 1);
    QVERIFY(!changed.last().at(1).toBool());   // the same outcome, completed
    QCOMPARE(tracker.current()->kind, Outcome::Kind::Apply);
    QCOMPARE(tracker.current()->restoredMessage, QStringLiteral("version back"));
}

void TestOutcomeTracker::readyTimeoutOutputArrivesLater()
{
    OutcomeTracker tracker;
    QSignalSpy changed(&tracker, &OutcomeTracker::outcomeChanged);
    tracker.addEvent(ev(QStringLiteral("reload-rolled-back"), {{QStringLiteral("service"), QStringLiteral("web")}, {QStringLiteral("generation"), 2},
                                                                  {QStringLiteral("reason"), QStringLiteral("not ready within 1s")}}));
    tracker.addEvent(ev(QStringLiteral("reload-finished"), {{QStringLiteral("service"), QStringLiteral("web")}, {QStringLiteral("reason"), QStringLiteral("x")}}));
    QCOMPARE(tracker.current()->failures.at(0).pid, 0);
    tracker.addEvent(exitEvent(QStringLiteral("web"), 2, 31, QStringLiteral("killed-not-ready"), {QStringLiteral("waiting for the database")}));
    QCOMPARE(changed.size(), 2);
    QVERIFY(!changed.last().at(1).toBool());
    QCOMPARE(tracker.current()->failures.at(0).pid, 31);
    QCOMPARE(tracker.current()->failures.at(0).lastLine(), QStringLiteral("waiting for the database"));
    // A drained worker of the serving generation explains nothing.
    tracker.addEvent(exitEvent(QStringLiteral("web"), 2, 32, QStringLiteral("killed-rollback"), {QStringLiteral("other")}));
    QCOMPARE(changed.size(), 2);
}

void TestOutcomeTracker::rejected()
{
    OutcomeTracker tracker;
    tracker.addEvent(ev(QStringLiteral("config-applied")));
    tracker.addEvent(ev(QStringLiteral("reload-rejected"), {{QStringLiteral("reason"), QStringLiteral("baton.toml:3:1: error")}}));
    QCOMPARE(tracker.current()->kind, Outcome::Kind::Rejected);
    QVERIFY(!tracker.current()->ok);
    QCOMPARE(tracker.current()->reason, QStringLiteral("baton.toml:3:1: error"));
    tracker.addEvent(ev(QStringLiteral("reload-finished")));
    QCOMPARE(tracker.current()->kind, Outcome::Kind::Reload);   // the rejected apply does not carry over
}

QTEST_GUILESS_MAIN(TestOutcomeTracker)
#include "tst_outcome_tracker.moc"
