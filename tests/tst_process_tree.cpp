// The process-tree primitives of batond (daemon/master/ProcessTree.h) on real
// processes: the process-group fallback everywhere, the cgroup v2 ones where
// a writable cgroup v2 is found (skipped visibly, with the reason, if not).
// Spawns go through the real spawner (ProcessSpawner) with cgroupProcsFd.
#include "ProcessSpawner.h"
#include "ProcessTree.h"

#include <QElapsedTimer>
#include <QMap>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace baton;

namespace {

// Reaps every child of ours that has exited (we are a subreaper: orphans too).
void reapAll()
{
    int status = 0;
    while (::waitpid(-1, &status, WNOHANG) > 0) {
    }
}

template <typename Pred>
bool waitUntil(Pred pred, int ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        reapAll();
        if (t.elapsed() > ms)
            return false;
        QTest::qWait(5);
    }
    return true;
}

bool alive(pid_t pid)
{
    const auto st = processStartTime(pid);
    if (!st)
        return false;
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray data = f.readAll();
    const qsizetype close = data.lastIndexOf(')');
    return close > 0 && data.size() > close + 2 && data[close + 2] != 'Z';
}

QByteArray comm(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
}

SpawnResult spawnShell(const QString &script, int cgroupProcsFd = -1)
{
    SpawnRequest r;
    r.program = QStringLiteral("/bin/sh");
    r.arguments = {QStringLiteral("sh"), QStringLiteral("-c"), script};
    r.environment = {QStringLiteral("PATH=/usr/bin:/bin")};
    r.cgroupProcsFd = cgroupProcsFd;
    return spawnProcess(r);
}

// The errno the child reported through execStatus, 0 once exec succeeded.
int execOutcome(const SpawnResult &s)
{
    int error = 0;
    QElapsedTimer t;
    t.start();
    for (;;) {
        const ssize_t n = ::read(s.execStatus.get(), &error, sizeof error);
        if (n == ssize_t(sizeof error))
            return error;
        if (n == 0)
            return 0;
        if (t.elapsed() > 5000)
            return -1;
        QTest::qWait(5);
    }
}

} // namespace

using PgidTable = QMap<pid_t, pid_t>;
using IdTable = QMap<pid_t, std::pair<pid_t, unsigned long long>>;

class ProcessTreeTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Every process of a tree gets a stop signal once: the group by one
    // kill(-leader), only members outside it by kill() of their own (the old
    // code also signalled every cgroup member and the leader one by one, so
    // a member of the group got the signal up to three times).
    void tree_signal_plan_signals_each_process_once_data()
    {
        QTest::addColumn<std::vector<pid_t>>("members");
        QTest::addColumn<PgidTable>("pgids");
        QTest::addColumn<std::vector<pid_t>>("individual");
        // leader 100; 101, 102 forked children in its group.
        QTest::newRow("cgroup: all in the group") << std::vector<pid_t>{102, 100, 101, 100}
                                                  << PgidTable{{100, 100}, {101, 100}, {102, 100}} << std::vector<pid_t>{};
        QTest::newRow("one left with setsid") << std::vector<pid_t>{100, 101, 102}
                                              << PgidTable{{100, 100}, {101, 101}, {102, 100}} << std::vector<pid_t>{101};
        QTest::newRow("leader moved to another group") << std::vector<pid_t>{100, 101}
                                                       << PgidTable{{100, 7}, {101, 100}} << std::vector<pid_t>{100};
        QTest::newRow("orphan gone (getpgid fails)") << std::vector<pid_t>{100, 103}
                                                     << PgidTable{{100, 100}, {103, -1}} << std::vector<pid_t>{103};
        QTest::newRow("never init") << std::vector<pid_t>{1, 0, 100} << PgidTable{{1, 1}, {0, 0}, {100, 100}}
                                    << std::vector<pid_t>{};
    }
    void tree_signal_plan_signals_each_process_once()
    {
        QFETCH(std::vector<pid_t>, members);
        QFETCH(PgidTable, pgids);
        QFETCH(std::vector<pid_t>, individual);
        const TreeSignalPlan plan = planTreeSignal(100, members, [&](pid_t pid) -> std::optional<ProcessIdentity> {
            if (pgids.value(pid, -1) < 0)
                return std::nullopt;
            return ProcessIdentity{pgids.value(pid), 50};
        });
        QCOMPARE(plan.group, pid_t(100));
        QCOMPARE(plan.individual, individual);
        // Each member exactly once: by the group or on its own, never both.
        for (pid_t pid : members) {
            if (pid <= 1)
                continue;
            const int times = int(pgids.value(pid, -1) == 100) + int(std::count(plan.individual.begin(), plan.individual.end(), pid));
            QCOMPARE(times, 1);
        }
        QCOMPARE(planTreeSignal(1, {1}, [](pid_t) { return ProcessIdentity{1, 0}; }).group, pid_t(0));   // never kill(-1)
    }

    // The same signal again to a tree whose leader exited first (the rest
    // lingers): only what the first delivery missed. The old code sent the
    // whole plan again, so every process still draining got it twice.
    void tree_signal_again_reaches_only_what_it_missed_data()
    {
        QTest::addColumn<IdTable>("now");                    // pid -> (pgid, start time) at the second signal
        QTest::addColumn<std::vector<pid_t>>("individual");
        // First delivery at tick 60: kill(-100) and kill(104) (it had left with setsid, start 55).
        QTest::newRow("the group's members got it") << IdTable{{101, {100, 50}}, {102, {100, 59}}} << std::vector<pid_t>{};
        QTest::newRow("forked in the same tick: counted as reached") << IdTable{{101, {100, 60}}} << std::vector<pid_t>{};
        QTest::newRow("forked into the group since") << IdTable{{101, {100, 50}}, {103, {100, 61}}} << std::vector<pid_t>{103};
        QTest::newRow("signalled on its own before") << IdTable{{104, {104, 55}}} << std::vector<pid_t>{};
        QTest::newRow("its PID reused since") << IdTable{{104, {104, 80}}} << std::vector<pid_t>{104};
        QTest::newRow("outside the group, not known then") << IdTable{{105, {105, 40}}} << std::vector<pid_t>{105};
        QTest::newRow("listed then, left the group since") << IdTable{{102, {102, 59}}} << std::vector<pid_t>{};
        QTest::newRow("listed then, its PID reused since") << IdTable{{102, {100, 75}}} << std::vector<pid_t>{102};
        QTest::newRow("gone since it was listed") << IdTable{{101, {-1, 0}}} << std::vector<pid_t>{};
    }
    void tree_signal_again_reaches_only_what_it_missed()
    {
        QFETCH(IdTable, now);
        QFETCH(std::vector<pid_t>, individual);
        const IdTable first{{100, {100, 40}}, {101, {100, 50}}, {102, {100, 59}}, {104, {104, 55}}};
        auto probeIn = [](const IdTable &table) {
            return [table](pid_t pid) -> std::optional<ProcessIdentity> {
                if (!table.contains(pid) || table.value(pid).first < 0)
                    return std::nullopt;
                return ProcessIdentity{table.value(pid).first, table.value(pid).second};
            };
        };
        const TreeSignalPlan plan1 = planTreeSignal(100, {100, 101, 102, 104}, probeIn(first));
        QCOMPARE(plan1.group, pid_t(100));
        QCOMPARE(plan1.individual, std::vector<pid_t>{104});
        SignalDelivery record;
        recordDelivery(record, plan1, 60);

        std::vector<pid_t> members;
        for (auto it = now.begin(); it != now.end(); ++it)
            members.push_back(it.key());
        const TreeSignalPlan plan2 = planTreeSignal(100, members, probeIn(now), &record);
        QCOMPARE(plan2.group, pid_t(0));   // never the group again: it reaches what already got it
        QCOMPARE(plan2.individual, individual);

        // A third time reaches nothing new: the second is in the record too.
        recordDelivery(record, plan2, 70);
        QCOMPARE(planTreeSignal(100, members, probeIn(now), &record).individual, std::vector<pid_t>{});
    }

    void initTestCase()
    {
        QString error;
        QVERIFY2(becomeChildSubreaper(&error), qPrintable(error));
    }
    void cleanup()
    {
        reapAll();
    }

    void signalTreeReachesTheGroupAfterTheLeaderExited()
    {
        // The leader forks a member of its group and exits at once.
        SpawnResult s = spawnShell(QStringLiteral("sleep 100 & echo $! > /dev/null; exit 0"));
        QVERIFY2(s.pid > 0, qPrintable(s.error));
        QCOMPARE(execOutcome(s), 0);
        std::vector<pid_t> members;
        QVERIFY(waitUntil([&] {
            for (pid_t c : childrenOf(::getpid()))
                if (c != s.pid && ::getpgid(c) == s.pid)
                    members = {c};
            return !members.empty() && !alive(s.pid);
        }));
        signalTree(s.pid, SIGKILL);   // the leader is gone; its group is not
        QVERIFY(waitUntil([&] { return !alive(members[0]); }));
    }

    void descendantsAndAncestry()
    {
        SpawnResult s = spawnShell(QStringLiteral("sh -c 'sleep 100' & wait"));
        QVERIFY2(s.pid > 0, qPrintable(s.error));
        QCOMPARE(execOutcome(s), 0);
        std::vector<pid_t> tree;
        QVERIFY(waitUntil([&] {   // the inner sh (unless it exec'd) and sleep
            tree = descendantsOf(s.pid);
            return std::any_of(tree.begin(), tree.end(), [](pid_t p) { return comm(p) == "sleep"; });
        }));
        for (pid_t p : tree)
            QVERIFY(isDescendantOf(p, s.pid));
        QVERIFY(isDescendantOf(s.pid, s.pid));
        QVERIFY(!isDescendantOf(::getpid(), s.pid));
        QVERIFY(!isDescendantOf(s.pid, tree.front()));
        const auto children = childrenOf(::getpid());
        QVERIFY(std::find(children.begin(), children.end(), s.pid) != children.end());
        signalTree(s.pid, SIGKILL);
        QVERIFY(waitUntil([&] { return descendantsOf(s.pid).empty() && !alive(s.pid); }));
    }

    void spawnFailsWhenTheCgroupWriteFails()
    {
        const int readOnly = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        QVERIFY(readOnly >= 0);
        UniqueFd owner(readOnly);
        SpawnResult s = spawnShell(QStringLiteral("exit 0"), readOnly);
        QVERIFY2(s.pid > 0, qPrintable(s.error));
        QCOMPARE(execOutcome(s), EBADF);
        int status = 0;
        QCOMPARE(::waitpid(s.pid, &status, 0), s.pid);
        QCOMPARE(WEXITSTATUS(status), 127);
    }

    void cgroupKillsEverything_data()
    {
        QTest::addColumn<bool>("freeze");
        QTest::newRow("preferred mechanism") << false;
        QTest::newRow("freeze+kill") << true;
    }
    void cgroupKillsEverything()
    {
        QFETCH(bool, freeze);
        if (freeze)
            qputenv("BATON_CGROUP_FREEZE_KILL", "1");
        else
            qunsetenv("BATON_CGROUP_FREEZE_KILL");
        QString whyNot;
        std::unique_ptr<WorkerCgroups> cgroups = WorkerCgroups::probe(&whyNot);
        qunsetenv("BATON_CGROUP_FREEZE_KILL");
        if (!cgroups)
            QSKIP(qPrintable(QStringLiteral("no writable cgroup v2: %1").arg(whyNot)));
        qInfo("cgroup root %s, mechanism %s", qPrintable(cgroups->root()), qPrintable(cgroups->mechanism()));
        if (freeze)
            QCOMPARE(cgroups->mechanism(), QStringLiteral("cgroup freeze+kill"));

        QString error;
        QVERIFY(!cgroups->create(QStringLiteral("../escape"), &error));
        std::optional<WorkerCgroup> cg = cgroups->create(QStringLiteral("tst-%1").arg(freeze), &error);
        QVERIFY2(cg, qPrintable(error));
        QVERIFY(!cgroups->populated(*cg));

        SpawnResult s = spawnShell(QStringLiteral("sleep 100 & setsid sleep 100 & wait"), cg->procsFd.get());
        cg->procsFd.reset();
        QVERIFY2(s.pid > 0, qPrintable(s.error));
        QCOMPARE(execOutcome(s), 0);
        QVERIFY(waitUntil([&] { return cgroups->pids(*cg).size() == 3; }));
        QVERIFY(cgroups->populated(*cg));
        for (pid_t p : cgroups->pids(*cg))
            QVERIFY(cgroups->contains(*cg, p));
        QVERIFY(cgroups->contains(*cg, s.pid));
        QVERIFY(!cgroups->contains(*cg, ::getpid()));
        QVERIFY(!cgroups->oomKilled(*cg));
        QVERIFY(!cgroups->remove(*cg));   // busy: kept for a retry

        const std::vector<pid_t> all = cgroups->pids(*cg);
        cgroups->kill(*cg);
        QVERIFY(waitUntil([&] { return !cgroups->populated(*cg); }));
        for (pid_t p : all)
            QVERIFY2(!alive(p), qPrintable(QString::number(p)));
        QVERIFY(cgroups->remove(*cg));
        QVERIFY(!QFile::exists(cg->path));
    }

    void cgroupsAreCleanedUp()
    {
        QString whyNot;
        QString root;
        {
            std::unique_ptr<WorkerCgroups> cgroups = WorkerCgroups::probe(&whyNot);
            if (!cgroups)
                QSKIP(qPrintable(QStringLiteral("no writable cgroup v2: %1").arg(whyNot)));
            root = cgroups->root();
            QString error;
            QVERIFY2(cgroups->create(QStringLiteral("left-empty"), &error), qPrintable(error));
        }
        // The shared layout goes entirely; the delegated one keeps only batond/ and w/.
        if (QFileInfo(root).fileName().startsWith(QLatin1String("batond-")))
            QVERIFY(!QFile::exists(root));
        else
            QVERIFY(!QFile::exists(root + QStringLiteral("/w/left-empty")));
    }
};

QTEST_GUILESS_MAIN(ProcessTreeTest)
#include "tst_process_tree.moc"
