// The state batond carries across an upgrade in place (baton/UpgradeState.h,
// docs/upgrade-state.md) as values: every record decodes to itself through
// CBOR, a foreign format version is refused, and a GenerationMachine saved
// mid-drain and restored elsewhere is the same machine, whose timers fire
// after their remaining time, not their full one.
#include "baton/GenerationMachine.h"
#include "baton/UpgradeState.h"

#include <QCborValue>
#include <QDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <map>

using namespace baton;
using GM = GenerationMachine;
using namespace std::chrono_literals;

namespace {

ServiceConfig serviceConfig()
{
    ServiceConfig c;
    c.name = QStringLiteral("web");
    c.command = {QStringLiteral("baton-worker"), QStringLiteral("--root"), QStringLiteral("www")};
    c.program = QStringLiteral("/usr/bin/baton-worker");
    c.workers = 2;
    c.ready = ReadyMode::Exec;
    c.readyTimeout = 3000ms;
    c.stopSignal = SIGQUIT;
    c.drainTimeout = 5000ms;
    c.watchdog = 1500ms;
    c.env = {{QStringLiteral("GREETING"), QStringLiteral("hello")}, {QStringLiteral("A"), QStringLiteral("b=c")}};
    ListenerConfig tcp;
    tcp.name = QStringLiteral("http");
    tcp.address = *parseListenAddress(u"127.0.0.1:8080", QDir::root());
    tcp.backlog = 64;
    ListenerConfig local;
    local.name = QStringLiteral("admin");
    local.address = *parseListenAddress(u"unix:/run/baton/admin.sock", QDir::root());
    local.mode = 0660;
    c.listeners = {tcp, local};
    c.restart.initialDelay = 250ms;
    c.restart.maxRestarts = 3;
    c.restart.window = 60000ms;
    c.logBuffer = 4096;
    return c;
}

// Carries out a machine's actions with fake PIDs and a virtual clock.
struct Sim {
    explicit Sim(GM &machine) : m(machine) {}
    GM &m;
    GM::TimePoint now{};
    pid_t nextPid = 100;
    std::map<GM::TimerToken, GM::TimePoint> timers;
    QList<pid_t> killed;

    void pump()
    {
        using T = GM::Action::Type;
        for (auto actions = m.takeActions(); !actions.empty(); actions = m.takeActions()) {
            for (const GM::Action &a : actions) {
                if (a.type == T::Spawn && m.wantsSpawn(a.generation))
                    m.spawned(a.generation, a.slot, nextPid++, now);
                else if (a.type == T::ArmTimer)
                    timers[a.timer] = now + a.delay;
                else if (a.type == T::CancelTimer)
                    timers.erase(a.timer);
                else if (a.type == T::KillTree)
                    killed << a.pid;
            }
        }
    }
    void advance(Milliseconds by)
    {
        const GM::TimePoint target = now + by;
        for (;;) {
            auto next = std::min_element(timers.begin(), timers.end(), [](auto &a, auto &b) { return a.second < b.second; });
            if (next == timers.end() || next->second > target)
                break;
            const GM::TimerToken token = next->first;
            now = next->second;
            timers.erase(next);
            m.timerFired(token, now);
            pump();
        }
        now = target;
    }
    std::map<GM::TimerToken, Milliseconds> remaining() const
    {
        std::map<GM::TimerToken, Milliseconds> out;
        for (const auto &[token, at] : timers)
            out.emplace(token, std::chrono::duration_cast<Milliseconds>(at - now));
        return out;
    }
    void readyAll()
    {
        for (const auto &w : m.workers()) {
            if (w.state == GM::WorkerState::Starting) {
                m.execSucceeded(w.pid, now);   // ready = "exec"
                pump();
            }
        }
    }
};

QVariant throughCbor(const QVariantMap &map)
{
    return QCborValue::fromCbor(QCborValue::fromVariant(map).toCbor()).toVariant();
}

} // namespace

class TestUpgradeState final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void serviceConfigRoundTrip()
    {
        const ServiceConfig c = serviceConfig();
        QString error;
        const auto back = upgrade::serviceConfigFromVariant(throughCbor(upgrade::serviceConfigToVariant(c)), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, c);
    }

    void stateRoundTrip()
    {
        upgrade::State s;
        s.previousVersion = QStringLiteral("0.9.0");
        s.binary = QStringLiteral("/usr/sbin/batond");
        s.upgrades = 3;
        s.startedAtMs = 1700000000000;
        s.configPath = QStringLiteral("/etc/baton/baton.toml");
        s.runningText = QByteArray("[daemon]\n# \xc3\xa9t\xc3\xa9\n", 17);
        s.lockFd = 4;
        s.controlFd = 5;
        s.controlPath = QStringLiteral("/run/baton/control.sock");
        s.lastSeq = 12345;
        upgrade::Listener l;
        l.fd = 6;
        l.config = serviceConfig().listeners[1];
        l.inode = 99;
        s.listeners << l;
        upgrade::Client c;
        c.fd = 7;
        c.uid = 1000;
        c.groups = {1000, 27};
        c.events = true;
        c.logs = QVariantMap{{QStringLiteral("service"), QStringLiteral("web")}};
        c.input = QByteArray("{\"id\":2}\n{\"partial", 18);
        c.output = QByteArray("\0\1\2", 3);
        s.clients << c;
        s.requester = {QStringLiteral("unix"), 7, QStringLiteral("req-1")};
        upgrade::Tree t;
        t.leader = 4242;
        t.orphans = {4250};
        t.leaderGone = true;
        t.delivered << upgrade::Tree::Delivery{15, 4242, 123456, {{4250, 123400}}};
        s.trees << t;

        QString error;
        const auto back = upgrade::State::decode(s.encode(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toVariant(), s.toVariant());
        QCOMPARE(back->clients.value(0).input, c.input);
        QCOMPARE(back->requester.requestId.toString(), QStringLiteral("req-1"));
        QCOMPARE(back->trees.value(0).delivered.value(0).reached, t.delivered[0].reached);
        QCOMPARE(back->descriptors(), (QList<int>{4, 5, 6, 7}));
    }

    void otherFormatVersionsAreRefused()
    {
        upgrade::State s;
        s.configPath = QStringLiteral("/etc/baton/baton.toml");
        s.controlFd = 3;
        QVariantMap map = s.toVariant();
        map.insert(QStringLiteral("format"), upgrade::FormatVersion + 1);
        QString error;
        QVERIFY(!upgrade::State::decode(QCborValue::fromVariant(map).toCbor(), &error));
        QVERIFY2(error.contains(QStringLiteral("format %1").arg(upgrade::FormatVersion + 1)), qPrintable(error));
        QVERIFY(!upgrade::State::decode(QByteArray("not cbor"), &error));
    }

    // Generation 1 drains (deadline 5 s) when the state is taken 2 s in: the
    // restored machine has the same workers and generations, and kills the
    // old workers 3 s later, not 5.
    void machineRestoredMidDrain()
    {
        ServiceConfig config = serviceConfig();
        config.watchdog = 0ms;   // nobody pings in this world
        GM original(config);
        Sim s(original);
        original.startGeneration(config, QStringLiteral("test"), 0, s.now);
        s.pump();
        s.readyAll();
        original.startGeneration(config, QStringLiteral("reload"), 0, s.now);
        s.pump();
        s.readyAll();
        QList<pid_t> draining;
        for (const auto &w : original.workers()) {
            if (w.state == GM::WorkerState::Draining)
                draining << w.pid;
        }
        QCOMPARE(draining.size(), 2);
        s.advance(2000ms);

        const QVariantMap saved = original.saveState(s.remaining());
        GM restored(config);
        QString error;
        QVERIFY2(restored.restoreState(throughCbor(saved).toMap(), &error), qPrintable(error));
        Sim r(restored);
        r.now = s.now;
        r.nextPid = s.nextPid;
        r.pump();   // the re-armed timers
        QCOMPARE(r.timers.size(), s.timers.size());
        QCOMPARE(restored.saveState(r.remaining()), saved);
        QCOMPARE(restored.state(), original.state());
        QCOMPARE(restored.currentGeneration(), 2);
        QCOMPARE(restored.workers().size(), original.workers().size());

        r.advance(2900ms);
        QVERIFY2(r.killed.isEmpty(), "killed before the drain deadline");
        r.advance(200ms);
        std::sort(r.killed.begin(), r.killed.end());
        QCOMPARE(r.killed, draining);
    }
};

QTEST_APPLESS_MAIN(TestUpgradeState)
#include "tst_upgrade_state.moc"
