// The records of baton/UpgradeState.h as plain values. Keys are snake_case
// and documented in docs/upgrade-state.md; fromVariant() tolerates unknown
// keys (a newer writer) and gives missing optional ones their defaults.
#include "baton/UpgradeState.h"

#include "RecordFields.h"

#include "baton/ListenAddress.h"

#include <QCborValue>
#include <QDir>

namespace baton::upgrade {

namespace {

int toInt(const QVariantMap &m, const char *key, int fallback = -1)
{
    const QVariant v = m.value(QLatin1String(key));
    return v.isValid() ? v.toInt() : fallback;
}

qint64 toLong(const QVariantMap &m, const char *key, qint64 fallback = 0)
{
    const QVariant v = m.value(QLatin1String(key));
    return v.isValid() ? v.toLongLong() : fallback;
}

QString str(const QVariantMap &m, const char *key) { return m.value(QLatin1String(key)).toString(); }

QVariantList longs(const QList<qint64> &values)
{
    QVariantList out;
    for (const qint64 v : values)
        out << v;
    return out;
}

QList<qint64> longsFrom(const QVariant &value)
{
    QList<qint64> out;
    for (const QVariant &v : value.toList())
        out << v.toLongLong();
    return out;
}

// [[a, b], ...]: MAINPID= → worker, a delivery's (pid, start time).
QVariantList pairs(const QList<std::pair<qint64, qint64>> &values)
{
    QVariantList out;
    for (const auto &[a, b] : values)
        out << QVariant(QVariantList{a, b});
    return out;
}

QList<std::pair<qint64, qint64>> pairsFrom(const QVariant &value)
{
    QList<std::pair<qint64, qint64>> out;
    for (const QVariant &p : value.toList()) {
        const QVariantList pair = p.toList();
        if (pair.size() == 2)
            out.append({pair[0].toLongLong(), pair[1].toLongLong()});
    }
    return out;
}

using record_fields::listOf;

QVariantMap listenerConfigToVariant(const ListenerConfig &l)
{
    QVariantMap m{{QStringLiteral("name"), l.name}, {QStringLiteral("address"), l.address.toString()},
                  {QStringLiteral("backlog"), l.backlog}};
    if (l.mode)
        m.insert(QStringLiteral("mode"), qint64(*l.mode));
    return m;
}

std::optional<ListenerConfig> listenerConfigFromVariant(const QVariant &value, QString *error)
{
    const QVariantMap m = value.toMap();
    ListenerConfig l;
    l.name = str(m, "name");
    QString why;
    // Addresses are carried in canonical form: Unix paths are already absolute.
    const auto address = parseListenAddress(str(m, "address"), QDir::root(), &why);
    if (!address) {
        *error = QStringLiteral("listener %1: %2").arg(l.name, why);
        return std::nullopt;
    }
    l.address = *address;
    l.backlog = toInt(m, "backlog", 511);
    if (m.contains(QStringLiteral("mode")))
        l.mode = uint(toLong(m, "mode"));
    return l;
}

} // namespace

QVariantMap serviceConfigToVariant(const ServiceConfig &c)
{
    QVariantList env, listeners;
    for (const auto &[key, value] : c.env)
        env << QVariant(QStringList{key, value});
    for (const ListenerConfig &l : c.listeners)
        listeners << listenerConfigToVariant(l);
    return {{QStringLiteral("name"), c.name},
            {QStringLiteral("command"), c.command},
            {QStringLiteral("program"), c.program},
            {QStringLiteral("workers"), c.workers},
            {QStringLiteral("ready"), readyModeName(c.ready)},
            {QStringLiteral("ready_timeout_ms"), qint64(c.readyTimeout.count())},
            {QStringLiteral("ready_hold_ms"), qint64(c.readyHold.count())},
            {QStringLiteral("stop_signal"), c.stopSignal},
            {QStringLiteral("drain_timeout_ms"), qint64(c.drainTimeout.count())},
            {QStringLiteral("watchdog_ms"), qint64(c.watchdog.count())},
            {QStringLiteral("env"), env},
            {QStringLiteral("listeners"), listeners},
            {QStringLiteral("restart"), QVariantMap{{QStringLiteral("initial_delay_ms"), qint64(c.restart.initialDelay.count())},
                                                    {QStringLiteral("max_delay_ms"), qint64(c.restart.maxDelay.count())},
                                                    {QStringLiteral("max_restarts"), c.restart.maxRestarts},
                                                    {QStringLiteral("window_ms"), qint64(c.restart.window.count())}}},
            {QStringLiteral("log_buffer"), c.logBuffer}, {QStringLiteral("log_rate"), c.logRate}};
}

std::optional<ServiceConfig> serviceConfigFromVariant(const QVariant &value, QString *error)
{
    const QVariantMap m = value.toMap();
    ServiceConfig c;
    c.name = str(m, "name");
    if (c.name.isEmpty()) {
        *error = QStringLiteral("a service without a name");
        return std::nullopt;
    }
    c.command = m.value(QStringLiteral("command")).toStringList();
    c.program = str(m, "program");
    c.workers = toInt(m, "workers", 1);
    c.ready = str(m, "ready") == readyModeName(ReadyMode::Exec) ? ReadyMode::Exec : ReadyMode::Notify;
    c.readyTimeout = Milliseconds(toLong(m, "ready_timeout_ms", c.readyTimeout.count()));
    c.readyHold = Milliseconds(toLong(m, "ready_hold_ms", 0));
    c.stopSignal = toInt(m, "stop_signal", SIGTERM);
    c.drainTimeout = Milliseconds(toLong(m, "drain_timeout_ms", c.drainTimeout.count()));
    c.watchdog = Milliseconds(toLong(m, "watchdog_ms", 0));
    for (const QVariant &kv : m.value(QStringLiteral("env")).toList()) {
        const QStringList pair = kv.toStringList();
        if (pair.size() == 2)
            c.env.append({pair[0], pair[1]});
    }
    for (const QVariant &l : m.value(QStringLiteral("listeners")).toList()) {
        auto listener = listenerConfigFromVariant(l, error);
        if (!listener)
            return std::nullopt;
        c.listeners.append(*listener);
    }
    const QVariantMap r = m.value(QStringLiteral("restart")).toMap();
    c.restart.initialDelay = Milliseconds(toLong(r, "initial_delay_ms", c.restart.initialDelay.count()));
    c.restart.maxDelay = Milliseconds(toLong(r, "max_delay_ms", c.restart.maxDelay.count()));
    c.restart.maxRestarts = toInt(r, "max_restarts", c.restart.maxRestarts);
    c.restart.window = Milliseconds(toLong(r, "window_ms", c.restart.window.count()));
    c.logBuffer = toLong(m, "log_buffer", c.logBuffer);
    c.logRate = toLong(m, "log_rate", c.logRate);
    return c;
}

QVariantMap Listener::toVariant() const
{
    return {{QStringLiteral("fd"), fd}, {QStringLiteral("config"), listenerConfigToVariant(config)}, {QStringLiteral("inode"), inode}};
}

std::optional<Listener> Listener::fromVariant(const QVariant &value, QString *error)
{
    const QVariantMap m = value.toMap();
    Listener l;
    l.fd = toInt(m, "fd");
    auto config = listenerConfigFromVariant(m.value(QStringLiteral("config")), error);
    if (!config)
        return std::nullopt;
    l.config = *config;
    l.inode = toLong(m, "inode");
    return l;
}

QVariantMap WorkerFds::toVariant() const
{
    return {{QStringLiteral("pid"), pid}, {QStringLiteral("stdout_fd"), stdoutFd}, {QStringLiteral("stderr_fd"), stderrFd},
            {QStringLiteral("exec_fd"), execFd}};
}

WorkerFds WorkerFds::fromVariant(const QVariant &value)
{
    const QVariantMap m = value.toMap();
    return {toLong(m, "pid"), toInt(m, "stdout_fd"), toInt(m, "stderr_fd"), toInt(m, "exec_fd")};
}

QVariantMap Service::toVariant() const
{
    QVariantList gens;
    for (const auto &[generation, indices] : generationListeners) {
        QVariantList idx;
        for (const int i : indices)
            idx << i;
        gens << QVariantMap{{QStringLiteral("generation"), generation}, {QStringLiteral("listeners"), idx}};
    }
    return {{QStringLiteral("name"), name},
            {QStringLiteral("notify_fd"), notifyFd},
            {QStringLiteral("notify_address"), notifyAddress},
            {QStringLiteral("machine"), machine},
            {QStringLiteral("generation_listeners"), gens},
            {QStringLiteral("workers"), listOf(workers)},
            {QStringLiteral("lingering"), longs(lingering)},
            {QStringLiteral("main_pids"), pairs(mainPids)}};
}

std::optional<Service> Service::fromVariant(const QVariant &value, QString *error)
{
    const QVariantMap m = value.toMap();
    Service s;
    s.name = str(m, "name");
    s.notifyFd = toInt(m, "notify_fd");
    s.notifyAddress = str(m, "notify_address");
    s.machine = m.value(QStringLiteral("machine")).toMap();
    if (s.name.isEmpty() || s.notifyFd < 0 || s.machine.isEmpty()) {
        *error = QStringLiteral("service record \"%1\" lacks its name, notify socket or machine").arg(s.name);
        return std::nullopt;
    }
    for (const QVariant &g : m.value(QStringLiteral("generation_listeners")).toList()) {
        const QVariantMap gm = g.toMap();
        QList<int> indices;
        for (const QVariant &i : gm.value(QStringLiteral("listeners")).toList())
            indices << i.toInt();
        s.generationListeners.append({toInt(gm, "generation", 0), indices});
    }
    for (const QVariant &w : m.value(QStringLiteral("workers")).toList())
        s.workers << WorkerFds::fromVariant(w);
    s.lingering = longsFrom(m.value(QStringLiteral("lingering")));
    s.mainPids = pairsFrom(m.value(QStringLiteral("main_pids")));
    return s;
}

QVariantMap Tree::toVariant() const
{
    QVariantMap m{{QStringLiteral("leader"), leader}, {QStringLiteral("orphans"), longs(orphans)},
                  {QStringLiteral("leader_gone"), leaderGone}};
    if (!cgroupPath.isEmpty())
        m.insert(QStringLiteral("cgroup"), QVariantMap{{QStringLiteral("name"), cgroupName}, {QStringLiteral("path"), cgroupPath},
                                                       {QStringLiteral("relative"), cgroupRelative}});
    QVariantList delivery;
    for (const Delivery &d : delivered)
        delivery << QVariantMap{{QStringLiteral("signal"), d.signal}, {QStringLiteral("group"), d.group},
                                {QStringLiteral("group_at"), d.groupAt}, {QStringLiteral("reached"), pairs(d.reached)}};
    if (!delivery.isEmpty())
        m.insert(QStringLiteral("delivered"), delivery);
    return m;
}

Tree Tree::fromVariant(const QVariant &value)
{
    const QVariantMap m = value.toMap();
    const QVariantMap cg = m.value(QStringLiteral("cgroup")).toMap();
    Tree t{toLong(m, "leader"), longsFrom(m.value(QStringLiteral("orphans"))), m.value(QStringLiteral("leader_gone")).toBool(),
           str(cg, "name"), str(cg, "path"), str(cg, "relative"), {}};
    for (const QVariant &v : m.value(QStringLiteral("delivered")).toList()) {
        const QVariantMap dm = v.toMap();
        t.delivered << Delivery{int(toLong(dm, "signal")), toLong(dm, "group"), toLong(dm, "group_at"),
                                pairsFrom(dm.value(QStringLiteral("reached")))};
    }
    return t;
}

QVariantMap Client::toVariant() const
{
    QVariantMap m{{QStringLiteral("fd"), fd}, {QStringLiteral("uid"), uid}, {QStringLiteral("gid"), gid},
                  {QStringLiteral("pid"), pid}, {QStringLiteral("groups"), longs(groups)},
                  {QStringLiteral("user_name"), userName}, {QStringLiteral("events"), events},
                  {QStringLiteral("metrics"), metrics}, {QStringLiteral("input"), input},
                  {QStringLiteral("output"), output}};
    if (logs.isValid())
        m.insert(QStringLiteral("logs"), logs);
    return m;
}

Client Client::fromVariant(const QVariant &value)
{
    const QVariantMap m = value.toMap();
    Client c;
    c.fd = toInt(m, "fd");
    c.uid = toLong(m, "uid", -1);
    c.gid = toLong(m, "gid", -1);
    c.pid = toLong(m, "pid");
    c.groups = longsFrom(m.value(QStringLiteral("groups")));
    c.userName = str(m, "user_name");
    c.events = m.value(QStringLiteral("events")).toBool();
    c.metrics = m.value(QStringLiteral("metrics")).toBool();
    c.logs = m.value(QStringLiteral("logs"));
    c.input = m.value(QStringLiteral("input")).toByteArray();
    c.output = m.value(QStringLiteral("output")).toByteArray();
    return c;
}

QVariantMap Requester::toVariant() const
{
    return {{QStringLiteral("transport"), transport}, {QStringLiteral("client_fd"), clientFd}, {QStringLiteral("request_id"), requestId}};
}

Requester Requester::fromVariant(const QVariant &value)
{
    const QVariantMap m = value.toMap();
    return {str(m, "transport"), toInt(m, "client_fd"), m.value(QStringLiteral("request_id"))};
}

QVariantMap State::toVariant() const
{
    return {{QStringLiteral("format"), format},
            {QStringLiteral("previous_version"), previousVersion},
            {QStringLiteral("previous_binary"), previousBinary},
            {QStringLiteral("binary"), binary},
            {QStringLiteral("upgrades"), upgrades},
            {QStringLiteral("started_at_ms"), startedAtMs},
            {QStringLiteral("upgraded_at_ms"), upgradedAtMs},
            {QStringLiteral("config_path"), configPath},
            {QStringLiteral("running_text"), runningText},
            {QStringLiteral("disk_version"), diskVersion},
            {QStringLiteral("pid_file"), pidFile},
            {QStringLiteral("lock_fd"), lockFd},
            {QStringLiteral("lock_path"), lockPath},
            {QStringLiteral("control_fd"), controlFd},
            {QStringLiteral("control_path"), controlPath},
            {QStringLiteral("control_dev"), controlDev},
            {QStringLiteral("control_inode"), controlInode},
            {QStringLiteral("last_seq"), lastSeq},
            {QStringLiteral("listeners"), listOf(listeners)},
            {QStringLiteral("services"), listOf(services)},
            {QStringLiteral("trees"), listOf(trees)},
            {QStringLiteral("cgroups"), cgroups},
            {QStringLiteral("clients"), listOf(clients)},
            {QStringLiteral("requester"), requester.toVariant()},
            {QStringLiteral("log_lines"), logLines},
            {QStringLiteral("log_last_seq"), logLastSeq},
            {QStringLiteral("metrics_samples"), metricsSamples},
            {QStringLiteral("preflight_token"), preflightToken}};
}

std::optional<State> State::fromVariant(const QVariant &value, QString *error)
{
    const QVariantMap m = value.toMap();
    State s;
    s.format = toInt(m, "format", 0);
    if (s.format != FormatVersion) {
        *error = QStringLiteral("upgrade state format %1, this batond reads format %2").arg(s.format).arg(FormatVersion);
        return std::nullopt;
    }
    s.previousVersion = str(m, "previous_version");
    s.previousBinary = str(m, "previous_binary");
    s.binary = str(m, "binary");
    s.upgrades = toInt(m, "upgrades", 0);
    s.startedAtMs = toLong(m, "started_at_ms");
    s.upgradedAtMs = toLong(m, "upgraded_at_ms");
    s.configPath = str(m, "config_path");
    s.runningText = m.value(QStringLiteral("running_text")).toByteArray();
    s.diskVersion = str(m, "disk_version");
    s.pidFile = str(m, "pid_file");
    s.lockFd = toInt(m, "lock_fd");
    s.lockPath = str(m, "lock_path");
    s.controlFd = toInt(m, "control_fd");
    s.controlPath = str(m, "control_path");
    s.controlDev = toLong(m, "control_dev");
    s.controlInode = toLong(m, "control_inode");
    s.lastSeq = toLong(m, "last_seq");
    if (s.configPath.isEmpty() || s.controlFd < 0) {
        *error = QStringLiteral("upgrade state lacks the config path or the control socket");
        return std::nullopt;
    }
    for (const QVariant &l : m.value(QStringLiteral("listeners")).toList()) {
        auto listener = Listener::fromVariant(l, error);
        if (!listener)
            return std::nullopt;
        s.listeners << *listener;
    }
    for (const QVariant &v : m.value(QStringLiteral("services")).toList()) {
        auto service = Service::fromVariant(v, error);
        if (!service)
            return std::nullopt;
        s.services << *service;
    }
    for (const QVariant &t : m.value(QStringLiteral("trees")).toList())
        s.trees << Tree::fromVariant(t);
    s.cgroups = m.value(QStringLiteral("cgroups")).toMap();
    for (const QVariant &c : m.value(QStringLiteral("clients")).toList())
        s.clients << Client::fromVariant(c);
    s.requester = Requester::fromVariant(m.value(QStringLiteral("requester")));
    s.logLines = m.value(QStringLiteral("log_lines")).toList();
    s.logLastSeq = toLong(m, "log_last_seq");
    s.metricsSamples = m.value(QStringLiteral("metrics_samples")).toList();   // absent before 0.1.0-2: none
    s.preflightToken = str(m, "preflight_token");
    return s;
}

QByteArray State::encode() const
{
    return QCborValue::fromVariant(toVariant()).toCbor();
}

std::optional<State> State::decode(const QByteArray &bytes, QString *error)
{
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(bytes, &parseError);
    if (parseError.error != QCborError::NoError || !value.isMap()) {
        *error = QStringLiteral("unreadable upgrade state (%1 bytes): %2").arg(bytes.size()).arg(parseError.errorString());
        return std::nullopt;
    }
    return fromVariant(value.toVariant(), error);
}

QList<int> State::descriptors() const
{
    QList<int> fds{lockFd, controlFd};
    for (const Listener &l : listeners)
        fds << l.fd;
    for (const Service &s : services) {
        fds << s.notifyFd;
        for (const WorkerFds &w : s.workers)
            fds << w.stdoutFd << w.stderrFd << w.execFd;
    }
    for (const Client &c : clients)
        fds << c.fd;
    fds.removeAll(-1);
    return fds;
}

} // namespace baton::upgrade
