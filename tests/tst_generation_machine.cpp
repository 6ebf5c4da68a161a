// The generation state machine without processes: a simulated world carries
// out its actions (fake PIDs, a virtual clock for timers) and each test
// checks what the machine asked for.
#include "GenerationMachineSim.h"

using namespace baton;
using namespace baton::testing;
using namespace std::chrono_literals;

namespace {

// Generation 1's first worker crashes (exit status `code`), 2 s apart, each
// time its slot comes back ready, until the storm breaker fails the service
// (at most `attempts` crashes); `workers` are alive before each crash.
void crashUntilFailed(Sim &s, int workers, int code, int attempts = 4)
{
    for (int i = 0; i < attempts && s.m.state() != GM::State::Failed; ++i) {
        const QList<pid_t> p = s.pids(1);
        QCOMPARE(p.size(), workers);
        s.exit(p[0], exitedWith(code));
        s.advance(2s);
        s.readyAll(1);
    }
}

} // namespace

class TestGenerationMachine final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initialStartPromotesWhenAllReady()
    {
        Sim s;
        s.start(1);
        QCOMPARE(s.m.state(), GM::State::Starting);
        QCOMPARE(s.pids(1).size(), 2);
        s.m.ready(s.pids(1)[0], s.now);
        s.pump();
        QCOMPARE(s.m.currentGeneration(), 0);
        s.readyAll(1);
        QCOMPARE(s.m.currentGeneration(), 1);
        QCOMPARE(s.m.state(), GM::State::Running);
        QCOMPARE(s.answers.at(1).first, true);
        QCOMPARE(s.states, (QList<GM::State>{GM::State::Starting, GM::State::Running}));
    }

    void reloadDrainsTheOldGeneration()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        const QList<pid_t> old = s.pids(1);
        s.start(2);
        QCOMPARE(s.m.state(), GM::State::Reloading);
        s.readyAll(2);
        QCOMPARE(s.m.currentGeneration(), 2);
        for (pid_t p : old) {
            QVERIFY(s.wasSignalled(p));
            QVERIFY(!s.wasKilled(p));
            s.exit(p, exitedWith(0));
            QCOMPARE(s.causeOf(p), QStringLiteral("drained"));
        }
        QCOMPARE(s.gone, QList<int>{1});
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);
        // Every transition is reported, in order, none skipped.
        QCOMPARE(s.states, (QList<GM::State>{GM::State::Starting, GM::State::Running, GM::State::Reloading, GM::State::Running}));
    }

    // Forensics: the exit event carries the stderr tail and the last STATUS=,
    // and the rollback reason names the worker and quotes its last line.
    void rollbackQuotesTheLastStderrLine()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(9);
        const pid_t fresh = s.pids(2).value(0);
        s.m.statusText(fresh, QStringLiteral("importing modules"));
        QStringList tail;
        for (int i = 0; i < 25; ++i)
            tail << QStringLiteral("line %1").arg(i);
        tail << QStringLiteral("ModuleNotFoundError: No module named 'flask'") << QStringLiteral("   ");
        QVERIFY(s.m.exited(fresh, exitedWith(1), false, false, s.now, tail));
        s.pump();
        QCOMPARE(s.answers.at(9).first, false);
        QCOMPARE(s.answers.at(9).second, QStringLiteral("worker %1 exited with status 1 before READY=1: "
                                                         "\"ModuleNotFoundError: No module named 'flask'\"").arg(fresh));
        bool seen = false;
        for (const Event &e : s.events) {
            if (e.kind == EventKind::Exit && e.pid == fresh) {
                seen = true;
                QCOMPARE(e.stderrTail.size(), 20);   // the last 20
                QCOMPARE(e.stderrTail.last(), QStringLiteral("   "));
                QCOMPARE(e.lastStatus, QStringLiteral("importing modules"));
                QCOMPARE(e.cause, QStringLiteral("crash"));
                const auto back = Event::fromJson(e.toJson());   // survives events.jsonl
                QVERIFY(back);
                QCOMPARE(back->stderrTail, e.stderrTail);
                QCOMPARE(back->lastStatus, e.lastStatus);
            }
            if (e.kind == EventKind::ReloadRolledBack)
                QVERIFY(e.message.contains(QStringLiteral("No module named 'flask'")));
        }
        QVERIFY(seen);
    }

    void rollbackWithoutOutputHasNoQuote()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(3);
        const pid_t fresh = s.pids(2).value(0);
        s.exit(fresh, exitedWith(2));
        QCOMPARE(s.answers.at(3).second, QStringLiteral("worker %1 exited with status 2 before READY=1").arg(fresh));
    }

    // Scenario 2: a rollback drains what was ready, kills only what never was.
    void rollbackDrainsReadyWorkers()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(7, serviceConfig(3));
        const QList<pid_t> fresh = s.pids(2);
        QCOMPARE(fresh.size(), 3);
        s.m.ready(fresh[0], s.now);
        s.pump();
        s.exit(fresh[1], exitedWith(1));   // dies before READY
        QCOMPARE(s.answers.at(7).first, false);
        QVERIFY(s.answers.at(7).second.contains(QStringLiteral("before READY=1")));
        QVERIFY(s.wasSignalled(fresh[0]));
        QVERIFY(!s.wasKilled(fresh[0]));
        QVERIFY(s.wasKilled(fresh[2]));
        QCOMPARE(s.causeOf(fresh[1]), QStringLiteral("crash"));
        s.exit(fresh[2], killedBy(SIGKILL));
        QCOMPARE(s.causeOf(fresh[2]), QStringLiteral("killed-rollback"));
        s.exit(fresh[0], exitedWith(0));
        QCOMPARE(s.causeOf(fresh[0]), QStringLiteral("drained"));
        QCOMPARE(s.m.currentGeneration(), 1);
        QCOMPARE(s.m.state(), GM::State::Running);
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);   // deliberate kills restart nothing
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
    }

    // Scenario 1: a queued reload starts the moment the previous settles.
    void queuedReloadsCoalesceAndStartAtOnce()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(1);
        s.start(2);
        s.start(3);
        QCOMPARE(s.pids(3).size(), 0);     // queued behind generation 2
        s.readyAll(2);
        QCOMPARE(s.answers.at(1).first, true);
        QVERIFY(!s.answers.count(2));
        // Generation 3 (2 and 3 coalesced) started although generation 1 still drains.
        QCOMPARE(s.pids(3).size(), 2);
        QCOMPARE(s.pids(1).size(), 2);
        s.readyAll(3);
        QCOMPARE(s.answers.at(2).first, true);
        QCOMPARE(s.answers.at(3).first, true);
        QCOMPARE(s.m.currentGeneration(), 3);
        QVERIFY(!s.m.isSettling());
    }

    void queuedReloadStartsAfterRollback()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(1);
        s.start(2);
        s.advance(3001ms);                 // generation 2 not ready in time
        QCOMPARE(s.answers.at(1).first, false);
        QVERIFY(s.answers.at(1).second.contains(QStringLiteral("ready_timeout")));
        for (pid_t p : s.pids(2)) {
            QVERIFY(s.wasKilled(p));
            s.exit(p, killedBy(SIGKILL));
            QCOMPARE(s.causeOf(p), QStringLiteral("killed-not-ready"));
        }
        QCOMPARE(s.pids(3).size(), 2);
        s.readyAll(3);
        QCOMPARE(s.answers.at(2).first, true);
    }

    // Scenario 1: a service whose storm breaker is open still reloads.
    void reloadOfAFailedService()
    {
        Sim s(serviceConfig(1));
        s.start(0, serviceConfig(1));
        s.readyAll(1);
        crashUntilFailed(s, 1, 3);
        QCOMPARE(s.m.state(), GM::State::Failed);
        QCOMPARE(s.count(EventKind::StormBreaker), 1);
        s.start(5, serviceConfig(1));
        s.start(6, serviceConfig(1));
        s.readyAll(2);
        QCOMPARE(s.answers.at(5).first, true);
        s.readyAll(3);
        QCOMPARE(s.answers.at(6).first, true);
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    // A reload that is rolled back leaves a failed service failed: the
    // breaker stays open with its crashes counted, no restart is announced,
    // and the rollback does not claim the empty generation "keeps serving".
    // It used to close the breaker when the reload started, so the service
    // showed as degraded, with a next restart that never came.
    void rolledBackReloadOfAFailedServiceStaysFailed()
    {
        Sim s(serviceConfig(1));
        s.start(0, serviceConfig(1));
        s.readyAll(1);
        crashUntilFailed(s, 1, 3);
        QCOMPARE(s.m.state(), GM::State::Failed);
        QCOMPARE(s.count(EventKind::StormBreaker), 1);
        QVERIFY2(s.m.failureReason().startsWith(QStringLiteral("the storm breaker is open: ")), qPrintable(s.m.failureReason()));
        QVERIFY(s.m.failureReason().contains(QStringLiteral("the last worker exited with status 3")));
        QVERIFY(s.m.failureReason().endsWith(QStringLiteral("`batonctl reset web` or a reload starts it again")));
        const int crashes = s.m.restartsInWindow(s.now);
        QVERIFY(crashes > 0);
        s.start(7, serviceConfig(1));
        QCOMPARE(s.m.state(), GM::State::Reloading);   // being decided
        s.advance(3001ms);                              // the new generation is never ready
        QCOMPARE(s.answers.at(7).first, false);
        for (pid_t p : s.pids(2))
            s.exit(p, killedBy(SIGKILL));
        QCOMPARE(s.m.state(), GM::State::Failed);
        QCOMPARE(s.m.restartsInWindow(s.now), crashes);
        QCOMPARE(s.pids(1).size(), 0);                  // and nothing restarts generation 1 behind our back
        s.advance(10s);
        QCOMPARE(s.pids(1).size(), 0);
        QCOMPARE(s.m.state(), GM::State::Failed);
        bool said = false;
        for (const Event &e : s.events) {
            if (e.kind == EventKind::ReloadRolledBack) {
                said = e.message.contains(QStringLiteral("generation 1 stays, with no worker ready (the storm breaker is open"));
                QVERIFY2(!e.message.contains(QStringLiteral("keeps serving")), qPrintable(e.message));
            }
        }
        QVERIFY(said);
        // A reload that succeeds still closes it.
        s.start(8, serviceConfig(1));
        s.readyAll(3);
        QCOMPARE(s.answers.at(8).first, true);
        QCOMPARE(s.m.state(), GM::State::Running);
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
        QCOMPARE(s.m.failureReason(), QString());
    }

    void crashRestartsWithBackoff()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        const pid_t victim = s.pids(1)[0];
        s.exit(victim, killedBy(SIGSEGV));
        QCOMPARE(s.causeOf(victim), QStringLiteral("signal-not-from-batond"));
        QCOMPARE(s.count(EventKind::RestartScheduled), 1);
        QCOMPARE(s.m.state(), GM::State::Degraded);
        s.advance(10s);
        QCOMPARE(s.pids(1).size(), 2);
        s.readyAll(1);
        QCOMPARE(s.m.state(), GM::State::Running);
        const pid_t second = s.pids(1)[0];
        s.exit(second, exitedWith(1));
        QCOMPARE(s.causeOf(second), QStringLiteral("crash"));
        QCOMPARE(s.m.restartsInWindow(s.now), 2);
    }

    void replacementNotReadyIsKilledAndRetried()
    {
        Sim s(serviceConfig(1));
        s.start(0, serviceConfig(1));
        s.readyAll(1);
        s.exit(s.pids(1)[0], exitedWith(1));
        s.advance(2s);
        const pid_t replacement = s.pids(1)[0];
        s.advance(3001ms);
        QVERIFY(s.wasKilled(replacement));
        s.exit(replacement, killedBy(SIGKILL));
        QCOMPARE(s.causeOf(replacement), QStringLiteral("killed-not-ready"));
        QCOMPARE(s.count(EventKind::RestartScheduled), 2);
    }

    void watchdogKillsAndRestarts()
    {
        ServiceConfig c = serviceConfig(1);
        c.watchdog = 1000ms;
        Sim s(c);
        s.start(0, c);
        s.readyAll(1);
        const pid_t p = s.pids(1)[0];
        s.advance(900ms);
        s.m.watchdogPing(p, s.now);
        s.pump();
        s.advance(900ms);
        QVERIFY(!s.wasKilled(p));
        s.advance(200ms);
        QVERIFY(s.wasKilled(p));
        s.exit(p, killedBy(SIGKILL));
        QCOMPARE(s.causeOf(p), QStringLiteral("killed-watchdog"));
        QCOMPARE(s.count(EventKind::RestartScheduled), 1);
    }

    void drainDeadlineKillsTheTree()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start();
        s.readyAll(2);
        const QList<pid_t> old = s.pids(1);
        s.exit(old[0], exitedWith(0));
        s.advance(5001ms);
        QVERIFY(s.wasKilled(old[1]));
        s.exit(old[1], killedBy(SIGKILL));
        QCOMPARE(s.causeOf(old[1]), QStringLiteral("killed-drain-deadline"));
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);
    }

    // SIGKILL cannot be caught: a worker batond sent it that exited by
    // itself did so first, and its exit is judged as if no SIGKILL had been
    // sent. It used to take the kill's cause: a starting worker that crashed
    // during a rollback was "killed-rollback", one that finished draining
    // just at its deadline "killed-drain-deadline".
    void anExitBeforeOurSigkillIsItsOwn()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(4);
        const QList<pid_t> fresh = s.pids(2);
        QCOMPARE(fresh.size(), 2);
        s.exit(fresh[0], exitedWith(1));       // fails: the generation is rolled back
        QCOMPARE(s.answers.at(4).first, false);
        QVERIFY(s.wasKilled(fresh[1]));
        s.exit(fresh[1], exitedWith(1));       // had exited by itself before the SIGKILL
        QCOMPARE(s.causeOf(fresh[1]), QStringLiteral("crash"));
        QCOMPARE(s.m.state(), GM::State::Running);   // no second rollback, no restart of generation 1
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);

        s.start(5);
        const QList<pid_t> again = s.pids(3);
        s.exit(again[0], exitedWith(1));
        s.exit(again[1], killedBy(SIGKILL));   // it was our SIGKILL
        QCOMPARE(s.causeOf(again[1]), QStringLiteral("killed-rollback"));

        s.start();
        s.readyAll(4);
        const QList<pid_t> old = s.pids(1);
        s.advance(5001ms);                      // the drain deadline
        QVERIFY(s.wasKilled(old[0]));
        s.exit(old[0], exitedWith(0));          // finished draining just then
        QCOMPARE(s.causeOf(old[0]), QStringLiteral("drained"));
        s.exit(old[1], killedBy(SIGKILL));
        QCOMPARE(s.causeOf(old[1]), QStringLiteral("killed-drain-deadline"));
    }

    // Scenario 3: what a worker started outlives it; it is stopped too.
    void lingeringTreeIsStoppedWithinTheDeadline()
    {
        Sim s(serviceConfig(1));
        s.start(0, serviceConfig(1));
        s.readyAll(1);
        s.start(0, serviceConfig(1));
        s.readyAll(2);
        const pid_t old = s.pids(1)[0];
        s.signalled.clear();
        s.exit(old, exitedWith(0), /*treeRemains=*/true);
        QCOMPARE(s.signalled.size(), 1);          // the rest of the tree gets the stop signal too
        QCOMPARE(s.signalled[0].first, old);
        QCOMPARE(s.pids(1, GM::WorkerState::Lingering), QList<pid_t>{old});
        QVERIFY(s.gone.isEmpty());                // its listeners stay referenced
        s.advance(5001ms);
        QVERIFY(s.wasKilled(old));
        s.m.treeGone(old, s.now);
        s.pump();
        QCOMPARE(s.gone, QList<int>{1});
    }

    void crashedLeaderLeavesNoTree()
    {
        Sim s(serviceConfig(1));
        s.start(0, serviceConfig(1));
        s.readyAll(1);
        const pid_t p = s.pids(1)[0];
        s.exit(p, exitedWith(2), /*treeRemains=*/true);
        QVERIFY(s.wasKilled(p));
        s.m.treeGone(p, s.now);
        s.pump();
        QCOMPARE(s.pids(1, GM::WorkerState::Lingering).size(), 0);
    }

    void stopDuringReloadAnswersEveryone()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(1);
        s.start(2);
        s.m.ready(s.pids(2)[0], s.now);
        s.pump();
        s.m.stop(s.now);
        s.pump();
        QCOMPARE(s.answers.at(1).first, false);
        QCOMPARE(s.answers.at(2).first, false);
        QCOMPARE(s.m.state(), GM::State::Stopping);
        for (const auto &w : s.m.workers())
            QVERIFY(s.wasSignalled(w.pid));
        for (const auto &w : s.m.workers())
            s.exit(w.pid, exitedWith(0));
        QCOMPARE(s.m.state(), GM::State::Stopped);
        QCOMPARE(s.states.last(), GM::State::Stopped);
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);
        s.start(9);
        QCOMPARE(s.answers.at(9).first, false);   // no generation after stop
    }

    void killAllIsKilledStop()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.m.stop(s.now);
        s.pump();
        s.m.killAll();
        s.pump();
        for (pid_t p : s.pids(1)) {
            QVERIFY(s.wasKilled(p));
            s.exit(p, killedBy(SIGKILL));
            QCOMPARE(s.causeOf(p), QStringLiteral("killed-stop"));
        }
    }

    void scaleDownDrainsScaleUpSpawns()
    {
        Sim s(serviceConfig(3));
        s.start(0, serviceConfig(3));
        s.readyAll(1);
        s.m.scale(serviceConfig(1), s.now);
        s.pump();
        QCOMPARE(s.pids(1, GM::WorkerState::Draining).size(), 2);
        QCOMPARE(s.m.state(), GM::State::Running);
        s.m.scale(serviceConfig(2), s.now);
        s.pump();
        QCOMPARE(s.pids(1, GM::WorkerState::Starting).size(), 1);
        QCOMPARE(s.m.state(), GM::State::Degraded);
        s.readyAll(1);
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    void resetRestartsMissingWorkers()
    {
        Sim s(serviceConfig(1));
        s.start(0, serviceConfig(1));
        s.readyAll(1);
        crashUntilFailed(s, 1, 1);
        QCOMPARE(s.m.state(), GM::State::Failed);
        QCOMPARE(s.pids(1).size(), 0);
        s.m.reset(s.now);
        s.pump();
        QCOMPARE(s.pids(1).size(), 1);
        QCOMPARE(s.count(EventKind::Reset), 1);
        s.readyAll(1);
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    // ready_hold: a new generation takes over only once every worker stayed
    // ready that long. One that crashes right after READY=1 is rolled back
    // while the old generation still serves, never signalled; without the
    // hold the old one was already draining, and the crash loop that
    // followed ran on the bad config.
    void readyHoldRollsBackACrashAfterReady()
    {
        ServiceConfig held = serviceConfig(2);
        held.readyHold = 2s;
        Sim s(held);
        s.start(0, held);
        s.advance(2001ms);          // the first generation holds too
        s.readyAll(1);
        s.advance(2001ms);
        QCOMPARE(s.m.state(), GM::State::Running);
        const QList<pid_t> old = s.pids(1);
        s.start(3, held);
        s.readyAll(2);
        QCOMPARE(s.count(EventKind::GenerationHolding), 2);
        QCOMPARE(s.m.state(), GM::State::Reloading);
        for (pid_t p : old)
            QVERIFY(!s.wasSignalled(p));
        const QList<pid_t> fresh = s.pids(2);
        s.advance(500ms);
        s.exit(fresh[0], exitedWith(1));        // 0.5 s after READY=1
        QCOMPARE(s.answers.at(3).first, false);
        QVERIFY2(s.answers.at(3).second.contains(QStringLiteral("during ready_hold")), qPrintable(s.answers.at(3).second));
        for (pid_t p : old)
            QVERIFY(!s.wasSignalled(p));           // never drained: it kept serving throughout
        QVERIFY(s.wasSignalled(fresh[1]));         // the rest of the failed generation drains
        s.advance(5s);
        QCOMPARE(s.pids(1), old);
        QCOMPARE(s.m.state(), GM::State::Running);

        s.start(4, held);                           // one that stays ready takes over after the hold
        s.readyAll(3);
        s.advance(1999ms);
        for (pid_t p : old)
            QVERIFY(!s.wasSignalled(p));
        s.advance(2ms);
        QCOMPARE(s.answers.at(4).first, true);
        for (pid_t p : old)
            QVERIFY(s.wasSignalled(p));
    }

    // The breaker opens once and says so once: the other slot's crash after
    // it is no second storm-breaker event (there used to be one per slot).
    void stormBreakerIsToldOnce()
    {
        Sim s;   // 2 workers
        s.start();
        s.readyAll(1);
        crashUntilFailed(s, 2, 1);
        QCOMPARE(s.m.state(), GM::State::Failed);
        QCOMPARE(s.count(EventKind::StormBreaker), 1);
        const QList<pid_t> left = s.pids(1);
        QCOMPARE(left.size(), 1);
        s.exit(left[0], exitedWith(1));
        QCOMPARE(s.count(EventKind::StormBreaker), 1);
        QCOMPARE(s.m.state(), GM::State::Failed);
    }

    void spawnFailureRollsBackWithoutMoreSpawns()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.failSpawns = true;
        const int before = s.spawns;
        s.start(4);
        QCOMPARE(s.spawns - before, 1);       // the second slot is not tried
        QCOMPARE(s.answers.at(4).first, false);
        QCOMPARE(s.m.currentGeneration(), 1);
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    void exitCause_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("oom");
        QTest::addColumn<QString>("cause");
        QTest::addColumn<bool>("restarts");
        QTest::newRow("exit 1 by itself") << "" << exitedWith(1) << false << "crash" << true;
        QTest::newRow("exit 0 by itself") << "" << exitedWith(0) << false << "crash" << true;
        QTest::newRow("SIGKILL from outside") << "" << killedBy(SIGKILL) << false << "signal-not-from-batond" << true;
        QTest::newRow("OOM") << "" << killedBy(SIGKILL) << true << "oom-killed" << true;
        QTest::newRow("operator SIGTERM") << "operator" << killedBy(SIGTERM) << false << "signalled-by-request" << false;
        QTest::newRow("operator SIGTERM, exit 0") << "operator" << exitedWith(0) << false << "signalled-by-request" << false;
        QTest::newRow("operator signal, other death") << "operator" << killedBy(SIGSEGV) << false << "signal-not-from-batond" << true;
        QTest::newRow("scaled down, exit 0") << "scale" << exitedWith(0) << false << "drained" << false;
        QTest::newRow("scaled down, killed by its SIGTERM") << "scale" << killedBy(SIGTERM) << false << "drained" << false;
        QTest::newRow("stop kill") << "killall" << killedBy(SIGKILL) << false << "killed-stop" << false;
    }
    void exitCause()
    {
        QFETCH(QString, before);
        QFETCH(int, status);
        QFETCH(bool, oom);
        QFETCH(QString, cause);
        QFETCH(bool, restarts);
        Sim s(serviceConfig(2));
        s.start();
        s.readyAll(1);
        const pid_t p = s.pids(1)[1];   // slot 1
        if (before == QLatin1String("operator"))
            s.m.signalWorker(p, SIGTERM);
        else if (before == QLatin1String("scale"))
            s.m.scale(serviceConfig(1), s.now);
        else if (before == QLatin1String("killall"))
            s.m.killAll();
        s.pump();
        s.exit(p, status, false, oom);
        QCOMPARE(s.causeOf(p), cause);
        QCOMPARE(s.count(EventKind::RestartScheduled) == 1, restarts);
        QCOMPARE(s.m.restartsInWindow(s.now) == 1, restarts);
    }

    void exitCauseNamesRoundTrip()
    {
        for (int i = 0; i <= int(ExitCause::StoppedByRequest); ++i) {
            const auto cause = ExitCause(i);
            QVERIFY(!exitCauseName(cause).isEmpty());
            QCOMPARE(exitCauseFromName(exitCauseName(cause)), cause);
        }
        QVERIFY(!exitCauseFromName(QStringLiteral("nonsense")));
        // Event logs from before the rename still read.
        QCOMPARE(exitCauseFromName(QStringLiteral("signalled-by-operator")), ExitCause::SignalledByRequest);
    }

    void staleTimersAreIgnored()
    {
        Sim s;
        s.start();
        s.readyAll(1);           // the generation's ready timer was cancelled
        s.m.timerFired(1, s.now);  // fires anyway (token 1 = that timer)
        s.pump();
        QCOMPARE(s.m.state(), GM::State::Running);
        QCOMPARE(s.count(EventKind::ReloadRolledBack), 0);
    }

    void unknownPidsAreNotOurs()
    {
        Sim s;
        s.start();
        QVERIFY(!s.m.exited(4242, exitedWith(0), false, false, s.now));
        s.m.ready(4242, s.now);
        s.pump();
        QCOMPARE(s.m.currentGeneration(), 0);
    }
};

QTEST_APPLESS_MAIN(TestGenerationMachine)
#include "tst_generation_machine.moc"
