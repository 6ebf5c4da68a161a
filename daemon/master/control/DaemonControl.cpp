// The command layer. Why it is shaped like this:
// - Validation runs the daemon's own loader on the caller's text (with the
//   file name of the running config, so relative paths and PATH lookups mean
//   what they will mean when applied): clients never re-implement a rule.
// - The config version is the hash of the file's bytes. Apply compares it
//   with the caller's expected version and writes only on a match, in one
//   turn of the event loop, so two writers can never interleave.
// - Sampling /proc costs a little per worker per second: the timer runs only
//   while someone subscribed to metrics; with nobody watching nothing ticks.
#include "DaemonControl.h"

#include "Supervisor.h"

#include "baton/AtomicFile.h"
#include "baton/ConfigDiff.h"
#include "baton/ConfigLoader.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonObject>

namespace baton {

namespace {

QVariantMap diagnosticToMap(const Diagnostic &d, const QString &fileName)
{
    return {{QStringLiteral("severity"), severityName(d.severity)},
            {QStringLiteral("line"), d.line},
            {QStringLiteral("column"), d.column},
            {QStringLiteral("key"), d.keyPath},
            {QStringLiteral("message"), d.message},
            {QStringLiteral("text"), d.format(fileName)}};
}

ControlError error(int code, const QString &message, const QVariantMap &data = {})
{
    return ControlError{code, message, data};
}

QVariantMap entryToMap(const HistoryEntry &e, const QString &runningVersion)
{
    return {{QStringLiteral("id"), e.id},
            {QStringLiteral("time"), e.time.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("author"), e.author},
            {QStringLiteral("uid"), qint64(e.uid)},
            {QStringLiteral("hash"), e.hash},
            {QStringLiteral("comment"), e.comment},
            {QStringLiteral("current"), e.hash.startsWith(runningVersion)}};
}

} // namespace

DaemonControl::DaemonControl(Supervisor &supervisor, QObject *parent)
    : ControlApi(parent), m_supervisor(supervisor)
{
    m_sampleTimer.setInterval(1000);
    connect(&m_sampleTimer, &QTimer::timeout, this, &DaemonControl::sample);
    m_changeNotice.setSingleShot(true);
    m_changeNotice.setInterval(0);
    connect(&m_changeNotice, &QTimer::timeout, this, [this] { Q_EMIT servicesChanged(status()); });
    m_fileDebounce.setSingleShot(true);
    m_fileDebounce.setInterval(300);
    connect(&m_fileDebounce, &QTimer::timeout, this, &DaemonControl::checkFileNow);
    connect(&m_supervisor.events(), &EventLog::appended, this, &DaemonControl::onEvent);
    connect(&m_supervisor, &Supervisor::stateChanged, this, &ControlApi::stateChanged);
    connect(&m_supervisor.logs(), &LogHub::appended, this, &ControlApi::logsAppended);
}

DaemonControl::~DaemonControl() = default;

bool DaemonControl::start(const QString &stateDir, bool applyOnChange, QString *errorText)
{
    m_applyOnChange = applyOnChange;
    if (!m_history.open(stateDir, errorText))
        return false;
    QString readError;
    const auto text = readConfig(&readError);
    if (!text) {
        *errorText = readError;
        return false;
    }
    rememberVersion(*text);
    // The running config is the first version, so there is always one to roll back to.
    const QList<HistoryEntry> entries = m_history.entries();
    if (entries.isEmpty() || !entries.first().hash.startsWith(m_version)) {
        QString recordError;
        if (!m_history.record(*text, QStringLiteral("batond (start-up)"), ::geteuid(), QStringLiteral("running at start-up"), &recordError))
            std::fprintf(stderr, "batond: history: %s\n", qPrintable(recordError));
    }
    // Watch the folder too: editors save by writing a new file and renaming
    // it over the old one, which drops the watch on the file itself.
    m_watcher = new QFileSystemWatcher(this);
    m_watcher->addPath(m_supervisor.configPath());
    m_watcher->addPath(QFileInfo(m_supervisor.configPath()).absolutePath());
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DaemonControl::onFileMaybeChanged);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DaemonControl::onFileMaybeChanged);
    return true;
}

std::optional<QByteArray> DaemonControl::readConfig(QString *errorText) const
{
    QFile file(m_supervisor.configPath());
    if (!file.open(QIODevice::ReadOnly)) {
        *errorText = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    return file.read(MaxConfigBytes + 1);
}

void DaemonControl::rememberVersion(const QByteArray &text)
{
    const QString version = ConfigHistory::versionOf(text);
    if (version == m_version)
        return;
    m_version = version;
    Q_EMIT configChanged(m_version);
}

void DaemonControl::call(const QString &method, const QVariantMap &params, const Caller &caller, Reply reply)
{
    if (method == QLatin1String("status"))
        return reply(status(), std::nullopt);
    if (method == QLatin1String("validate"))
        return validate(params, reply);
    if (method == QLatin1String("get_config"))
        return getConfig(reply);
    if (method == QLatin1String("history"))
        return history(reply);
    if (method == QLatin1String("get_version"))
        return getVersion(params, reply);
    if (method == QLatin1String("events"))
        return events(params, reply);
    if (method == QLatin1String("reload"))
        return reload(params, reply);
    if (method == QLatin1String("logs"))
        return logs(params, reply);
    if (method == QLatin1String("apply_config")) {
        if (!params.value(QStringLiteral("text")).canConvert<QString>() || !params.contains(QStringLiteral("text")))
            return reply({}, error(ControlErrorCode::InvalidParams, QStringLiteral("apply_config needs \"text\" and \"expected_version\"")));
        return applyText(params.value(QStringLiteral("text")).toString().toUtf8(), params.value(QStringLiteral("expected_version")).toString(),
                         params.value(QStringLiteral("comment")).toString(), caller, reply);
    }
    if (method == QLatin1String("rollback"))
        return rollback(params, caller, reply);
    if (method == QLatin1String("reset")) {
        QString why;
        if (!m_supervisor.resetService(params.value(QStringLiteral("service")).toString(), &why))
            return reply({}, error(ControlErrorCode::NotFound, why));
        return reply({{QStringLiteral("ok"), true}}, std::nullopt);
    }
    if (method == QLatin1String("stop")) {
        reply({{QStringLiteral("ok"), true}}, std::nullopt);
        QTimer::singleShot(0, &m_supervisor, &Supervisor::stop);
        return;
    }
    reply({}, error(ControlErrorCode::MethodNotFound, QStringLiteral("unknown method \"%1\"").arg(method)));
}

QVariantMap DaemonControl::status() const
{
    QVariantMap result = m_supervisor.status(m_metrics);
    QVariantMap daemon = result.value(QStringLiteral("daemon")).toMap();
    daemon.insert(QStringLiteral("config_version"), m_version);
    result.insert(QStringLiteral("daemon"), daemon);
    return result;
}

void DaemonControl::validate(const QVariantMap &params, const Reply &reply)
{
    if (!params.contains(QStringLiteral("text")))
        return reply({}, error(ControlErrorCode::InvalidParams, QStringLiteral("validate needs \"text\"")));
    const LoadResult result = loadConfig(params.value(QStringLiteral("text")).toString().toUtf8(), m_supervisor.loadOptions());
    QVariantList diagnostics;
    const QString fileName = QFileInfo(m_supervisor.configPath()).fileName();
    for (const Diagnostic &d : result.diagnostics)
        diagnostics << diagnosticToMap(d, fileName);
    QVariantMap out{{QStringLiteral("valid"), result.ok()}, {QStringLiteral("diagnostics"), diagnostics}};
    if (result.ok())
        out.insert(QStringLiteral("plan"), planReload(m_supervisor.runningConfig(), *result.config).sentences());
    reply(out, std::nullopt);
}

void DaemonControl::getConfig(const Reply &reply)
{
    QString why;
    const auto text = readConfig(&why);
    if (!text)
        return reply({}, error(ControlErrorCode::IoError, why));
    reply({{QStringLiteral("text"), QString::fromUtf8(*text)},
           {QStringLiteral("version"), ConfigHistory::versionOf(*text)},
           {QStringLiteral("path"), m_supervisor.configPath()}},
          std::nullopt);
}

void DaemonControl::applyText(const QByteArray &text, const QString &expectedVersion, const QString &comment,
                              const Caller &caller, const Reply &reply)
{
    QString why;
    const auto onDisk = readConfig(&why);
    if (!onDisk)
        return reply({}, error(ControlErrorCode::IoError, why));
    const QString current = ConfigHistory::versionOf(*onDisk);
    if (expectedVersion != current)
        return reply({}, error(ControlErrorCode::Conflict,
                               QStringLiteral("the configuration changed since you read it (expected version %1, running %2); "
                                              "reload it and apply your edits again").arg(expectedVersion, current),
                               {{QStringLiteral("current_version"), current}}));
    const LoadResult loaded = loadConfig(text, m_supervisor.loadOptions());
    if (!loaded.ok()) {
        QVariantList diagnostics;
        const QString fileName = QFileInfo(m_supervisor.configPath()).fileName();
        for (const Diagnostic &d : loaded.diagnostics)
            diagnostics << diagnosticToMap(d, fileName);
        return reply({}, error(ControlErrorCode::InvalidConfig, QStringLiteral("the configuration is invalid; nothing was written"),
                               {{QStringLiteral("diagnostics"), diagnostics}}));
    }
    const QStringList plan = planReload(m_supervisor.runningConfig(), *loaded.config).sentences();
    if (!writeFileAtomically(m_supervisor.configPath(), text, &why))
        return reply({}, error(ControlErrorCode::IoError, why));
    rememberVersion(text);
    const QString author = caller.userName.isEmpty() ? QStringLiteral("uid %1").arg(caller.uid) : caller.userName;
    const auto entry = m_history.record(text, author, caller.uid, comment, &why);
    if (!entry)
        std::fprintf(stderr, "batond: history: %s\n", qPrintable(why));
    Event applied;
    applied.kind = EventKind::ConfigApplied;
    applied.message = QStringLiteral("configuration version %1 applied by %2%3").arg(m_version, author,
                                                                                     comment.isEmpty() ? QString() : QStringLiteral(": ") + comment);
    m_supervisor.record(applied);
    const QString version = m_version;
    const int historyId = entry ? entry->id : 0;
    m_supervisor.reload(false, [reply, version, historyId, plan](const Supervisor::ReloadOutcome &o) {
        reply({{QStringLiteral("ok"), o.ok},
               {QStringLiteral("version"), version},
               {QStringLiteral("history_id"), historyId},
               {QStringLiteral("plan"), plan},
               {QStringLiteral("outcome"), o.outcome},
               {QStringLiteral("rolled_back"), o.rolledBack}},
              std::nullopt);
    });
}

void DaemonControl::history(const Reply &reply)
{
    QVariantList versions;
    bool seenCurrent = false;   // identical texts (a rollback): only the newest is "current"
    for (const HistoryEntry &e : m_history.entries()) {
        QVariantMap m = entryToMap(e, m_version);
        if (m.value(QStringLiteral("current")).toBool()) {
            m.insert(QStringLiteral("current"), !seenCurrent);
            seenCurrent = true;
        }
        versions << m;
    }
    reply({{QStringLiteral("versions"), versions}}, std::nullopt);
}

void DaemonControl::getVersion(const QVariantMap &params, const Reply &reply)
{
    const int id = params.value(QStringLiteral("id")).toInt();
    for (const HistoryEntry &e : m_history.entries()) {
        if (e.id != id)
            continue;
        QString why;
        const auto text = m_history.text(id, &why);
        if (!text)
            return reply({}, error(ControlErrorCode::IoError, why));
        QVariantMap m = entryToMap(e, m_version);
        m.insert(QStringLiteral("text"), QString::fromUtf8(*text));
        return reply(m, std::nullopt);
    }
    reply({}, error(ControlErrorCode::NotFound, QStringLiteral("no history version %1").arg(id)));
}

void DaemonControl::rollback(const QVariantMap &params, const Caller &caller, const Reply &reply)
{
    const int id = params.value(QStringLiteral("id")).toInt();
    QString why;
    const auto text = m_history.text(id, &why);
    if (!text)
        return reply({}, error(ControlErrorCode::NotFound, QStringLiteral("no history version %1").arg(id)));
    QString comment = params.value(QStringLiteral("comment")).toString();
    if (comment.isEmpty())
        comment = QStringLiteral("rollback to version %1").arg(id);
    applyText(*text, m_version, comment, caller, reply);
}

void DaemonControl::events(const QVariantMap &params, const Reply &reply)
{
    const qint64 since = params.value(QStringLiteral("since"), 0).toLongLong();
    const int limit = std::clamp(params.value(QStringLiteral("limit"), 1000).toInt(), 1, 10000);
    QList<Event> events = m_supervisor.events().since(since);
    if (events.size() > limit)
        events = events.mid(events.size() - limit);
    QVariantList list;
    for (const Event &e : events)
        list << e.toJson().toVariantMap();
    reply({{QStringLiteral("events"), list}, {QStringLiteral("last_seq"), m_supervisor.events().lastSeq()}}, std::nullopt);
}

void DaemonControl::reload(const QVariantMap &params, const Reply &reply)
{
    auto answer = [reply](const Supervisor::ReloadOutcome &o) {
        reply({{QStringLiteral("ok"), o.ok}, {QStringLiteral("outcome"), o.outcome}, {QStringLiteral("rolled_back"), o.rolledBack}},
              std::nullopt);
    };
    const QString service = params.value(QStringLiteral("service")).toString();
    if (service.isEmpty())
        return m_supervisor.reload(true, answer);
    QString why;
    if (!m_supervisor.reloadService(service, answer, &why))
        reply({}, error(ControlErrorCode::NotFound, why));
}

void DaemonControl::onEvent(const Event &event)
{
    Q_EMIT eventRecorded(event.toJson().toVariantMap());
    if (!m_changeNotice.isActive())
        m_changeNotice.start();
}

void DaemonControl::onFileMaybeChanged()
{
    if (m_watcher && !m_watcher->files().contains(m_supervisor.configPath()) && QFileInfo::exists(m_supervisor.configPath()))
        m_watcher->addPath(m_supervisor.configPath());   // re-arm after a rename-over save
    m_fileDebounce.start();
}

void DaemonControl::checkFileNow()
{
    QString why;
    const auto text = readConfig(&why);
    if (!text || ConfigHistory::versionOf(*text) == m_version)
        return;   // gone for a moment (rename in progress), or our own write
    rememberVersion(*text);
    const LoadResult loaded = loadConfig(*text, m_supervisor.loadOptions());
    Event changed;
    changed.kind = EventKind::ConfigChanged;
    if (!loaded.ok()) {
        QStringList errors;
        for (const Diagnostic &d : loaded.diagnostics)
            errors << d.format(QFileInfo(m_supervisor.configPath()).fileName());
        changed.reason = errors.join(QLatin1Char('\n'));
        changed.message = QStringLiteral("configuration file changed on disk (version %1) and is invalid: %2")
                              .arg(m_version, errors.value(0));
        m_supervisor.record(changed);
        return;
    }
    const QStringList plan = planReload(m_supervisor.runningConfig(), *loaded.config).sentences();
    changed.message = QStringLiteral("configuration file changed on disk (version %1): %2; %3")
                          .arg(m_version, plan.join(QLatin1String("; ")),
                               m_applyOnChange ? QStringLiteral("applying (watch = true)") : QStringLiteral("not applied (watch = false)"));
    m_supervisor.record(changed);
    if (m_applyOnChange) {
        const auto entry = m_history.record(*text, QStringLiteral("file on disk"), uid_t(-1), QStringLiteral("edited on disk"), &why);
        Q_UNUSED(entry);
        m_supervisor.reload(false);
    }
}

void DaemonControl::addMetricsSubscriber(const void *subscriber)
{
    m_subscribers.insert(subscriber);
    if (!m_sampleTimer.isActive()) {
        sample();
        m_sampleTimer.start();
    }
}

void DaemonControl::removeMetricsSubscriber(const void *subscriber)
{
    m_subscribers.remove(subscriber);
    if (m_subscribers.isEmpty()) {
        m_sampleTimer.stop();
        m_metrics.clear();
    }
}

// Worker output (docs/control-api.md, logs). The transports have checked
// that the caller may change the config: output can carry secrets.
void DaemonControl::logs(const QVariantMap &params, const Reply &reply)
{
    QString why;
    const auto filter = LogFilter::fromParams(params, &why);
    if (!filter)
        return reply({}, error(ControlErrorCode::InvalidParams, why));
    const LogStore &store = m_supervisor.logs().store();
    if (!filter->service.isEmpty() && !store.ring(filter->service) && !m_supervisor.runningConfig().service(filter->service))
        return reply({}, error(ControlErrorCode::NotFound, QStringLiteral("no service \"%1\"").arg(filter->service)));
    QVariantList lines;
    for (const LogStore::Entry &e : store.query(*filter))
        lines << e.line->toMap(*e.service);
    QVariantMap dropped;
    for (const ServiceConfig &s : m_supervisor.runningConfig().services) {
        if (const LogRing *ring = store.ring(s.name))
            dropped.insert(s.name, ring->dropped());
    }
    reply({{QStringLiteral("lines"), lines}, {QStringLiteral("last_seq"), store.lastSeq()}, {QStringLiteral("dropped"), dropped}},
          std::nullopt);
}

void DaemonControl::addLogSubscriber(const void *subscriber)
{
    m_logSubscribers.insert(subscriber);
    m_supervisor.logs().setLive(true);
}

void DaemonControl::removeLogSubscriber(const void *subscriber)
{
    m_logSubscribers.remove(subscriber);
    m_supervisor.logs().setLive(!m_logSubscribers.isEmpty());
}

void DaemonControl::sample()
{
    const auto samples = m_sampler.sample(m_supervisor.workerPids());
    m_metrics.clear();
    for (auto it = samples.begin(); it != samples.end(); ++it) {
        m_metrics.insert(it.key(), {{QStringLiteral("fds"), it->fds},
                                    {QStringLiteral("rss_bytes"), it->rssBytes},
                                    {QStringLiteral("cpu_percent"), it->cpuPercent}});
    }
    Q_EMIT metricsSampled(status());
}

} // namespace baton
