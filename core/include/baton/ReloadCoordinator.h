#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <set>
#include <vector>

namespace baton {

// The daemon-level half of the reload state machine (the per-service half is
// GenerationMachine): start-up, full reloads (SIGHUP, `batonctl reload`, an
// applied config), their queue and their answers, and stop. Pure: the
// executor (daemon/master/Supervisor) loads the config, plans and starts
// generations when told to, and reports which services it waits for and how
// each settled. See ReloadCoordinator.cpp for the queueing rules.
class ReloadCoordinator final {
public:
    using WaiterId = quint64;   // a caller waiting for an outcome (0: nobody)
    enum class Phase { Idle, Starting, Running, Reloading, Stopping };

    struct Outcome {
        bool ok = true;
        QString outcome;            // one line for humans
        QStringList rolledBack;     // "web (not ready within 10s)"
    };
    struct Action {
        enum class Type {
            BeginReload,     // force, round: load, plan, start generations; then reloadStarted() or reloadRejected()
            Answer,          // waiters, outcome
            ReloadFinished,  // outcome: record it, tell systemd READY=1
            StartupDone,     // outcome: ok = every first generation is ready
            PhaseChanged,    // phase
        };
        Type type = Type::Answer;
        bool force = false;
        quint64 round = 0;
        QList<WaiterId> waiters;
        Outcome outcome;
        Phase phase = Phase::Idle;
    };

    // Start-up: the first generations of `services` are on their way.
    void startupBegun(const QStringList &services);
    // `force` also gives unchanged services a fresh generation (SIGHUP,
    // `batonctl reload`); an applied config does not.
    void requestReload(bool force, WaiterId waiter);
    void reloadRejected(const QString &reason);
    void reloadStarted(const QStringList &waitingFor);
    // A generation started in `round` settled (promoted: ok, rolled back: not).
    void serviceSettled(const QString &service, quint64 round, bool ok, const QString &reason);
    void stop();

    std::vector<Action> takeActions() { return std::exchange(m_actions, {}); }
    Phase phase() const { return m_phase; }
    quint64 round() const { return m_round; }

private:
    void setPhase(Phase phase);
    void begin(bool force, QList<WaiterId> waiters);
    void finish();
    void startPending();
    void answer(QList<WaiterId> waiters, const Outcome &outcome);

    Phase m_phase = Phase::Idle;
    quint64 m_round = 0;
    std::set<QString> m_settling;
    QStringList m_rolledBack;
    QList<WaiterId> m_current;
    bool m_pending = false;
    bool m_pendingForce = false;
    QList<WaiterId> m_pendingWaiters;
    std::vector<Action> m_actions;
};

} // namespace baton
