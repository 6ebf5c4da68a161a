#pragma once
// The simulated world of the GenerationMachine tests (tst_generation_machine,
// tst_generation_requests): it carries out the machine's actions with fake
// PIDs and a virtual clock for timers, and records what the machine asked for.
#include "baton/GenerationMachine.h"

#include <QTest>

#include <algorithm>
#include <csignal>
#include <map>

namespace baton::testing {

using GM = GenerationMachine;
inline int exitedWith(int code) { return (code & 0xff) << 8; }
inline int killedBy(int signal) { return signal & 0x7f; }

inline ServiceConfig serviceConfig(int workers = 2)
{
    ServiceConfig c;
    c.name = QStringLiteral("web");
    c.command = {QStringLiteral("/bin/worker")};
    c.program = QStringLiteral("/bin/worker");
    c.workers = workers;
    c.readyTimeout = Milliseconds(3000);
    c.drainTimeout = Milliseconds(5000);
    c.restart.maxRestarts = 3;
    c.restart.window = Milliseconds(60000);
    return c;
}

struct Sim {
    explicit Sim(const ServiceConfig &c = serviceConfig()) : m(c) {}

    GM m;
    GM::TimePoint now{};
    pid_t nextPid = 100;
    bool failSpawns = false;
    std::map<GM::TimerToken, GM::TimePoint> timers;
    QList<QPair<pid_t, int>> signalled;     // SignalTree
    QList<pid_t> killed;                    // KillTree
    std::map<GM::RequestId, QPair<bool, QString>> answers;
    std::map<GM::RequestId, pid_t> answerPids;   // a restart's answer names the replacement
    QList<Event> events;
    QList<GM::State> states;
    QList<int> gone;
    int spawns = 0;

    void pump()
    {
        for (auto actions = m.takeActions(); !actions.empty(); actions = m.takeActions()) {
            for (const GM::Action &a : actions)
                handle(a);
        }
    }
    void handle(const GM::Action &a)
    {
        using T = GM::Action::Type;
        switch (a.type) {
        case T::Spawn:
            if (!m.wantsSpawn(a.generation))
                break;
            ++spawns;
            if (failSpawns)
                m.spawnFailed(a.generation, a.slot, QStringLiteral("no such file"), now);
            else
                m.spawned(a.generation, a.slot, nextPid++, now);
            break;
        case T::SignalTree: signalled.append({a.pid, a.signal}); break;
        case T::KillTree: killed.append(a.pid); break;
        case T::ArmTimer: timers[a.timer] = now + a.delay; break;
        case T::CancelTimer: timers.erase(a.timer); break;
        case T::Emit: events.append(a.event); break;
        case T::Answer:
            for (GM::RequestId id : a.requests) {
                QVERIFY2(!answers.count(id), "a request was answered twice");
                answers[id] = {a.ok, a.reason};
                answerPids[id] = a.pid;
            }
            break;
        case T::StateChanged: states.append(a.state); break;
        case T::GenerationGone: gone.append(a.generation); break;
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
    void start(int request = 0, const ServiceConfig &c = serviceConfig())
    {
        m.startGeneration(c, QStringLiteral("test"), GM::RequestId(request), now);
        pump();
    }
    QList<pid_t> pids(int generation, std::optional<GM::WorkerState> state = std::nullopt) const
    {
        QList<pid_t> out;
        for (const auto &w : m.workers()) {
            if (w.generation == generation && (!state || w.state == *state))
                out << w.pid;
        }
        return out;
    }
    void readyAll(int generation)
    {
        for (pid_t p : pids(generation, GM::WorkerState::Starting)) {
            m.ready(p, now);
            pump();
        }
    }
    void exit(pid_t pid, int status, bool treeRemains = false, bool oom = false)
    {
        QVERIFY(m.exited(pid, status, treeRemains, oom, now));
        pump();
    }
    QString causeOf(pid_t pid) const
    {
        for (const Event &e : events) {
            if (e.kind == EventKind::Exit && e.pid == pid)
                return e.cause;
        }
        return {};
    }
    int count(const QString &kind) const
    {
        return int(std::count_if(events.begin(), events.end(), [&](const Event &e) { return e.kind == kind; }));
    }
    bool wasKilled(pid_t pid) const { return killed.contains(pid); }
    bool wasSignalled(pid_t pid) const
    {
        return std::any_of(signalled.begin(), signalled.end(), [pid](auto &s) { return s.first == pid; });
    }
};

} // namespace baton::testing
