// What GenerationMachine shows of itself: names of its states and the
// read-only queries the executor and the control API use.
#include "baton/GenerationMachine.h"

#include <algorithm>

namespace baton {

QString generationStateName(GenerationMachine::State state)
{
    using S = GenerationMachine::State;
    switch (state) {
    case S::Starting: return QStringLiteral("starting");
    case S::Running: return QStringLiteral("running");
    case S::Reloading: return QStringLiteral("reloading");
    case S::Degraded: return QStringLiteral("degraded");
    case S::Failed: return QStringLiteral("failed");
    case S::Stopping: return QStringLiteral("stopping");
    case S::Stopped: return QStringLiteral("stopped");
    }
    return {};
}

QString generationWorkerStateName(GenerationMachine::WorkerState state)
{
    using W = GenerationMachine::WorkerState;
    switch (state) {
    case W::Starting: return QStringLiteral("starting");
    case W::Ready: return QStringLiteral("ready");
    case W::Draining: return QStringLiteral("draining");
    case W::Lingering: return QStringLiteral("lingering");
    }
    return {};
}

QString generationRoleName(GenerationMachine::Role role)
{
    using R = GenerationMachine::Role;
    switch (role) {
    case R::Starting: return QStringLiteral("starting");
    case R::Current: return QStringLiteral("current");
    case R::Draining: return QStringLiteral("draining");
    case R::Failed: return QStringLiteral("failed");
    }
    return {};
}

GenerationMachine::GenerationMachine(const ServiceConfig &config, std::function<double()> jitter)
    : m_config(config), m_jitter(std::move(jitter)), m_backoff(config.restart)
{
}

// ---------------------------------------------------------------------------
// Queries

GenerationMachine::Generation *GenerationMachine::generation(int number)
{
    const auto it = m_generations.find(number);
    return it == m_generations.end() ? nullptr : &it->second;
}

GenerationMachine::Generation *GenerationMachine::withRole(Role role)
{
    for (auto &[number, gen] : m_generations) {
        if (gen.role == role)
            return &gen;
    }
    return nullptr;
}

GenerationMachine::Worker *GenerationMachine::worker(pid_t pid)
{
    const auto it = m_workers.find(pid);
    return it == m_workers.end() ? nullptr : &it->second;
}

const ServiceConfig *GenerationMachine::generationConfig(int number) const
{
    const auto it = m_generations.find(number);
    return it == m_generations.end() ? nullptr : &it->second.config;
}

int GenerationMachine::currentGeneration() const
{
    for (const auto &[number, gen] : m_generations) {
        if (gen.role == Role::Current)
            return number;
    }
    return 0;
}

QString GenerationMachine::failureReason() const
{
    if (state() != State::Failed)
        return {};
    if (m_backoff.isOpen())
        return QStringLiteral("%1; `batonctl reset %2` or a reload starts it again")
            .arg(m_failure.isEmpty() ? QStringLiteral("the storm breaker is open") : m_failure, name());
    return QStringLiteral("%1; a reload starts it again").arg(m_failure.isEmpty() ? QStringLiteral("no generation is serving") : m_failure);
}

bool GenerationMachine::isSettling() const
{
    if (m_pending)
        return true;
    return std::any_of(m_generations.begin(), m_generations.end(), [](const auto &g) { return g.second.role == Role::Starting; });
}

bool GenerationMachine::wantsSpawn(int number) const
{
    const auto it = m_generations.find(number);
    return !m_stopping && it != m_generations.end() && (it->second.role == Role::Starting || it->second.role == Role::Current);
}

int GenerationMachine::readyWorkers() const
{
    const int cur = currentGeneration();
    return int(std::count_if(m_workers.begin(), m_workers.end(), [cur](const auto &w) {
        return w.second.info.generation == cur && w.second.info.state == WorkerState::Ready;
    }));
}

GenerationMachine::State GenerationMachine::state() const
{
    if (m_stopping || m_held)
        return m_workers.empty() ? State::Stopped : State::Stopping;
    const int cur = currentGeneration();
    if (isSettling())
        return cur ? State::Reloading : State::Starting;   // also a reload of a failed service, until it is decided
    if (m_backoff.isOpen())
        return State::Failed;
    if (!cur)
        return State::Failed;   // never got a generation serving
    return readyWorkers() >= m_config.workers ? State::Running : State::Degraded;
}

std::vector<GenerationMachine::WorkerInfo> GenerationMachine::workers() const
{
    std::vector<WorkerInfo> out;
    for (const auto &[pid, w] : m_workers)
        out.push_back(w.info);
    return out;
}

std::vector<GenerationMachine::GenerationInfo> GenerationMachine::generations() const
{
    std::vector<GenerationInfo> out;
    for (const auto &[number, gen] : m_generations) {
        const int n = int(std::count_if(m_workers.begin(), m_workers.end(),
                                        [number = number](const auto &w) { return w.second.info.generation == number; }));
        const int ready = int(std::count_if(m_workers.begin(), m_workers.end(), [number = number](const auto &w) {
            return w.second.info.generation == number && w.second.info.state == WorkerState::Ready;
        }));
        out.push_back({number, gen.role, n, ready});
    }
    return out;
}

bool GenerationMachine::slotOccupied(int number, int slot) const
{
    return std::any_of(m_workers.begin(), m_workers.end(), [&](const auto &w) {
        const WorkerInfo &i = w.second.info;
        return i.generation == number && i.slot == slot && (i.state == WorkerState::Starting || i.state == WorkerState::Ready);
    });
}

} // namespace baton
