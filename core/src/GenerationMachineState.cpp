// GenerationMachine across an upgrade in place (batond re-executing itself):
// the machine as plain values and back. Kept apart from the transitions so
// that the rules stay in GenerationMachine*.cpp; the keys are documented in
// docs/upgrade-state.md ("machine").
//
// Time points are steady_clock (CLOCK_MONOTONIC) nanoseconds: the clock is
// system-wide, so they mean the same in the new image. Armed timers are saved
// with their remaining time, because the executor's timers do not survive
// execve; restoreState() re-arms each under its old token, so the workers'
// and generations' references to them stay valid. Callers waiting for a
// reload (request ids) are in-process callbacks: batond refuses to upgrade
// while a generation is starting, so there are none to carry.
#include "baton/GenerationMachine.h"

#include "baton/UpgradeState.h"

#include <algorithm>

namespace baton {

namespace {

qint64 ns(GenerationMachine::TimePoint t)
{
    return qint64(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

GenerationMachine::TimePoint fromNs(const QVariant &v)
{
    return GenerationMachine::TimePoint(std::chrono::duration_cast<GenerationMachine::Clock::duration>(std::chrono::nanoseconds(v.toLongLong())));
}

} // namespace

QVariantMap GenerationMachine::saveState(const std::map<TimerToken, Milliseconds> &remaining) const
{
    QVariantList generations, workers, timers;
    for (const auto &[number, g] : m_generations)
        generations << QVariantMap{{QStringLiteral("number"), g.number},
                                   {QStringLiteral("role"), int(g.role)},
                                   {QStringLiteral("config"), upgrade::serviceConfigToVariant(g.config)},
                                   {QStringLiteral("ready_timer"), g.readyTimer},
                                   {QStringLiteral("hold_timer"), g.holdTimer}};
    for (const auto &[pid, w] : m_workers) {
        QVariantMap m{{QStringLiteral("pid"), qint64(w.info.pid)},
                      {QStringLiteral("generation"), w.info.generation},
                      {QStringLiteral("slot"), w.info.slot},
                      {QStringLiteral("state"), int(w.info.state)},
                      {QStringLiteral("started_ns"), ns(w.info.started)},
                      {QStringLiteral("status"), w.info.status},
                      {QStringLiteral("operator_signal"), w.operatorSignal},
                      {QStringLiteral("exec_error"), w.execError},
                      {QStringLiteral("ready_timer"), w.readyTimer},
                      {QStringLiteral("watchdog_timer"), w.watchdogTimer},
                      {QStringLiteral("drain_timer"), w.drainTimer}};
        if (w.info.drainDeadline)
            m.insert(QStringLiteral("drain_deadline_ns"), ns(*w.info.drainDeadline));
        if (w.cause)
            m.insert(QStringLiteral("cause"), exitCauseName(*w.cause));
        if (w.killSent) {
            m.insert(QStringLiteral("kill_sent"), true);
            if (w.causeBeforeKill)
                m.insert(QStringLiteral("cause_before_kill"), exitCauseName(*w.causeBeforeKill));
        }
        workers << m;
    }
    for (const auto &[token, t] : m_timers) {
        const auto left = remaining.find(token);
        timers << QVariantMap{{QStringLiteral("token"), token},
                              {QStringLiteral("kind"), int(t.kind)},
                              {QStringLiteral("generation"), t.generation},
                              {QStringLiteral("pid"), qint64(t.pid)},
                              {QStringLiteral("slot"), t.slot},
                              {QStringLiteral("remaining_ms"), qint64(left == remaining.end() ? 0 : left->second.count())}};
    }
    QVariantMap out{{QStringLiteral("config"), upgrade::serviceConfigToVariant(m_config)},
                    {QStringLiteral("backoff"), m_backoff.saveState()},
                    {QStringLiteral("generations"), generations},
                    {QStringLiteral("workers"), workers},
                    {QStringLiteral("timers"), timers},
                    {QStringLiteral("last_timer"), m_lastTimer},
                    {QStringLiteral("last_generation"), m_lastGeneration},
                    {QStringLiteral("stopping"), m_stopping},
                    {QStringLiteral("failure"), m_failure}};
    if (m_pending)
        out.insert(QStringLiteral("pending"), QVariantMap{{QStringLiteral("config"), upgrade::serviceConfigToVariant(m_pending->config)},
                                                          {QStringLiteral("why"), m_pending->why}});
    return out;
}

bool GenerationMachine::restoreState(const QVariantMap &saved, QString *error)
{
    auto config = upgrade::serviceConfigFromVariant(saved.value(QStringLiteral("config")), error);
    if (!config)
        return false;
    m_config = *config;
    m_backoff.setPolicy(m_config.restart);
    m_backoff.restoreState(saved.value(QStringLiteral("backoff")).toMap());
    m_generations.clear();
    m_workers.clear();
    m_timers.clear();
    m_pending.reset();
    for (const QVariant &v : saved.value(QStringLiteral("generations")).toList()) {
        const QVariantMap m = v.toMap();
        Generation g;
        g.number = m.value(QStringLiteral("number")).toInt();
        g.role = Role(m.value(QStringLiteral("role")).toInt());
        auto gc = upgrade::serviceConfigFromVariant(m.value(QStringLiteral("config")), error);
        if (!gc)
            return false;
        g.config = *gc;
        g.readyTimer = m.value(QStringLiteral("ready_timer")).toULongLong();
        g.holdTimer = m.value(QStringLiteral("hold_timer")).toULongLong();
        m_generations.emplace(g.number, std::move(g));
    }
    for (const QVariant &v : saved.value(QStringLiteral("workers")).toList()) {
        const QVariantMap m = v.toMap();
        Worker w;
        w.info.pid = pid_t(m.value(QStringLiteral("pid")).toLongLong());
        w.info.generation = m.value(QStringLiteral("generation")).toInt();
        w.info.slot = m.value(QStringLiteral("slot")).toInt();
        w.info.state = WorkerState(m.value(QStringLiteral("state")).toInt());
        w.info.started = fromNs(m.value(QStringLiteral("started_ns")));
        w.info.status = m.value(QStringLiteral("status")).toString();
        if (m.contains(QStringLiteral("drain_deadline_ns")))
            w.info.drainDeadline = fromNs(m.value(QStringLiteral("drain_deadline_ns")));
        if (m.contains(QStringLiteral("cause")))
            w.cause = exitCauseFromName(m.value(QStringLiteral("cause")).toString());
        w.killSent = m.value(QStringLiteral("kill_sent")).toBool();
        if (m.contains(QStringLiteral("cause_before_kill")))
            w.causeBeforeKill = exitCauseFromName(m.value(QStringLiteral("cause_before_kill")).toString());
        w.operatorSignal = m.value(QStringLiteral("operator_signal")).toInt();
        w.execError = m.value(QStringLiteral("exec_error")).toString();
        w.readyTimer = m.value(QStringLiteral("ready_timer")).toULongLong();
        w.watchdogTimer = m.value(QStringLiteral("watchdog_timer")).toULongLong();
        w.drainTimer = m.value(QStringLiteral("drain_timer")).toULongLong();
        if (w.info.pid <= 0 || !m_generations.count(w.info.generation)) {
            *error = QStringLiteral("%1: worker %2 of unknown generation %3").arg(m_config.name).arg(w.info.pid).arg(w.info.generation);
            return false;
        }
        m_workers.emplace(w.info.pid, std::move(w));
    }
    for (const QVariant &v : saved.value(QStringLiteral("timers")).toList()) {
        const QVariantMap m = v.toMap();
        const TimerToken token = m.value(QStringLiteral("token")).toULongLong();
        m_timers.emplace(token, Timer{TimerKind(m.value(QStringLiteral("kind")).toInt()), m.value(QStringLiteral("generation")).toInt(),
                                      pid_t(m.value(QStringLiteral("pid")).toLongLong()), m.value(QStringLiteral("slot")).toInt()});
        Action a;
        a.type = Action::Type::ArmTimer;
        a.timer = token;
        a.delay = Milliseconds(std::max<qint64>(0, m.value(QStringLiteral("remaining_ms")).toLongLong()));
        m_actions.push_back(std::move(a));
    }
    m_lastTimer = saved.value(QStringLiteral("last_timer")).toULongLong();
    m_lastGeneration = saved.value(QStringLiteral("last_generation")).toInt();
    m_stopping = saved.value(QStringLiteral("stopping")).toBool();
    m_failure = saved.value(QStringLiteral("failure")).toString();
    if (saved.contains(QStringLiteral("pending"))) {
        const QVariantMap p = saved.value(QStringLiteral("pending")).toMap();
        auto pc = upgrade::serviceConfigFromVariant(p.value(QStringLiteral("config")), error);
        if (!pc)
            return false;
        m_pending = Pending{*pc, p.value(QStringLiteral("why")).toString(), {}};
    }
    m_reportedState = state();   // nothing changed for the outside
    return true;
}

} // namespace baton
