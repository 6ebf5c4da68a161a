// GenerationMachine's operator requests (GenerationMachineRequests.cpp),
// transition by transition in the simulated world of tst_generation_machine:
// restart one worker, signal one, stop the service and start it again.
#include "GenerationMachineSim.h"

using namespace baton;
using namespace baton::testing;

namespace {

bool contains(const QList<GM::State> &states, GM::State state)
{
    return states.contains(state);
}

} // namespace

class TestGenerationRequests final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The slot is never unserved: the old worker drains only once its
    // replacement said READY=1, and its exit is no failure.
    void restartDrainsTheOldWorkerOnceTheReplacementIsReady()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        const pid_t old = s.pids(1)[0];
        const int spawnsBefore = s.spawns;
        QVERIFY(s.m.refusesRestart(old).isEmpty());
        s.m.restartWorker(old, 7, s.now);
        s.pump();
        QCOMPARE(s.spawns, spawnsBefore + 1);
        const QList<pid_t> starting = s.pids(1, GM::WorkerState::Starting);
        QCOMPARE(starting.size(), 1);
        const pid_t fresh = starting[0];
        QVERIFY(!s.wasSignalled(old));
        QVERIFY(!s.answers.count(7));
        QCOMPARE(s.count(EventKind::WorkerRestart), 1);
        QCOMPARE(s.m.state(), GM::State::Running);   // both ready workers still serve

        s.m.ready(fresh, s.now);
        s.pump();
        QVERIFY(s.signalled.contains(qMakePair(old, SIGTERM)));   // the stop signal: a drain, not a kill
        QVERIFY(!s.wasKilled(old));
        QCOMPARE(s.answers.at(7).first, true);
        QCOMPARE(s.answerPids.at(7), fresh);
        s.exit(old, exitedWith(0));
        QCOMPARE(s.causeOf(old), QStringLiteral("restarted-by-request"));
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
        QCOMPARE(s.pids(1, GM::WorkerState::Ready).size(), 2);
        QVERIFY(!contains(s.states, GM::State::Degraded));
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    void restartFailsAndTheOldWorkerKeepsServingWhenTheReplacementDies()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        const pid_t old = s.pids(1)[1];
        s.m.restartWorker(old, 3, s.now);
        s.pump();
        const pid_t fresh = s.pids(1, GM::WorkerState::Starting).value(0);
        QVERIFY(fresh);
        s.exit(fresh, exitedWith(1));
        QCOMPARE(s.answers.at(3).first, false);
        QVERIFY2(s.answers.at(3).second.contains(QStringLiteral("keeps serving")), qPrintable(s.answers.at(3).second));
        QVERIFY(!s.wasSignalled(old));
        QCOMPARE(s.pids(1, GM::WorkerState::Ready), (QList<pid_t>{s.pids(1)[0], old}));
        // The slot still has its worker: nothing to restart, nothing counted.
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    void restartFailsWhenTheReplacementIsNotReadyInTime()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        const pid_t old = s.pids(1)[0];
        s.m.restartWorker(old, 4, s.now);
        s.pump();
        const pid_t fresh = s.pids(1, GM::WorkerState::Starting).value(0);
        s.advance(serviceConfig().readyTimeout);
        QVERIFY(s.wasKilled(fresh));
        s.exit(fresh, killedBy(SIGKILL));
        QCOMPARE(s.answers.at(4).first, false);
        QVERIFY(!s.wasSignalled(old));
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
    }

    void restartFailsWhenTheReplacementCannotBeSpawned()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.failSpawns = true;
        s.m.restartWorker(s.pids(1)[0], 5, s.now);
        s.pump();
        QCOMPARE(s.answers.at(5).first, false);
        QVERIFY(s.answers.at(5).second.contains(QStringLiteral("no such file")));
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    void restartIsRefusedWhereItCannotWork()
    {
        Sim s;
        QVERIFY(!s.m.refusesRestart(4242).isEmpty());   // no such worker
        s.start();
        const pid_t starting = s.pids(1)[0];
        QVERIFY(s.m.refusesRestart(starting).contains(QStringLiteral("serving generation")));
        s.readyAll(1);
        const pid_t p = s.pids(1)[0];
        s.m.restartWorker(p, 1, s.now);
        s.pump();
        QVERIFY(s.m.refusesRestart(p).contains(QStringLiteral("already")));
        s.m.restartWorker(p, 2, s.now);   // refused, answered at once
        s.pump();
        QCOMPARE(s.answers.at(2).first, false);
        QVERIFY(!s.answers.count(1));
    }

    // A reload that takes over first ends the restart: its generation no longer serves.
    void reloadOvertakesARestart()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.m.restartWorker(s.pids(1)[0], 6, s.now);
        s.pump();
        s.start(8);
        s.readyAll(2);
        QCOMPARE(s.m.currentGeneration(), 2);
        QCOMPARE(s.answers.at(8).first, true);
        QCOMPARE(s.answers.at(6).first, false);
    }

    void signalledExitIsRefilledAtOnceAndIsNoCrash()
    {
        ServiceConfig c = serviceConfig(2);
        c.restart.maxRestarts = 2;
        Sim s(c);
        s.start(0, c);
        s.readyAll(1);
        // Far more than max_restarts, all by request: the breaker stays closed.
        for (int i = 0; i < 5; ++i) {
            const pid_t p = s.pids(1, GM::WorkerState::Ready)[0];
            const int spawnsBefore = s.spawns;
            s.m.signalWorker(p, SIGKILL);
            s.pump();
            QVERIFY(s.signalled.contains(qMakePair(p, SIGKILL)));
            s.exit(p, killedBy(SIGKILL));
            QCOMPARE(s.causeOf(p), QStringLiteral("signalled-by-request"));
            QCOMPARE(s.spawns, spawnsBefore + 1);   // no delay
            s.readyAll(1);
        }
        QCOMPARE(s.count(EventKind::WorkerSignal), 5);
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
        QCOMPARE(s.m.state(), GM::State::Running);
        QVERIFY(!contains(s.states, GM::State::Failed));
    }

    // HUP, USR1, USR2 need not end a worker: then nothing else happens.
    void aSignalThatDoesNotEndTheWorkerChangesNothing()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        const pid_t p = s.pids(1)[0];
        s.m.signalWorker(p, SIGHUP);
        s.pump();
        QVERIFY(s.signalled.contains(qMakePair(p, SIGHUP)));
        QCOMPARE(s.pids(1, GM::WorkerState::Ready).size(), 2);
        QCOMPARE(s.m.state(), GM::State::Running);
    }

    void stopByRequestDrainsAndStaysStoppedAcrossReloads()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        const QList<pid_t> workers = s.pids(1);
        s.m.stopByRequest(11, s.now);
        s.pump();
        QCOMPARE(s.count(EventKind::ServiceStop), 1);
        for (pid_t p : workers)
            QVERIFY(s.signalled.contains(qMakePair(p, SIGTERM)));
        QCOMPARE(s.m.state(), GM::State::Stopping);
        QVERIFY(s.m.isStoppedByRequest());
        QVERIFY(!s.m.isFinal());
        QVERIFY(!s.answers.count(11));   // answered once everything has exited
        for (pid_t p : workers)
            s.exit(p, exitedWith(0));
        QCOMPARE(s.causeOf(workers[0]), QStringLiteral("stopped-by-request"));
        QCOMPARE(s.answers.at(11).first, true);
        QCOMPARE(s.m.state(), GM::State::Stopped);
        QCOMPARE(s.m.restartsInWindow(s.now), 0);
        QCOMPARE(s.count(EventKind::RestartScheduled), 0);

        // A reload keeps it stopped (answered ok), and keeps the new config for the start.
        const int spawnsBefore = s.spawns;
        s.start(12, serviceConfig(3));
        QCOMPARE(s.answers.at(12).first, true);
        QCOMPARE(s.spawns, spawnsBefore);
        QCOMPARE(s.m.state(), GM::State::Stopped);
        QCOMPARE(s.m.config().workers, 3);
        s.m.reset(s.now);
        s.pump();
        QCOMPARE(s.spawns, spawnsBefore);

        s.m.startByRequest(13, s.now);
        s.pump();
        QCOMPARE(s.count(EventKind::ServiceStart), 1);
        QVERIFY(!s.m.isStoppedByRequest());
        QCOMPARE(s.pids(2).size(), 3);
        QVERIFY(!s.answers.count(13));   // when its generation settles
        s.readyAll(2);
        QCOMPARE(s.answers.at(13).first, true);
        QCOMPARE(s.m.state(), GM::State::Running);
        QCOMPARE(s.m.currentGeneration(), 2);
    }

    void stopByRequestAnswersTheReloadsItCancels()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.start(20);   // starting
        s.start(21);   // queued behind it
        s.m.stopByRequest(22, s.now);
        s.pump();
        QCOMPARE(s.answers.at(20).first, false);
        QCOMPARE(s.answers.at(21).first, false);
        QCOMPARE(s.m.state(), GM::State::Stopping);
    }

    void startByRequestIsRefusedUnlessStopped()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.m.startByRequest(30, s.now);
        s.pump();
        QCOMPARE(s.answers.at(30).first, false);
        QCOMPARE(s.m.currentGeneration(), 1);
    }

    // Removed from the config (or batond stopping) while stopped by request:
    // "stopped" is reported again, now for good, so the executor lets it go.
    void finalStopOfAServiceStoppedByRequest()
    {
        Sim s;
        s.start();
        s.readyAll(1);
        s.m.stopByRequest(0, s.now);
        s.pump();
        for (pid_t p : s.pids(1))
            s.exit(p, exitedWith(0));
        QCOMPARE(s.states.last(), GM::State::Stopped);
        const qsizetype reported = s.states.size();
        s.m.stop(s.now);
        s.pump();
        QCOMPARE(s.states.size(), reported + 1);
        QCOMPARE(s.states.last(), GM::State::Stopped);
        QVERIFY(s.m.isFinal());
        QVERIFY(!s.m.isStoppedByRequest());
    }
};

QTEST_APPLESS_MAIN(TestGenerationRequests)
#include "tst_generation_requests.moc"
