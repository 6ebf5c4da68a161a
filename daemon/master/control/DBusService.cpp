// The D-Bus transport. Why it works the way it does:
//
// - Nothing here may block batond's event loop, and QtDBus makes blocking
//   easy: QDBusReply, QDBusConnectionInterface::serviceUid() and
//   registerService() all wait for the bus. So every method sets a delayed
//   reply, keeps the QDBusMessage, and walks an asynchronous chain:
//   GetConnectionCredentials (who is it: uid, pid) -> on the system bus and
//   for a write, polkit CheckAuthorization -> ControlApi::call() -> the reply
//   is sent from the API's callback, however late (Reload answers once the
//   new generation is ready). The bus name is requested the same way, so a
//   name already taken is reported when the bus answers, not by start().
//   The one wait left is connecting to the bus itself (QtDBus has no
//   asynchronous connect): once, in start(), before the event loop runs.
// - Who may call: the session bus belongs to one user, but anything running
//   as that user can reach it, and nothing else should manage the daemon, so
//   only batond's own uid and root pass. On the system bus the command
//   layer's one rule decides (ControlApi::authorize, the socket's rule too):
//   public reads are free; the rest needs root, batond's user or
//   admin_group, and polkit (io.github.baton.manage) is asked for anybody
//   else. The subject is the caller's bus name, never its pid, so it cannot
//   be raced by a recycled pid. Without polkit such a call is refused with a
//   message that says so.
// - Shapes: results are the JSON-RPC objects as a{sv}. QtDBus would send a
//   QVariantList of maps as av of variants and cannot send a null at all, so
//   toDBus() types lists (aa{sv}, as) and drops nulls; empty lists keep the
//   type their key documents, so typed clients (GLib, sd-bus) see one
//   signature. An error reply carries only its message, the one body every
//   D-Bus library shows; InvalidConfig appends the GCC-style diagnostic lines
//   to it. DBusClient rebuilds the JSON-RPC error data with a follow-up call.
// - Properties State and ConfigVersion are cached from the API's signals and
//   PropertiesChanged is sent by hand: QtDBus adaptors never emit it. State
//   follows stateChanged, which batond emits for every transition as it
//   happens, so a reload that starts and finishes within one turn of the
//   event loop still shows "reloading" then "running" (never a snapshot).
// - ManagerAdaptor (generated from io.github.baton.Daemon1.Manager.xml by
//   qt_add_dbus_adaptor) calls the CamelCase methods; QDBusContext works
//   through an adaptor because QtDBus looks it up on the adaptor's parent.
#include "DBusService.h"

#include "DBusValues.h"
#include "UserDatabase.h"

#include "ManagerAdaptor.h"

#include "baton/ControlProtocol.h"
#include "baton/ControlRecords.h"

#include <QDBusArgument>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusServiceWatcher>
#include <QDateTime>
#include <QJsonObject>
#include <QSet>

#include <cstdio>
#include <limits>
#include <unistd.h>
#include <vector>

namespace baton {

namespace {

const QString BusService = QStringLiteral("org.freedesktop.DBus");
const QString BusPath = QStringLiteral("/org/freedesktop/DBus");
constexpr uint NameFlagDoNotQueue = 4;
constexpr uint NamePrimaryOwner = 1;
constexpr uint NameAlreadyOwner = 4;
constexpr uint PolkitAllowUserInteraction = 1;
constexpr int InteractiveTimeoutMs = 5 * 60 * 1000;

QString busName(BusKind bus)
{
    return bus == BusKind::System ? QStringLiteral("system") : QStringLiteral("session");
}

QDBusMessage busCall(const QString &member)
{
    return QDBusMessage::createMethodCall(BusService, BusPath, BusService, member);
}

// Keys whose value is a list of objects (docs/control-api.md): an empty one
// is still sent as aa{sv}. Any other empty list is as.
QString userName(uid_t uid, gid_t *gid)
{
    const UserEntry user = lookUpUser(uid);
    if (!user.name.isEmpty())
        *gid = user.primaryGroup;
    return user.name;
}

// The caller's groups: the bus's UnixGroupIDs where it reports them
// (dbus-daemon 1.12+), else what the user database lists for the user.
QList<gid_t> groupsOf(const QVariantMap &credentials, uid_t uid, gid_t primary)
{
    QList<gid_t> groups;
    const QVariant reported = credentials.value(QStringLiteral("UnixGroupIDs"));
    if (reported.isValid()) {
        const QList<uint> ids = qdbus_cast<QList<uint>>(reported);
        for (uint id : ids)
            groups << gid_t(id);
        if (!groups.isEmpty())
            return groups;
    }
    groups = lookUpUser(uid).groups;
    if (!groups.contains(primary))
        groups << primary;
    return groups;
}

void sendError(const QDBusConnection &connection, const QDBusMessage &to, const ControlError &error)
{
    // The body stays (s): GLib shows nothing but "Error return with body of
    // type (sa{sv})" for anything else. The diagnostics go into the text.
    QString text = error.message;
    for (const QVariant &d : error.data.value(QStringLiteral("diagnostics")).toList()) {
        const QString line = d.toMap().value(QStringLiteral("text")).toString();
        if (!line.isEmpty())
            text += QLatin1Char('\n') + line;
    }
    connection.send(to.createErrorReply(error.dbusName(), text));
}

void deny(const QDBusConnection &connection, const QDBusMessage &to, const QString &why)
{
    sendError(connection, to, ControlError{ControlErrorCode::PermissionDenied, why, {}});
}

template<typename Callback>
void whenAnswered(QObject *context, const QDBusPendingCall &call, Callback callback)
{
    auto *watcher = new QDBusPendingCallWatcher(call, context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context, [callback](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        callback(w->reply());
    });
}

} // namespace

QVariantMap DBusService::toDBus(const QVariantMap &map)
{
    return dbusvalues::toDBus(map);
}

DBusService::DBusService(ControlApi &api, QObject *parent)
    : BusTransport(parent), m_api(&api), m_connection(QString())
{
    qDBusRegisterMetaType<QList<QVariantMap>>();   // aa{sv}
}

DBusService::~DBusService()
{
    if (m_api && !m_subscribers.isEmpty())
        m_api->removeMetricsSubscriber(this);
    if (m_api && !m_logSubscribers.isEmpty())
        m_api->removeLogSubscriber(this);
    if (m_registered)
        m_connection.unregisterObject(QString::fromLatin1(ObjectPath));
    if (m_ownsName) {   // fire and forget; closing the connection would release it too
        QDBusMessage release = busCall(QStringLiteral("ReleaseName"));
        release << QString::fromLatin1(ServiceName);
        m_connection.send(release);
    }
}

bool DBusService::start(BusKind bus, QString *error)
{
    if (bus == BusKind::None) {
        *error = QStringLiteral("no bus configured");
        return false;
    }
    m_bus = bus;
    m_connection = bus == BusKind::System ? QDBusConnection::systemBus() : QDBusConnection::sessionBus();
    if (!m_connection.isConnected()) {
        *error = QStringLiteral("cannot connect to the %1 bus: %2").arg(busName(bus), m_connection.lastError().message());
        return false;
    }
    new ManagerAdaptor(this);
    if (!m_connection.registerObject(QString::fromLatin1(ObjectPath), this, QDBusConnection::ExportAdaptors)) {
        *error = QStringLiteral("cannot export %1 on the %2 bus: %3")
                     .arg(QString::fromLatin1(ObjectPath), busName(bus), m_connection.lastError().message());
        return false;
    }
    m_registered = true;

    m_subscriberWatcher = new QDBusServiceWatcher(this);
    m_subscriberWatcher->setConnection(m_connection);
    m_subscriberWatcher->setWatchMode(QDBusServiceWatcher::WatchForUnregistration);
    connect(m_subscriberWatcher, &QDBusServiceWatcher::serviceUnregistered, this, &DBusService::dropSubscriber);
    connect(m_subscriberWatcher, &QDBusServiceWatcher::serviceUnregistered, this, &DBusService::dropLogSubscriber);
    connect(m_api, &ControlApi::logsAppended, this, &DBusService::onLogs);

    connect(m_api, &ControlApi::eventRecorded, this, [this](const baton::Event &event) {
        if (!m_registered)
            return;
        QVariantMap out = toDBus(event.toJson().toVariantMap());
        if (m_bus == BusKind::System)   // a broadcast anyone may read: no worker output in it
            out.remove(QStringLiteral("stderr_tail")), out.remove(QStringLiteral("last_status"));
        Q_EMIT Event(out);
    });
    connect(m_api, &ControlApi::servicesChanged, this, &DBusService::onServicesChanged);
    connect(m_api, &ControlApi::stateChanged, this, [this](const QString &state) { updateProperty("State", &m_state, state); });
    connect(m_api, &ControlApi::metricsSampled, this, [this](const QVariantMap &status) {
        if (m_registered && !m_subscribers.isEmpty())
            Q_EMIT MetricsUpdated(toDBus(status));
    });
    connect(m_api, &ControlApi::configChanged, this,
            [this](const QString &version) { updateProperty("ConfigVersion", &m_configVersion, version); });

    // Seed the properties (DaemonControl answers status at once).
    Caller self;
    self.uid = ::geteuid();
    self.pid = ::getpid();
    self.transport = QStringLiteral("dbus");
    QPointer<DBusService> guard(this);
    m_api->call(QStringLiteral("status"), {}, self, [guard](const QVariantMap &status, const std::optional<ControlError> &) {
        if (guard) {
            const QVariantMap daemon = status.value(QStringLiteral("daemon")).toMap();
            guard->m_state = daemon.value(QStringLiteral("state")).toString();
            guard->m_configVersion = daemon.value(QStringLiteral("config_version")).toString();
        }
    });

    connect(m_api, &ControlApi::upgradeFinished, this, &DBusService::finishUpgrade);
    requestName();
    return true;
}

void DBusService::requestName()
{
    if (!m_registered) {
        if (!m_connection.registerObject(QString::fromLatin1(ObjectPath), this, QDBusConnection::ExportAdaptors))
            return;
        m_registered = true;
    }
    QDBusMessage request = busCall(QStringLiteral("RequestName"));
    request << QString::fromLatin1(ServiceName) << NameFlagDoNotQueue;
    whenAnswered(this, m_connection.asyncCall(request), [this](const QDBusMessage &reply) { onNameRequested(reply); });
}

void DBusService::releaseName(std::function<void()> done)
{
    if (!m_ownsName || !m_connection.isConnected())
        return done();
    QDBusMessage release = busCall(QStringLiteral("ReleaseName"));
    release << QString::fromLatin1(ServiceName);
    m_ownsName = false;
    // Whatever the answer (or none within 2 s): go on, the exec drops the connection anyway.
    whenAnswered(this, m_connection.asyncCall(release, 2000), [done = std::move(done)](const QDBusMessage &) { done(); });
}

void DBusService::finishUpgrade(const QVariantMap &outcome)
{
    if (!m_ownsName) {
        m_pendingUpgradeOutcome = outcome;
        return;
    }
    Q_EMIT UpgradeFinished(toDBus(outcome));
}

void DBusService::onNameRequested(const QDBusMessage &reply)
{
    const QString name = QString::fromLatin1(ServiceName);
    const uint code = reply.type() == QDBusMessage::ReplyMessage ? reply.arguments().value(0).toUInt() : 0;
    if (code == NamePrimaryOwner || code == NameAlreadyOwner) {
        m_ownsName = true;
        std::fprintf(stderr, "batond: D-Bus: %s on the %s bus\n", qPrintable(name), qPrintable(busName(m_bus)));
        if (auto outcome = std::exchange(m_pendingUpgradeOutcome, std::nullopt))
            Q_EMIT UpgradeFinished(toDBus(*outcome));
        return;
    }
    m_connection.unregisterObject(QString::fromLatin1(ObjectPath));
    m_registered = false;
    if (reply.type() == QDBusMessage::ErrorMessage) {
        std::fprintf(stderr, "batond: D-Bus unavailable, control socket only: cannot own %s on the %s bus: %s\n",
                     qPrintable(name), qPrintable(busName(m_bus)), qPrintable(reply.errorMessage()));
        return;
    }
    // Taken: say by whom, so "another batond" is obvious.
    QDBusMessage ask = busCall(QStringLiteral("GetConnectionUnixProcessID"));
    ask << name;
    const QString bus = busName(m_bus);
    whenAnswered(this, m_connection.asyncCall(ask), [name, bus](const QDBusMessage &pidReply) {
        const QString owner = pidReply.type() == QDBusMessage::ReplyMessage
            ? QStringLiteral(" (by pid %1, another batond?)").arg(pidReply.arguments().value(0).toUInt())
            : QString();
        std::fprintf(stderr, "batond: D-Bus unavailable, control socket only: the name %s is already taken on the %s bus%s\n",
                     qPrintable(name), qPrintable(bus), qPrintable(owner));
    });
}

void DBusService::onServicesChanged()
{
    if (!m_registered)
        return;   // nobody to tell; ConfigVersion also follows configChanged, and is seeded at registration
    const QVariantMap status = m_api->currentStatus();
    const QVariantMap daemon = status.value(QStringLiteral("daemon")).toMap();
    updateProperty("ConfigVersion", &m_configVersion, daemon.value(QStringLiteral("config_version")).toString());
    Q_EMIT ServicesChanged(toDBus(status));
}

void DBusService::updateProperty(const char *name, QString *field, const QString &value)
{
    if (value.isEmpty() || *field == value)
        return;
    *field = value;
    if (!m_registered)
        return;
    QDBusMessage signal = QDBusMessage::createSignal(QString::fromLatin1(ObjectPath), QStringLiteral("org.freedesktop.DBus.Properties"),
                                                     QStringLiteral("PropertiesChanged"));
    signal << QString::fromLatin1(Interface) << QVariantMap{{QString::fromLatin1(name), value}} << QStringList();
    m_connection.send(signal);
}

// ---------------------------------------------------------------------------
// The asynchronous chain: credentials -> (polkit) -> ControlApi -> reply.

void DBusService::handle(const QString &method, const QVariantMap &params)
{
    if (!calledFromDBus())
        return;   // only ManagerAdaptor calls these, within a D-Bus call
    setDelayedReply(true);
    // The same table as JSON-RPC: ranges the D-Bus signature cannot express.
    QVariantMap checked;
    if (const protocol::Method *spec = protocol::findMethod(method)) {
        if (const auto bad = protocol::validateParams(*spec, QJsonObject::fromVariantMap(params), &checked))
            return sendError(m_connection, message(), ControlError{ControlErrorCode::InvalidParams, bad->message, {}});
    }
    Request request{method, checked, message(), {}};
    QDBusMessage ask = busCall(QStringLiteral("GetConnectionCredentials"));
    ask << request.message.service();
    whenAnswered(this, m_connection.asyncCall(ask),
                 [this, request](const QDBusMessage &reply) { onCredentials(request, reply); });
}

void DBusService::onCredentials(Request request, const QDBusMessage &reply)
{
    if (reply.type() != QDBusMessage::ReplyMessage)
        return deny(m_connection, request.message, QStringLiteral("cannot identify the caller: %1").arg(reply.errorMessage()));
    const QVariantMap credentials = qdbus_cast<QVariantMap>(reply.arguments().value(0));
    bool ok = false;
    const uint uid = credentials.value(QStringLiteral("UnixUserID")).toUInt(&ok);
    if (!ok)
        return deny(m_connection, request.message, QStringLiteral("cannot identify the caller: the bus gave no user id"));
    Caller &caller = request.caller;
    caller.uid = uid_t(uid);
    caller.pid = pid_t(credentials.value(QStringLiteral("ProcessID")).toUInt());
    caller.userName = userName(caller.uid, &caller.gid);
    caller.groups = groupsOf(credentials, caller.uid, caller.gid);
    caller.transport = QStringLiteral("dbus");

    if (m_bus == BusKind::Session) {
        // The session bus belongs to one user, but anything running as that
        // user can reach it: only that user and root.
        if (caller.uid != 0 && caller.uid != ::geteuid())
            return deny(m_connection, request.message,
                        QStringLiteral("on the session bus only uid %1 (the user batond runs as) and root may use batond; you are uid %2")
                            .arg(::geteuid())
                            .arg(caller.uid));
        return dispatch(request);
    }
    // The system bus: the one rule of the command layer; polkit decides
    // for callers outside admin_group.
    if (!m_api)
        return sendError(m_connection, request.message, ControlError{ControlErrorCode::Unavailable, QStringLiteral("batond is stopping"), {}});
    const AuthorizationDecision decision = m_api->authorize(caller, request.method, request.params, true);
    if (decision.verdict == Verdict::Allow)
        return dispatch(request);
    if (decision.verdict == Verdict::Deny)
        return deny(m_connection, request.message, decision.reason);
    checkPolkit(request);
}

void DBusService::checkPolkit(Request request)
{
    QDBusMessage check = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.PolicyKit1"), QStringLiteral("/org/freedesktop/PolicyKit1/Authority"),
        QStringLiteral("org.freedesktop.PolicyKit1.Authority"), QStringLiteral("CheckAuthorization"));
    QDBusArgument subject;   // (sa{sv}): the caller's bus name
    subject.beginStructure();
    subject << QStringLiteral("system-bus-name") << QVariantMap{{QStringLiteral("name"), request.message.service()}};
    subject.endStructure();
    QDBusArgument details;   // a{ss}, empty
    details.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QString>());
    details.endMap();
    const bool interactive = request.message.isInteractiveAuthorizationAllowed();
    check << QVariant::fromValue(subject) << QString::fromLatin1(ManageAction) << QVariant::fromValue(details)
          << uint(interactive ? PolkitAllowUserInteraction : 0) << QString();
    const QDBusPendingCall call = m_connection.asyncCall(check, interactive ? InteractiveTimeoutMs : -1);
    whenAnswered(this, call, [this, request, interactive](const QDBusMessage &reply) {
        const QString action = QString::fromLatin1(ManageAction);
        if (reply.type() != QDBusMessage::ReplyMessage) {
            static const QStringList absent{QStringLiteral("org.freedesktop.DBus.Error.ServiceUnknown"),
                                            QStringLiteral("org.freedesktop.DBus.Error.NameHasNoOwner"),
                                            QStringLiteral("org.freedesktop.DBus.Error.NoReply"),
                                            QStringLiteral("org.freedesktop.DBus.Error.Timeout")};
            return deny(m_connection, request.message,
                        QStringLiteral("%1 needs the polkit authorization %2, and %3 (%4: %5)")
                            .arg(request.method, action,
                                 absent.contains(reply.errorName()) ? QStringLiteral("polkit is not available")
                                                                    : QStringLiteral("polkit could not check it"),
                                 reply.errorName(), reply.errorMessage()));
        }
        // (bba{ss}): is_authorized, is_challenge, details
        const QDBusArgument result = reply.arguments().value(0).value<QDBusArgument>();
        bool authorized = false, challenge = false;
        result.beginStructure();
        result >> authorized >> challenge;
        if (authorized) {
            Request granted = request;
            granted.caller.polkitGranted = true;
            return dispatch(granted);
        }
        deny(m_connection, request.message,
             challenge && !interactive
                 ? QStringLiteral("%1 needs the polkit authorization %2: authenticate by calling again with interactive "
                                  "authorization allowed (busctl --allow-interactive-authorization=yes, gdbus call --interactive)")
                       .arg(request.method, action)
                 : QStringLiteral("%1 needs the polkit authorization %2, which was not granted").arg(request.method, action));
    });
}

void DBusService::dispatch(const Request &request)
{
    if (request.method == QLatin1String("subscribe"))
        return subscribe(request);
    if (request.method == QLatin1String("unsubscribe"))
        return unsubscribe(request);
    if (request.method == QLatin1String("subscribe_logs"))
        return subscribeLogs(request);
    if (request.method == QLatin1String("unsubscribe_logs")) {
        dropLogSubscriber(request.message.service());
        return (void)m_connection.send(request.message.createReply(QVariant(QVariantMap{{QStringLiteral("ok"), true}})));
    }
    if (!m_api)
        return sendError(m_connection, request.message,
                         ControlError{ControlErrorCode::Unavailable, QStringLiteral("batond is stopping"), {}});
    const QDBusConnection connection = m_connection;
    const QDBusMessage message = request.message;
    // The command layer has authorized the call (worker output in events is
    // a sensitive read, like the events themselves).
    m_api->call(request.method, request.params, request.caller,
                [connection, message](const QVariantMap &result, const std::optional<ControlError> &error) {
                    if (error)
                        return sendError(connection, message, *error);
                    connection.send(message.createReply(QVariant(toDBus(result))));
                });
}

void DBusService::subscribe(const Request &request)
{
    const QString name = request.message.service();
    if (!m_subscribers.contains(name)) {
        m_subscribers.insert(name);
        m_subscriberWatcher->addWatchedService(name);
        if (m_subscribers.size() == 1 && m_api)
            m_api->addMetricsSubscriber(this);
        // It may have left before the watch was in place.
        QDBusMessage ask = busCall(QStringLiteral("NameHasOwner"));
        ask << name;
        whenAnswered(this, m_connection.asyncCall(ask), [this, name](const QDBusMessage &reply) {
            if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().value(0).toBool())
                dropSubscriber(name);
        });
    }
    if (!m_api)
        return sendError(m_connection, request.message,
                         ControlError{ControlErrorCode::Unavailable, QStringLiteral("batond is stopping"), {}});
    const QDBusConnection connection = m_connection;
    const QDBusMessage message = request.message;
    const QVariantMap noEvents{{QStringLiteral("since"), std::numeric_limits<qint64>::max()}, {QStringLiteral("limit"), 1}};
    m_api->call(QStringLiteral("events"), noEvents, request.caller,
                [connection, message](const QVariantMap &result, const std::optional<ControlError> &) {
                    connection.send(message.createReply(QVariant(QVariantMap{
                        {QStringLiteral("ok"), true},
                        {QStringLiteral("last_seq"), result.value(QStringLiteral("last_seq"), qint64(0)).toLongLong()}})));
                });
}

void DBusService::unsubscribe(const Request &request)
{
    dropSubscriber(request.message.service());
    m_connection.send(request.message.createReply(QVariant(QVariantMap{{QStringLiteral("ok"), true}})));
}

void DBusService::subscribeLogs(const Request &request)
{
    QString why;
    auto filter = LogFilter::fromParams(request.params, &why);
    if (!filter)
        return sendError(m_connection, request.message, ControlError{ControlErrorCode::InvalidParams, why, {}});
    if (!m_api)
        return sendError(m_connection, request.message,
                         ControlError{ControlErrorCode::Unavailable, QStringLiteral("batond is stopping"), {}});
    filter->since = 0;
    const QString name = request.message.service();
    const bool first = m_logSubscribers.isEmpty();
    if (!m_logSubscribers.contains(name) && !m_subscribers.contains(name))
        m_subscriberWatcher->addWatchedService(name);
    m_logSubscribers.insert(name, *filter);
    if (first)
        m_api->addLogSubscriber(this);
    const QDBusConnection connection = m_connection;
    const QDBusMessage message = request.message;
    QVariantMap none{{QStringLiteral("since"), std::numeric_limits<qint64>::max()}, {QStringLiteral("limit"), 1}};
    m_api->call(QStringLiteral("logs"), none, request.caller, [connection, message](const QVariantMap &result, const std::optional<ControlError> &) {
        connection.send(message.createReply(QVariant(QVariantMap{
            {QStringLiteral("ok"), true},
            {QStringLiteral("last_seq"), records::Logs::fromVariant(result).value_or(records::Logs{}).lastSeq}})));
    });
}

void DBusService::dropLogSubscriber(const QString &name)
{
    if (!m_logSubscribers.remove(name))
        return;
    if (!m_subscribers.contains(name))
        m_subscriberWatcher->removeWatchedService(name);
    if (m_logSubscribers.isEmpty() && m_api)
        m_api->removeLogSubscriber(this);
}

// Targeted signals: only the subscriber gets its lines (a broadcast could be
// read by anyone on the bus).
void DBusService::onLogs(const QVariantList &lines)
{
    for (auto it = m_logSubscribers.cbegin(); it != m_logSubscribers.cend(); ++it) {
        QVariantList matching;
        for (const QVariant &line : lines) {
            if (it.value().matches(line.toMap()))
                matching << line;
        }
        if (matching.isEmpty())
            continue;
        QDBusMessage signal = QDBusMessage::createTargetedSignal(it.key(), QString::fromLatin1(ObjectPath),
                                                                 QString::fromLatin1(Interface), QStringLiteral("LogLines"));
        signal << QVariant(toDBus({{QStringLiteral("lines"), matching}}));
        m_connection.send(signal);
    }
}

void DBusService::dropSubscriber(const QString &name)
{
    if (!m_subscribers.remove(name))
        return;
    if (!m_logSubscribers.contains(name))
        m_subscriberWatcher->removeWatchedService(name);
    if (m_subscribers.isEmpty() && m_api)
        m_api->removeMetricsSubscriber(this);
}

} // namespace baton
