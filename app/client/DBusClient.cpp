// ControlClient over D-Bus. Notes:
// - Nothing blocks: every call is an asyncCall with a QDBusPendingCallWatcher,
//   and the owner of io.github.baton.Daemon1 is learnt with an asynchronous
//   GetNameOwner plus a QDBusServiceWatcher (whichever speaks last wins; the
//   watcher is set up first, so no change can fall between the two).
// - Signals are matched by path and interface only, then filtered on the
//   sender being the current owner: a match on the well-known name would make
//   QtDBus resolve it with a blocking GetNameOwner of its own.
// - batond sends results as a{sv} with nested aa{sv}/as/av; fromDBus() turns
//   whatever QtDBus hands back (QDBusArgument, QDBusVariant, QStringList)
//   into plain QVariantMap/QVariantList trees with qlonglong integers, which
//   is what the JSON-RPC client gives, so callers need not know the transport.
// - D-Bus error replies carry only a message (anything more and GLib shows
//   none), so the data of JSON-RPC errors is fetched after the fact:
//   InvalidConfig from apply_config gets its diagnostics from Validate,
//   Conflict its current_version from GetConfig.
// - Write methods may wait: Reload answers when the new generation is ready,
//   and on the system bus polkit may ask for a password (the calls allow
//   interactive authorization), hence the long timeout for them.
#include "DBusClient.h"

#include "baton/ControlProtocol.h"

#include <QDBusArgument>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusServiceWatcher>
#include <QDBusSignature>
#include <QDBusVariant>
#include <QSet>

#include <limits>
#include <utility>

namespace baton {

namespace {

const QString ServiceName = QStringLiteral("io.github.baton.Daemon1");
const QString ObjectPath = QStringLiteral("/io/github/baton/Daemon1");
const QString Interface = QStringLiteral("io.github.baton.Daemon1.Manager");
const QStringList SignalNames{QStringLiteral("Event"), QStringLiteral("MetricsUpdated"), QStringLiteral("ServicesChanged"),
                              QStringLiteral("LogLines")};
constexpr int ReadTimeoutMs = 60 * 1000;
constexpr int WriteTimeoutMs = 10 * 60 * 1000;

// ControlErrorCode values (daemon/master/control/ControlApi.h), by D-Bus name.
int codeOf(const QString &errorName)
{
    static const QHash<QString, int> codes{
        {QStringLiteral("io.github.baton.Daemon1.Error.Conflict"), 1},
        {QStringLiteral("io.github.baton.Daemon1.Error.InvalidConfig"), 2},
        {QStringLiteral("io.github.baton.Daemon1.Error.NotFound"), 3},
        {QStringLiteral("io.github.baton.Daemon1.Error.PermissionDenied"), 4},
        {QStringLiteral("io.github.baton.Daemon1.Error.Unavailable"), 5},
        {QStringLiteral("io.github.baton.Daemon1.Error.IoError"), 6},
        {QStringLiteral("org.freedesktop.DBus.Error.AccessDenied"), 4},   // the bus policy said no
        {QStringLiteral("io.github.baton.Daemon1.Error.InvalidArgs"), -32602},
        {QStringLiteral("org.freedesktop.DBus.Error.InvalidArgs"), -32602},
        {QStringLiteral("org.freedesktop.DBus.Error.UnknownMethod"), -32601},
        {QStringLiteral("org.freedesktop.DBus.Error.Failed"), -32603},
    };
    const auto it = codes.constFind(errorName);
    if (it != codes.constEnd())
        return *it;
    return errorName.startsWith(QLatin1String("io.github.baton.")) ? -32603 : -1;   // else: no reply, no daemon
}

QVariant fromArgument(const QDBusArgument &arg)
{
    switch (arg.currentType()) {
    case QDBusArgument::BasicType:
        return DBusClient::fromDBus(arg.asVariant());
    case QDBusArgument::VariantType: {
        QDBusVariant variant;
        arg >> variant;
        return DBusClient::fromDBus(variant.variant());
    }
    case QDBusArgument::ArrayType: {
        if (arg.currentSignature() == QLatin1String("ay")) {
            QByteArray bytes;
            arg >> bytes;
            return bytes;
        }
        QVariantList list;
        arg.beginArray();
        while (!arg.atEnd())
            list << fromArgument(arg);
        arg.endArray();
        return list;
    }
    case QDBusArgument::StructureType: {
        QVariantList fields;
        arg.beginStructure();
        while (!arg.atEnd())
            fields << fromArgument(arg);
        arg.endStructure();
        return fields;
    }
    case QDBusArgument::MapType: {
        QVariantMap map;
        arg.beginMap();
        while (!arg.atEnd()) {
            arg.beginMapEntry();
            const QVariant key = fromArgument(arg);
            const QVariant value = fromArgument(arg);
            arg.endMapEntry();
            map.insert(key.toString(), value);
        }
        arg.endMap();
        return map;
    }
    case QDBusArgument::MapEntryType:
    case QDBusArgument::UnknownType:
        break;
    }
    return {};
}

// Anything but a public read may wait for polkit (an interactive prompt).
bool isWrite(const QString &method)
{
    const protocol::Method *m = protocol::findMethod(method);
    return !m || m->access != protocol::Access::PublicRead;
}

} // namespace

QVariant DBusClient::fromDBus(const QVariant &value)
{
    const int type = value.typeId();
    if (type == qMetaTypeId<QDBusArgument>())
        return fromArgument(value.value<QDBusArgument>());
    if (type == qMetaTypeId<QDBusVariant>())
        return fromDBus(value.value<QDBusVariant>().variant());
    if (type == qMetaTypeId<QDBusObjectPath>())
        return value.value<QDBusObjectPath>().path();
    if (type == qMetaTypeId<QDBusSignature>())
        return value.value<QDBusSignature>().signature();
    switch (type) {
    case QMetaType::UChar:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
        return value.toLongLong();
    case QMetaType::ULongLong:
        return value.toULongLong() <= quint64(std::numeric_limits<qint64>::max()) ? QVariant(value.toLongLong()) : value;
    case QMetaType::QStringList: {
        QVariantList list;
        for (const QString &s : value.toStringList())
            list << s;
        return list;
    }
    case QMetaType::QVariantList: {
        QVariantList list;
        for (const QVariant &v : value.toList())
            list << fromDBus(v);
        return list;
    }
    case QMetaType::QVariantMap: {
        QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            *it = fromDBus(*it);
        return map;
    }
    default:
        return value;
    }
}

ClientError DBusClient::errorFromReply(const QDBusMessage &reply)
{
    ClientError error;
    error.code = codeOf(reply.errorName());
    error.message = reply.errorMessage();
    if (error.message.isEmpty())
        error.message = reply.errorName();
    if (error.code == ControlErrorCode::InvalidConfig)   // then one line per diagnostic, for plain D-Bus tools
        error.message = error.message.section(QLatin1Char('\n'), 0, 0);
    return error;
}

void DBusClient::completeError(const QString &method, const QVariantMap &params, ClientError error, Callback done)
{
    // D-Bus errors carry no data: ask for what JSON-RPC would have sent along.
    auto withData = [done, error](const char *key, const char *from) {
        return [done, error, key, from](const QVariantMap &result, const std::optional<ClientError> &failed) {
            ClientError full = error;
            if (!failed)
                full.data.insert(QString::fromLatin1(key), result.value(QString::fromLatin1(from)));
            done({}, full);
        };
    };
    if (error.code == ControlErrorCode::InvalidConfig && method == QLatin1String("apply_config"))
        return call(QStringLiteral("validate"), {{QStringLiteral("text"), params.value(QStringLiteral("text"))}},
                    withData("diagnostics", "diagnostics"));
    if (error.code == ControlErrorCode::Conflict)
        return call(QStringLiteral("get_config"), {}, withData("current_version", "version"));
    done({}, error);
}

DBusClient::DBusClient(QDBusConnection::BusType bus, QObject *parent)
    : ControlClient(parent), m_busType(bus), m_connection(QString())
{
}

// Pending callbacks are dropped, not called: their owners may be going too.
DBusClient::~DBusClient() = default;

QString DBusClient::endpoint() const
{
    return m_busType == QDBusConnection::SystemBus ? QStringLiteral("dbus:system") : QStringLiteral("dbus:session");
}

void DBusClient::connectToDaemon()
{
    if (m_active)
        return;
    m_connection = m_busType == QDBusConnection::SystemBus ? QDBusConnection::systemBus() : QDBusConnection::sessionBus();
    const QString bus = m_busType == QDBusConnection::SystemBus ? QStringLiteral("system") : QStringLiteral("session");
    if (!m_connection.isConnected()) {
        const QString reason = QStringLiteral("cannot connect to the %1 bus: %2").arg(bus, m_connection.lastError().message());
        QMetaObject::invokeMethod(this, [this, reason] { Q_EMIT disconnected(reason); }, Qt::QueuedConnection);
        return;
    }
    m_active = true;
    m_ownerSeen = false;
    m_nameWatcher = new QDBusServiceWatcher(ServiceName, m_connection, QDBusServiceWatcher::WatchForOwnerChange, this);
    // An owner change is an input, handled from the event loop, never inside
    // the watcher's own signal: its consequences (disconnected(), a backend
    // switch) may end this client and its watcher, and an object must not be
    // deleted while it is emitting (issue 14: SIGSEGV in serviceUnregistered).
    const quint64 session = ++m_session;
    connect(m_nameWatcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this, session](const QString &, const QString &, const QString &newOwner) {
                QMetaObject::invokeMethod(this, [this, session, newOwner] {
                    if (!m_active || session != m_session)
                        return;   // from a watch that ended since
                    m_ownerSeen = true;
                    onOwnerChanged(newOwner);
                }, Qt::QueuedConnection);
            });
    connectSignals(true);

    QDBusMessage ask = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                                                      QStringLiteral("org.freedesktop.DBus"), QStringLiteral("GetNameOwner"));
    ask << ServiceName;
    auto *watcher = new QDBusPendingCallWatcher(m_connection.asyncCall(ask), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, bus, session](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        if (!m_active || m_ownerSeen || session != m_session)
            return;
        const QDBusMessage reply = w->reply();
        if (reply.type() == QDBusMessage::ReplyMessage) {
            onOwnerChanged(reply.arguments().value(0).toString());
        } else {
            Q_EMIT disconnected(QStringLiteral("batond is not running on the %1 bus (%2 has no owner); waiting for it").arg(bus, ServiceName));
        }
    });
}

void DBusClient::onOwnerChanged(const QString &owner)
{
    if (owner == m_owner)
        return;
    if (m_connected) {
        m_connected = false;
        m_owner.clear();
        Q_EMIT disconnected(owner.isEmpty() ? QStringLiteral("batond left the bus") : QStringLiteral("batond was replaced on the bus"));
        if (!m_active)
            return;   // its handler let go of us
    }
    if (owner.isEmpty())
        return;
    m_owner = owner;
    m_connected = true;
    Q_EMIT connected();
    if (m_wantMetrics)
        sendSubscribe();
    if (m_wantLogs)
        call(QStringLiteral("subscribe_logs"), {}, [](const QVariantMap &, const std::optional<ClientError> &) {});
}

void DBusClient::connectSignals(bool on)
{
    for (const QString &name : SignalNames) {
        if (on)
            m_connection.connect(QString(), ObjectPath, Interface, name, this, SLOT(onBusSignal(QDBusMessage)));
        else
            m_connection.disconnect(QString(), ObjectPath, Interface, name, this, SLOT(onBusSignal(QDBusMessage)));
    }
}

void DBusClient::onBusSignal(const QDBusMessage &message)
{
    if (!m_connected || message.service() != m_owner)
        return;   // not from batond (or from before it was known)
    const QVariantMap payload = fromDBus(message.arguments().value(0)).toMap();
    const QString member = message.member();
    if (member == QLatin1String("Event")) {
        if (m_wantEvents)
            Q_EMIT eventReceived(payload);
    } else if (member == QLatin1String("MetricsUpdated")) {
        if (m_wantMetrics)
            Q_EMIT metricsReceived(payload);
    } else if (member == QLatin1String("ServicesChanged")) {
        Q_EMIT servicesChanged(payload);
    } else if (member == QLatin1String("LogLines")) {
        Q_EMIT logsReceived(payload.value(QStringLiteral("lines")).toList());
    }
}

void DBusClient::disconnectFromDaemon()
{
    if (!m_active)
        return;
    if (m_connected && m_wantMetrics) {   // our bus connection outlives us: batond would keep sampling
        QDBusMessage bye = QDBusMessage::createMethodCall(ServiceName, ObjectPath, Interface, QStringLiteral("Unsubscribe"));
        bye.setAutoStartService(false);
        m_connection.send(bye);
    }
    if (m_connected && m_wantLogs) {
        QDBusMessage bye = QDBusMessage::createMethodCall(ServiceName, ObjectPath, Interface, QStringLiteral("UnsubscribeLogs"));
        bye.setAutoStartService(false);
        m_connection.send(bye);
    }
    connectSignals(false);
    // Possibly called from a handler of the watcher's own signal (through
    // disconnected() and whoever reacts to it): silence it now, delete it later.
    if (m_nameWatcher) {
        disconnect(m_nameWatcher, nullptr, this, nullptr);
        m_nameWatcher->deleteLater();
        m_nameWatcher = nullptr;
    }
    ++m_session;
    m_active = false;
    const bool wasConnected = std::exchange(m_connected, false);
    m_owner.clear();
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.begin(); it != pending.end(); ++it) {
        it.key()->deleteLater();
        it.value()({}, ClientError{-1, QStringLiteral("disconnected from batond"), {}});
    }
    if (wasConnected)
        Q_EMIT disconnected(QStringLiteral("disconnected"));
}

void DBusClient::fail(Callback callback, int code, const QString &message)
{
    QMetaObject::invokeMethod(
        this, [callback = std::move(callback), code, message] { callback({}, ClientError{code, message, {}}); }, Qt::QueuedConnection);
}

void DBusClient::call(const QString &method, const QVariantMap &params, Callback callback)
{
    if (!m_active || !m_connection.isConnected())
        return fail(std::move(callback), -1, QStringLiteral("not connected to batond"));

    QString missing;
    auto text = [&](const char *key, bool required) {
        const QString name = QString::fromLatin1(key);
        if (required && !params.contains(name))
            missing = name;
        return QVariant(params.value(name).toString());
    };
    auto number = [&](const char *key, bool required) {
        const QString name = QString::fromLatin1(key);
        bool ok = true;
        const uint value = params.contains(name) ? params.value(name).toUInt(&ok) : 0;
        if ((required && !params.contains(name)) || !ok)
            missing = name;
        return QVariant(value);
    };

    // The member and its arguments come from the method table: the D-Bus
    // name, and the params in table order as the positional arguments of the
    // introspection XML ("" and 0 for "not given"); a filter method takes them
    // all as one a{sv}.
    const protocol::Method *spec = protocol::findMethod(method);
    if (!spec || spec->dbusName.isEmpty())
        return fail(std::move(callback), ControlErrorCode::MethodNotFound, QStringLiteral("unknown method \"%1\"").arg(method));
    const QString member = spec->dbusName;
    QVariantList args;
    if (method == QLatin1String("logs") || method == QLatin1String("subscribe_logs")) {
        args << QVariant(params);   // a{sv}: the filter
    } else if (method != QLatin1String("subscribe") && method != QLatin1String("unsubscribe")) {
        for (const protocol::Param &p : spec->params) {
            const QByteArray key = p.name.toLatin1();
            if (p.type == protocol::ParamType::String) {
                args << text(key.constData(), p.required);
            } else if (p.type == protocol::ParamType::UInt && p.max > qint64(std::numeric_limits<uint>::max())) {
                bool ok = true;   // a sequence number: t
                const qlonglong value = params.value(p.name, 0).toLongLong(&ok);
                if (!ok)
                    missing = p.name;
                args << QVariant(qulonglong(std::max<qlonglong>(value, 0)));
            } else if (p.type == protocol::ParamType::UInt) {
                args << number(key.constData(), p.required);
            }
        }
    }
    if (!missing.isEmpty())
        return fail(std::move(callback), -32602, QStringLiteral("%1: missing or invalid \"%2\"").arg(method, missing));

    QDBusMessage message = QDBusMessage::createMethodCall(ServiceName, ObjectPath, Interface, member);
    message.setArguments(args);
    message.setAutoStartService(false);
    message.setInteractiveAuthorizationAllowed(true);
    auto *watcher = new QDBusPendingCallWatcher(m_connection.asyncCall(message, isWrite(method) ? WriteTimeoutMs : ReadTimeoutMs), this);
    m_pending.insert(watcher, std::move(callback));
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, method, params](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const Callback done = m_pending.take(w);
        if (!done)
            return;
        const QDBusMessage reply = w->reply();
        if (reply.type() == QDBusMessage::ReplyMessage)
            done(fromDBus(reply.arguments().value(0)).toMap(), std::nullopt);
        else
            completeError(method, params, errorFromReply(reply), done);
    });
}

void DBusClient::subscribe(bool events, bool metrics)
{
    const bool hadMetrics = std::exchange(m_wantMetrics, metrics);
    m_wantEvents = events;   // Event signals are broadcast; only metrics cost batond anything
    if (!m_connected)
        return;   // sent when batond appears
    if (metrics)
        sendSubscribe();
    else if (hadMetrics)
        call(QStringLiteral("unsubscribe"), {}, [](const QVariantMap &, const std::optional<ClientError> &) {});
}

void DBusClient::setLogsWanted(bool wanted)
{
    if (std::exchange(m_wantLogs, wanted) == wanted || !m_connected)
        return;   // sent when batond appears
    // LogLines signals go to subscribers only (never broadcast), so this costs batond nothing when off.
    call(wanted ? QStringLiteral("subscribe_logs") : QStringLiteral("unsubscribe_logs"), {},
         [](const QVariantMap &, const std::optional<ClientError> &) {});
}

void DBusClient::sendSubscribe()
{
    call(QStringLiteral("subscribe"), {}, [](const QVariantMap &, const std::optional<ClientError> &) {});
}

} // namespace baton
