// The command layer. Why it is shaped like this:
// - Validation runs the daemon's own loader on the caller's text (with the
//   file name of the running config, so relative paths and PATH lookups mean
//   what they will mean when applied): clients never re-implement a rule.
// - The config version is the hash of a config text. The *running* version
//   is the text the serving generations were started with (README "What
//   runs"): status, history's "current", get_config, diff and plan all use
//   it, so they never disagree; the file on disk is reported beside it
//   (disk_version, on_disk_differs) when a hand edit was not applied.
// - Apply compares the caller's expected version with the running one and
//   is all or nothing: the history record is written as pending, the file
//   renamed into place, the record marked applied (any failure: IoError,
//   nothing changed); then the reload. If that is rolled back or rejected,
//   the running version's file is put back on disk and the record says
//   "rolled-back" with the reason, so a restart never boots what failed.
//   One apply at a time, so a restore never overwrites a later apply.
// - Sampling /proc costs a little per worker per second: MetricsRecorder
//   samples every second only while someone subscribed to metrics, every 10 s
//   for metrics_history otherwise, and with metrics_history = 0 nothing ticks.
#include "DaemonControl.h"

#include "baton/AtomicFile.h"
#include "baton/ControlRecords.h"
#include "baton/ConfigDiff.h"
#include "baton/ConfigLoader.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonObject>

#include <grp.h>
#include <unistd.h>
#include <vector>
#include <QPointer>

#include <algorithm>

namespace baton {

namespace {

ControlError error(int code, const QString &message, const QVariantMap &data = {})
{
    return ControlError{code, message, data};
}

QVariantMap entryToMap(const HistoryEntry &e, const QString &runningVersion)
{
    records::Version v;
    v.id = e.id;
    v.time = e.time;
    v.author = e.author;
    v.uid = qint64(e.uid);
    v.hash = e.hash;
    v.comment = e.comment;
    v.status = historyStatusName(e.status);
    v.reason = e.reason;
    v.current = e.hash.startsWith(runningVersion);
    return v.toVariant();
}

} // namespace

DaemonControl::DaemonControl(Supervisor &supervisor, QObject *parent)
    : ControlApi(parent), m_supervisor(supervisor), m_recorder(supervisor)
{
    m_recorder.setStatusSource([this] { return status(); });
    connect(&m_recorder, &MetricsRecorder::sampled, this, [this](const QVariantMap &sampled) {
        if (m_recorder.hasSubscribers())
            Q_EMIT metricsSampled(sampled);
    });
    m_changeNotice.setSingleShot(true);
    m_changeNotice.setInterval(0);
    connect(&m_changeNotice, &QTimer::timeout, this, &ControlApi::servicesChanged);
    m_fileDebounce.setSingleShot(true);
    m_fileDebounce.setInterval(300);
    connect(&m_fileDebounce, &QTimer::timeout, this, &DaemonControl::checkFileNow);
    connect(&m_supervisor.events(), &EventLog::appended, this, &DaemonControl::onEvent);
    connect(&m_supervisor, &Supervisor::stateChanged, this, &ControlApi::stateChanged);
    connect(&m_supervisor.logs(), &LogHub::appended, this, &ControlApi::logsAppended);
}

DaemonControl::~DaemonControl() = default;

bool DaemonControl::adopt(const QString &stateDir, bool applyOnChange, const QByteArray &runningText, const QString &diskVersion,
                          QString *errorText)
{
    begin(applyOnChange);
    if (!m_history.open(stateDir, errorText, runningText))
        return false;
    setRunning(runningText);
    setDiskVersion(diskVersion);
    recordRunningIfMissing(QStringLiteral("running after an upgrade in place"));   // a new state_dir has no history yet
    return true;
}

bool DaemonControl::start(const QString &stateDir, bool applyOnChange, QString *errorText)
{
    begin(applyOnChange);
    QString readError;
    const auto text = readConfig(&readError);
    if (!text) {
        *errorText = readError;
        return false;
    }
    // Supervisor::start() has just booted this text: it is what runs.
    if (!m_history.open(stateDir, errorText, *text))
        return false;
    setRunning(*text);
    setDiskVersion(m_version);
    recordRunningIfMissing(QStringLiteral("running at start-up"));
    return true;
}

void DaemonControl::recordRunningIfMissing(const QString &comment)
{
    // The running config is the newest version, so there is always one to roll back to.
    const QList<HistoryEntry> entries = m_history.entries();
    if (entries.isEmpty() || !entries.first().hash.startsWith(m_version) || entries.first().status != HistoryStatus::Applied) {
        QString recordError;
        if (!m_history.record(m_runningText, QStringLiteral("batond (start-up)"), ::geteuid(), comment, &recordError))
            std::fprintf(stderr, "batond: history: %s\n", qPrintable(recordError));
    }
}

void DaemonControl::begin(bool applyOnChange)
{
    m_recorder.configure();
    m_policy.daemonUid = ::geteuid();
    m_policy.adminGroup = m_supervisor.daemonConfig().adminGroup;
    if (!m_policy.adminGroup.isEmpty()) {
        group gr{}, *found = nullptr;
        std::vector<char> buffer(16384);
        if (::getgrnam_r(m_policy.adminGroup.toLocal8Bit().constData(), &gr, buffer.data(), buffer.size(), &found) == 0 && found)
            m_policy.adminGid = found->gr_gid;
        else
            std::fprintf(stderr, "batond: control: admin_group \"%s\" does not exist; only root and uid %u may read configs or change batond\n",
                         qPrintable(m_policy.adminGroup), unsigned(m_policy.daemonUid));
    }
    m_applyOnChange = applyOnChange;
    // Watch the folder too: editors save by writing a new file and renaming
    // it over the old one, which drops the watch on the file itself.
    m_watcher = new QFileSystemWatcher(this);
    m_watcher->addPath(m_supervisor.configPath());
    m_watcher->addPath(QFileInfo(m_supervisor.configPath()).absolutePath());
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DaemonControl::onFileMaybeChanged);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DaemonControl::onFileMaybeChanged);
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

void DaemonControl::setRunning(const QByteArray &text)
{
    m_runningText = text;
    const QString version = ConfigHistory::versionOf(text);
    if (version == m_version)
        return;
    m_version = version;
    Q_EMIT configChanged(m_version);
}

void DaemonControl::setDiskVersion(const QString &version)
{
    if (version == m_diskVersion)
        return;
    m_diskVersion = version;
    if (!m_changeNotice.isActive())
        m_changeNotice.start();   // status shows on_disk_differs
}

void DaemonControl::call(const QString &method, const QVariantMap &params, const Caller &caller, Reply reply)
{
    // Whatever the transport decided, nothing runs that the rule refuses.
    if (const AuthorizationDecision d = authorize(caller, method, params, false); d.verdict != Verdict::Allow)
        return reply({}, error(ControlErrorCode::PermissionDenied, d.reason));
    if (method == QLatin1String("metrics_history"))
        return reply(m_recorder.history().toVariant(), std::nullopt);
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
    if (operatorRequest(method, params, reply))
        return;
    if (method == QLatin1String("upgrade")) {
        if (!m_upgrade)
            return reply({}, error(ControlErrorCode::Unavailable, QStringLiteral("upgrade is not available")));
        return m_upgrade(params, caller, reply);
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
    QVariantMap result = m_supervisor.status(m_recorder.latest());
    QVariantMap daemon = result.value(QStringLiteral("daemon")).toMap();
    daemon.insert(QStringLiteral("config_version"), m_version);
    daemon.insert(QStringLiteral("disk_version"), m_diskVersion);
    daemon.insert(QStringLiteral("on_disk_differs"), m_diskVersion != m_version);
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
        diagnostics << records::diagnosticToVariant(d, fileName);
    QVariantMap out{{QStringLiteral("valid"), result.ok()}, {QStringLiteral("diagnostics"), diagnostics}};
    if (result.ok()) {
        const ReloadPlan plan = planReload(m_supervisor.runningConfig(), *result.config);
        out.insert(QStringLiteral("plan"), plan.sentences());
        out.insert(QStringLiteral("disruptive"), plan.disruptiveSentences());
    }
    reply(out, std::nullopt);
}

void DaemonControl::getConfig(const Reply &reply)
{
    // The running text: what an editor starts from and what diff compares
    // with, the same config plan (validate, apply) is computed against.
    reply({{QStringLiteral("text"), QString::fromUtf8(m_runningText)},
           {QStringLiteral("version"), m_version},
           {QStringLiteral("path"), m_supervisor.configPath()},
           {QStringLiteral("disk_version"), m_diskVersion},
           {QStringLiteral("on_disk_differs"), m_diskVersion != m_version}},
          std::nullopt);
}

void DaemonControl::applyText(const QByteArray &text, const QString &expectedVersion, const QString &comment,
                              const Caller &caller, const Reply &reply)
{
    QString why;
    if (m_applying)
        return reply({}, error(ControlErrorCode::Conflict,
                               QStringLiteral("another apply is in progress; wait for its outcome, then apply your edits again"),
                               {{QStringLiteral("current_version"), m_version}}));
    const auto onDisk = readConfig(&why);
    if (!onDisk)
        return reply({}, error(ControlErrorCode::IoError, why));
    const QString current = m_version;
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
            diagnostics << records::diagnosticToVariant(d, fileName);
        if (loaded.signatureRefused()) {
            // Same code as any invalid text (clients show the diagnostics), but
            // the message says what to do; data.signature_required for programs.
            m_supervisor.recordSignatureRefused(QStringLiteral("apply_config by %1").arg(caller.userName.isEmpty()
                                                    ? QStringLiteral("uid %1").arg(caller.uid) : caller.userName), loaded);
            return reply({}, error(ControlErrorCode::InvalidConfig,
                                   QStringLiteral("this host requires signed configurations ([daemon] signing_keys) and %1; "
                                                  "sign it (batonctl sign FILE --key KEY) and apply again; nothing was written")
                                       .arg(loaded.signature->message),
                                   {{QStringLiteral("diagnostics"), diagnostics}, {QStringLiteral("signature_required"), true}}));
        }
        return reply({}, error(ControlErrorCode::InvalidConfig, QStringLiteral("the configuration is invalid; nothing was written"),
                               {{QStringLiteral("diagnostics"), diagnostics}}));
    }
    const QStringList plan = planReload(m_supervisor.runningConfig(), *loaded.config).sentences();
    // 1. the history record, as pending; 2. the file; 3. the record, applied.
    const QString author = caller.userName.isEmpty() ? QStringLiteral("uid %1").arg(caller.uid) : caller.userName;
    const auto entry = m_history.record(text, author, caller.uid, comment, &why, HistoryStatus::Pending);
    if (!entry)
        return reply({}, error(ControlErrorCode::IoError,
                               QStringLiteral("cannot record the new version in the history, so nothing was written: %1").arg(why)));
    if (!writeFileAtomically(m_supervisor.configPath(), text, &why)) {
        m_history.discard(entry->id);
        return reply({}, error(ControlErrorCode::IoError, QStringLiteral("%1; nothing was changed").arg(why)));
    }
    if (!m_history.setStatus(entry->id, HistoryStatus::Applied, {}, &why)) {
        QString restoreError;
        if (!writeFileAtomically(m_supervisor.configPath(), *onDisk, &restoreError))
            std::fprintf(stderr, "batond: apply: cannot restore %s: %s\n", qPrintable(m_supervisor.configPath()), qPrintable(restoreError));
        m_history.discard(entry->id);
        return reply({}, error(ControlErrorCode::IoError,
                               QStringLiteral("cannot record the new version in the history, so nothing was changed: %1").arg(why)));
    }
    setDiskVersion(ConfigHistory::versionOf(text));
    m_applying = true;
    Event applied;
    applied.kind = EventKind::ConfigApplied;
    applied.message = QStringLiteral("configuration version %1 applied by %2%3").arg(ConfigHistory::versionOf(text), author,
                                                                                     comment.isEmpty() ? QString() : QStringLiteral(": ") + comment);
    applied.version = ConfigHistory::versionOf(text);   // the same, as fields: clients word it themselves
    applied.author = author;
    applied.comment = comment;
    m_supervisor.record(applied);
    const QString version = ConfigHistory::versionOf(text);
    const int historyId = entry->id;
    QPointer<DaemonControl> self(this);
    m_supervisor.reload(false, [self, text, reply, version, historyId, plan](const Supervisor::ReloadOutcome &o) {
        if (self)
            self->settleApply(text, historyId, o);
        reply({{QStringLiteral("ok"), o.ok},
               {QStringLiteral("version"), version},
               {QStringLiteral("running_version"), self ? self->m_version : QString()},
               {QStringLiteral("history_id"), historyId},
               {QStringLiteral("plan"), plan},
               {QStringLiteral("outcome"), o.outcome},
               {QStringLiteral("rolled_back"), o.rolledBack}},
              std::nullopt);
    });
}

void DaemonControl::settleApply(const QByteArray &text, int historyId, const Supervisor::ReloadOutcome &outcome)
{
    m_applying = false;
    if (outcome.ok) {
        setRunning(text);
        return;
    }
    const QString reason = outcome.rolledBack.isEmpty() ? outcome.outcome : outcome.rolledBack.join(QLatin1String(", "));
    // Put the running version's file back, unless someone replaced the file
    // meanwhile (then that edit is theirs, and reported as on disk).
    QString why;
    const auto disk = readConfig(&why);
    bool restored = false;
    if (disk && ConfigHistory::versionOf(*disk) == ConfigHistory::versionOf(text)) {
        restored = writeFileAtomically(m_supervisor.configPath(), m_runningText, &why);
        if (restored)
            setDiskVersion(m_version);
        else
            std::fprintf(stderr, "batond: apply: cannot restore the running version's file: %s\n", qPrintable(why));
    }
    if (historyId > 0 && !m_history.setStatus(historyId, HistoryStatus::RolledBack, reason, &why))
        std::fprintf(stderr, "batond: history: %s\n", qPrintable(why));
    Event event;
    event.kind = EventKind::ConfigRestored;
    event.reason = reason;
    event.message = QStringLiteral("configuration version %1 rolled back (%2); version %3 keeps running%4")
                        .arg(ConfigHistory::versionOf(text), reason, m_version,
                             restored ? QStringLiteral(" and its file is back on disk") : QStringLiteral(", the file on disk was changed meanwhile and is left as it is"));
    m_supervisor.record(event);
    // A partial rollback (one service rolled back, another switched): the
    // switched ones go back too, so what runs is one version again.
    // Already running (and verified when it was loaded): no signature check.
    const LoadResult running = loadConfig(m_runningText, m_supervisor.loadOptions(SignatureMode::Off));
    if (running.ok()) {
        const ReloadPlan back = planReload(m_supervisor.runningConfig(), *running.config);
        const bool differs = std::any_of(back.services.begin(), back.services.end(),
                                         [](const ServicePlan &p) { return p.action != ServiceAction::Unchanged; });
        if (differs && restored)
            m_supervisor.reload(false);
    }
}

void DaemonControl::history(const Reply &reply)
{
    QVariantList versions;
    bool seenCurrent = false;   // identical texts (a rollback): only the newest applied one is "current"
    for (const HistoryEntry &e : m_history.entries()) {
        QVariantMap m = entryToMap(e, m_version);
        if (e.status != HistoryStatus::Applied)
            m.insert(QStringLiteral("current"), false);
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
    // After a seq: the first `limit` of what followed it, so that a client
    // catching up pages forward with the last seq it got (`more` says there
    // is more). Without one: the newest `limit`, as `batonctl events` shows.
    const bool more = since > 0 && events.size() > limit;
    if (events.size() > limit)
        events = since > 0 ? events.first(limit) : events.mid(events.size() - limit);
    QVariantList list;
    for (const Event &e : events)
        list << e.toJson().toVariantMap();
    reply({{QStringLiteral("events"), list}, {QStringLiteral("last_seq"), m_supervisor.events().lastSeq()},
           {QStringLiteral("more"), more}}, std::nullopt);
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
    // Full reloads that did not come through apply (SIGHUP, `batonctl
    // reload`, watch) re-read the file: remember what they read, and once
    // one finished with no rollback, that text is what runs.
    if (event.service.isEmpty() && event.kind == EventKind::ReloadStarted) {
        QString why;
        m_reloadText = readConfig(&why).value_or(QByteArray());
    } else if (event.service.isEmpty() && event.kind == EventKind::ReloadFinished) {
        if (event.reason.isEmpty() && !m_reloadText.isEmpty())
            setRunning(m_reloadText);
        m_reloadText.clear();
    }
    Q_EMIT eventRecorded(event);
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
    if (!text || ConfigHistory::versionOf(*text) == m_diskVersion)
        return;   // gone for a moment (rename in progress), or our own write
    setDiskVersion(ConfigHistory::versionOf(*text));
    if (m_diskVersion == m_version)
        return;   // back to what runs
    const LoadResult loaded = loadConfig(*text, m_supervisor.loadOptions());
    m_supervisor.recordSignatureRefused(QStringLiteral("file changed on disk"), loaded);
    Event changed;
    changed.kind = EventKind::ConfigChanged;
    if (!loaded.ok()) {
        QStringList errors;
        for (const Diagnostic &d : loaded.diagnostics)
            errors << d.format(QFileInfo(m_supervisor.configPath()).fileName());
        changed.reason = errors.join(QLatin1Char('\n'));
        changed.message = QStringLiteral("configuration file changed on disk (version %1) and is invalid: %2")
                              .arg(m_diskVersion, errors.value(0));
        m_supervisor.record(changed);
        return;
    }
    const QStringList plan = planReload(m_supervisor.runningConfig(), *loaded.config).sentences();
    // The reload under way read this very text: it is being applied, whatever `watch` says.
    const bool beingReloaded = !m_reloadText.isEmpty() && ConfigHistory::versionOf(m_reloadText) == m_diskVersion;
    changed.message = QStringLiteral("configuration file changed on disk (version %1): %2; %3")
                          .arg(m_diskVersion, plan.join(QLatin1String("; ")),
                               beingReloaded      ? QStringLiteral("being applied by the reload under way")
                               : m_applyOnChange ? QStringLiteral("applying (watch = true)")
                                                 : QStringLiteral("not applied (watch = false)"));
    m_supervisor.record(changed);
    if (!m_applyOnChange) {
        // Kept, so the edit is never lost, and marked as not running.
        if (!m_history.record(*text, QStringLiteral("file on disk"), uid_t(-1), QStringLiteral("edited on disk, not applied"), &why,
                              HistoryStatus::OnDisk))
            std::fprintf(stderr, "batond: history: %s\n", qPrintable(why));
        return;
    }
    if (m_applying)
        return;   // an apply is settling; its outcome decides what the file holds
    const auto entry = m_history.record(*text, QStringLiteral("file on disk"), uid_t(-1), QStringLiteral("edited on disk"), &why);
    if (!entry)
        std::fprintf(stderr, "batond: history: %s\n", qPrintable(why));
    m_applying = true;
    QPointer<DaemonControl> self(this);
    const QByteArray edited = *text;
    const int historyId = entry ? entry->id : 0;
    m_supervisor.reload(false, [self, edited, historyId](const Supervisor::ReloadOutcome &o) {
        if (self)
            self->settleApply(edited, historyId, o);
    });
}

void DaemonControl::addMetricsSubscriber(const void *subscriber)
{
    m_recorder.addSubscriber(subscriber);
}

void DaemonControl::removeMetricsSubscriber(const void *subscriber)
{
    m_recorder.removeSubscriber(subscriber);
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
    records::Logs page;
    for (const LogStore::Entry &e : store.query(*filter))
        page.lines << e.line->toMap(*e.service);
    page.lastSeq = store.lastSeq();
    for (const ServiceConfig &s : m_supervisor.runningConfig().services) {
        if (const LogRing *ring = store.ring(s.name))
            page.dropped.insert(s.name, ring->dropped());
        if (const OutputRateLimit *rate = m_supervisor.logs().rateLimitOf(s.name))
            page.heldBackMs.insert(s.name, rate->pausedMs());
    }
    reply(page.toVariant(), std::nullopt);
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

} // namespace baton
