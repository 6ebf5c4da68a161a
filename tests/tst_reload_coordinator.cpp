// Full reloads, their queue and their answers, without a daemon.
#include "baton/ReloadCoordinator.h"

#include <QTest>

#include <map>

using namespace baton;
using RC = ReloadCoordinator;

namespace {

struct Sim {
    RC c;
    std::map<RC::WaiterId, RC::Outcome> answers;
    QList<bool> begun;           // force flag of each BeginReload
    QList<quint64> rounds;
    QList<RC::Outcome> finished;
    std::optional<RC::Outcome> startup;
    QList<RC::Phase> phases;
    QStringList planFor = {QStringLiteral("web"), QStringLiteral("api")};
    bool reject = false;

    void pump()
    {
        for (auto actions = c.takeActions(); !actions.empty(); actions = c.takeActions()) {
            for (const RC::Action &a : actions) {
                switch (a.type) {
                case RC::Action::Type::BeginReload:
                    begun << a.force;
                    rounds << a.round;
                    if (reject)
                        c.reloadRejected(QStringLiteral("invalid configuration"));
                    else
                        c.reloadStarted(planFor);
                    break;
                case RC::Action::Type::Answer:
                    for (auto id : a.waiters) {
                        QVERIFY2(!answers.count(id), "answered twice");
                        answers[id] = a.outcome;
                    }
                    break;
                case RC::Action::Type::ReloadFinished: finished << a.outcome; break;
                case RC::Action::Type::StartupDone: startup = a.outcome; break;
                case RC::Action::Type::PhaseChanged: phases << a.phase; break;
                }
            }
        }
    }
    void settle(const QString &service, bool ok = true)
    {
        c.serviceSettled(service, c.round(), ok, ok ? QString() : QStringLiteral("not ready"));
        pump();
    }
    void settleAll()
    {
        for (const QString &s : planFor)
            settle(s);
    }
    void started()
    {
        c.startupBegun(planFor);
        pump();
        settleAll();
    }
};

} // namespace

class TestReloadCoordinator final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startupThenReload()
    {
        Sim s;
        s.started();
        QVERIFY(s.startup && s.startup->ok);
        QCOMPARE(s.c.phase(), RC::Phase::Running);
        s.c.requestReload(true, 1);
        s.pump();
        QCOMPARE(s.begun, QList<bool>{true});
        QCOMPARE(s.c.phase(), RC::Phase::Reloading);
        s.settle(QStringLiteral("web"));
        QVERIFY(!s.answers.count(1));
        s.settle(QStringLiteral("api"), false);
        QCOMPARE(s.answers.at(1).ok, false);
        QCOMPARE(s.answers.at(1).rolledBack, QStringList{QStringLiteral("api (not ready)")});
        QCOMPARE(s.finished.size(), 1);
        QCOMPARE(s.phases, (QList<RC::Phase>{RC::Phase::Starting, RC::Phase::Running, RC::Phase::Reloading, RC::Phase::Running}));
    }

    void sighupDuringStartupRunsAfterIt()
    {
        Sim s;
        s.c.startupBegun(s.planFor);
        s.pump();
        s.c.requestReload(true, 0);   // SIGHUP: nobody waits
        s.c.requestReload(false, 7);  // an apply
        s.pump();
        QVERIFY(s.begun.isEmpty());
        s.settleAll();
        QVERIFY(s.startup && s.startup->ok);
        QCOMPARE(s.begun, QList<bool>{true});   // one reload, forced, for both
        s.settleAll();
        QCOMPARE(s.answers.at(7).ok, true);
    }

    void failedStartupAnswersQueuedCallers()
    {
        Sim s;
        s.c.startupBegun(s.planFor);
        s.pump();
        s.c.requestReload(true, 3);
        s.pump();
        s.settle(QStringLiteral("web"), false);
        s.settle(QStringLiteral("api"));
        QVERIFY(s.startup && !s.startup->ok);
        QVERIFY(s.startup->outcome.contains(QStringLiteral("web")));
        QCOMPARE(s.answers.at(3).ok, false);
        QVERIFY(s.begun.isEmpty());
    }

    void reloadsRacingReloadsCoalesce()
    {
        Sim s;
        s.started();
        s.c.requestReload(false, 1);
        s.pump();
        s.c.requestReload(false, 2);
        s.c.requestReload(true, 3);
        s.c.requestReload(false, 4);
        s.pump();
        QCOMPARE(s.begun.size(), 1);
        s.settleAll();
        QCOMPARE(s.answers.at(1).ok, true);
        QCOMPARE(s.begun, (QList<bool>{false, true}));   // the queued one starts at once, forced
        QVERIFY(!s.answers.count(2));
        s.settleAll();
        for (RC::WaiterId id : {2, 3, 4})
            QCOMPARE(s.answers.at(id).ok, true);
        QCOMPARE(s.c.phase(), RC::Phase::Running);
    }

    void rejectedReloadStartsTheQueuedOne()
    {
        Sim s;
        s.started();
        s.reject = true;
        s.c.requestReload(true, 1);
        s.pump();
        QCOMPARE(s.answers.at(1).ok, false);
        QVERIFY(s.answers.at(1).outcome.startsWith(QStringLiteral("reload rejected")));
        QCOMPARE(s.c.phase(), RC::Phase::Running);
        s.reject = false;
        s.c.requestReload(true, 2);
        s.pump();
        s.settleAll();
        QCOMPARE(s.answers.at(2).ok, true);
    }

    void reloadWithNothingToWaitForFinishesAtOnce()
    {
        Sim s;
        s.started();
        s.planFor = {};
        s.c.requestReload(false, 1);
        s.pump();
        QCOMPARE(s.answers.at(1).ok, true);
        QCOMPARE(s.finished.size(), 1);
    }

    void stopDuringReloadAnswersEveryone()
    {
        Sim s;
        s.started();
        s.c.requestReload(true, 1);
        s.pump();
        const quint64 round = s.c.round();
        s.c.requestReload(true, 2);
        s.c.stop();
        s.pump();
        QCOMPARE(s.answers.at(1).outcome, QStringLiteral("batond is stopping"));
        QCOMPARE(s.answers.at(2).ok, false);
        s.c.serviceSettled(QStringLiteral("web"), round, true, {});   // late: changes nothing
        s.c.requestReload(true, 3);
        s.pump();
        QCOMPARE(s.answers.at(3).ok, false);
        QCOMPARE(s.begun.size(), 1);
        QVERIFY(s.finished.isEmpty());
    }

    void staleSettlementsAreIgnored()
    {
        Sim s;
        s.started();
        s.c.requestReload(true, 1);
        s.pump();
        s.c.serviceSettled(QStringLiteral("web"), s.c.round() - 1, true, {});
        s.c.serviceSettled(QStringLiteral("nosuch"), s.c.round(), true, {});
        s.pump();
        QVERIFY(!s.answers.count(1));
        s.settleAll();
        QCOMPARE(s.answers.at(1).ok, true);
    }
};

QTEST_APPLESS_MAIN(TestReloadCoordinator)
#include "tst_reload_coordinator.moc"
