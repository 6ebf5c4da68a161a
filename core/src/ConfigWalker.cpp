#include "ConfigWalker.h"

#include "baton/ByteSize.h"

#include "baton/CommandLookup.h"
#include "baton/ConfigSchema.h"
#include "baton/SignalNames.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <sys/un.h>

#include <algorithm>
#include <tuple>
#include <vector>

namespace baton {

namespace {

QString qs(std::string_view text) { return QString::fromUtf8(text.data(), qsizetype(text.size())); }

QString typeName(const toml::node &node)
{
    switch (node.type()) {
    case toml::node_type::table: return QStringLiteral("a table");
    case toml::node_type::array: return QStringLiteral("an array");
    case toml::node_type::string: return QStringLiteral("a string");
    case toml::node_type::integer: return QStringLiteral("an integer");
    case toml::node_type::floating_point: return QStringLiteral("a float");
    case toml::node_type::boolean: return QStringLiteral("a boolean");
    case toml::node_type::date: return QStringLiteral("a date");
    case toml::node_type::time: return QStringLiteral("a time");
    case toml::node_type::date_time: return QStringLiteral("a date-time");
    default: return QStringLiteral("nothing");
    }
}

const QRegularExpression &namePattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    return pattern;
}

// toml::table is a std::map, sorted by key. Listener order is FD order and
// every diagnostic should follow the file, so walk entries as written.
std::vector<std::pair<const toml::key *, const toml::node *>> inFileOrder(const toml::table &table)
{
    std::vector<std::pair<const toml::key *, const toml::node *>> entries;
    for (auto &&[key, node] : table)
        entries.emplace_back(&key, &node);
    std::stable_sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
        const auto &pa = a.first->source().begin, &pb = b.first->source().begin;
        return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
    });
    return entries;
}

const QStringList reservedEnv = {QStringLiteral("LISTEN_FDS"),   QStringLiteral("LISTEN_FDNAMES"),
                                 QStringLiteral("LISTEN_PID"),   QStringLiteral("NOTIFY_SOCKET"),
                                 QStringLiteral("WATCHDOG_USEC"), QStringLiteral("WATCHDOG_PID")};

} // namespace

ConfigWalker::ConfigWalker(const LoadOptions &options)
    : m_options(options)
    , m_baseDir(options.filePath.isEmpty() ? QDir::current() : QFileInfo(options.filePath).absoluteDir())
{
}

void ConfigWalker::report(Severity severity, const toml::source_position &at, const QString &path, const QString &message)
{
    m_diagnostics.append({severity, int(at.line), int(at.column), path, message});
}

void ConfigWalker::error(const toml::node &at, const QString &path, const QString &message)
{
    report(Severity::Error, at.source().begin, path, message);
}

void ConfigWalker::unknownKey(const toml::key &key, const QString &tablePath, const QStringList &known)
{
    const QString name = qs(key.str());
    QString message = tablePath.isEmpty() ? QStringLiteral("unknown key \"%1\"").arg(name)
                                          : QStringLiteral("unknown key \"%1\" in [%2]").arg(name, tablePath);
    const QString suggestion = suggestKey(name, known);
    if (!suggestion.isEmpty())
        message += QStringLiteral("; did you mean \"%1\"?").arg(suggestion);
    report(Severity::Error, key.source().begin, tablePath.isEmpty() ? name : tablePath + QLatin1Char('.') + name, message);
}

std::optional<QString> ConfigWalker::string(const toml::node &node, const QString &path)
{
    if (const auto *value = node.as_string())
        return qs(value->get());
    error(node, path, QStringLiteral("%1: expected a string, got %2").arg(path, typeName(node)));
    return std::nullopt;
}

std::optional<qint64> ConfigWalker::integer(const toml::node &node, const QString &path, qint64 min, qint64 max)
{
    const auto *value = node.as_integer();
    if (!value) {
        error(node, path, QStringLiteral("%1: expected an integer, got %2").arg(path, typeName(node)));
        return std::nullopt;
    }
    const qint64 number = value->get();
    if (number < min || number > max) {
        error(node, path, QStringLiteral("%1: %2 is out of range %3..%4").arg(path).arg(number).arg(min).arg(max));
        return std::nullopt;
    }
    return number;
}

std::optional<bool> ConfigWalker::boolean(const toml::node &node, const QString &path)
{
    if (const auto *value = node.as_boolean())
        return value->get();
    error(node, path, QStringLiteral("%1: expected true or false, got %2").arg(path, typeName(node)));
    return std::nullopt;
}

std::optional<Milliseconds> ConfigWalker::duration(const toml::node &node, const QString &path, Milliseconds min)
{
    if (!node.is_string()) {
        error(node, path, QStringLiteral("%1: expected a duration string like \"10s\", got %2").arg(path, typeName(node)));
        return std::nullopt;
    }
    QString why;
    const auto parsed = parseDuration(qs(node.as_string()->get()), &why);
    if (!parsed) {
        error(node, path, QStringLiteral("%1: %2").arg(path, why));
        return std::nullopt;
    }
    if (*parsed < min) {
        error(node, path, QStringLiteral("%1: must be at least %2").arg(path, formatDuration(min)));
        return std::nullopt;
    }
    return parsed;
}

QString ConfigWalker::absolutePath(const QString &path) const
{
    return QDir::cleanPath(m_baseDir.absoluteFilePath(path));
}

Config ConfigWalker::walk(const toml::table &root)
{
    Config config;
    config.filePath = m_options.filePath.isEmpty() ? QString() : QFileInfo(m_options.filePath).absoluteFilePath();
    bool sawService = false;
    for (auto [keyPtr, nodePtr] : inFileOrder(root)) {
        const toml::key &key = *keyPtr;
        const toml::node &node = *nodePtr;
        const QString name = qs(key.str());
        if (name == QLatin1String("daemon")) {
            if (const auto *table = node.as_table())
                parseDaemon(*table, config.daemon);
            else
                error(node, name, QStringLiteral("daemon: expected a table [daemon], got %1").arg(typeName(node)));
        } else if (name == QLatin1String("service")) {
            const auto *services = node.as_table();
            if (!services) {
                error(node, name, QStringLiteral("service: expected tables [service.NAME], got %1").arg(typeName(node)));
                continue;
            }
            for (auto [serviceKeyPtr, serviceNodePtr] : inFileOrder(*services)) {
        const toml::key &serviceKey = *serviceKeyPtr;
        const toml::node &serviceNode = *serviceNodePtr;
                const QString serviceName = qs(serviceKey.str());
                const QString path = QStringLiteral("service.") + serviceName;
                sawService = true;
                if (!namePattern().match(serviceName).hasMatch())
                    report(Severity::Error, serviceKey.source().begin, path,
                           QStringLiteral("service name \"%1\" may only use letters, digits, '_', '-' and '.' (at most 64)").arg(serviceName));
                const auto *table = serviceNode.as_table();
                if (!table) {
                    error(serviceNode, path, QStringLiteral("%1: expected a table [%1], got %2").arg(path, typeName(serviceNode)));
                    continue;
                }
                ServiceConfig service;
                service.name = serviceName;
                parseService(serviceName, *table, service);
                config.services.append(std::move(service));
            }
        } else {
            unknownKey(key, {}, schema::rootKeys());
        }
    }
    if (!sawService)
        report(Severity::Error, {1, 1}, QStringLiteral("service"),
               QStringLiteral("no [service.NAME] table: there is nothing to run"));
    checkAddressConflicts();
    return config;
}

void ConfigWalker::parseDaemon(const toml::table &table, DaemonConfig &daemon)
{
    for (auto [keyPtr, nodePtr] : inFileOrder(table)) {
        const toml::key &key = *keyPtr;
        const toml::node &node = *nodePtr;
        const QString name = qs(key.str());
        const QString path = QStringLiteral("daemon.") + name;
        if (name == QLatin1String("control_socket")) {
            if (auto value = string(node, path)) {
                if (value->isEmpty()) {
                    error(node, path, QStringLiteral("%1: must not be empty (leave it out for the default)").arg(path));
                    continue;
                }
                daemon.controlSocket = absolutePath(*value);
                if (size_t(daemon.controlSocket.toLocal8Bit().size()) >= sizeof(sockaddr_un::sun_path))
                    error(node, path, QStringLiteral("%1: \"%2\" is too long for a Unix socket path").arg(path, daemon.controlSocket));
            }
        } else if (name == QLatin1String("bus")) {
            if (auto value = string(node, path)) {
                if (*value == QLatin1String("session"))
                    daemon.bus = BusKind::Session;
                else if (*value == QLatin1String("system"))
                    daemon.bus = BusKind::System;
                else if (*value == QLatin1String("none"))
                    daemon.bus = BusKind::None;
                else
                    error(node, path, QStringLiteral("%1: \"%2\" is not one of \"session\", \"system\", \"none\"").arg(path, *value));
            }
        } else if (name == QLatin1String("state_dir")) {
            if (auto value = string(node, path)) {
                if (value->isEmpty())
                    error(node, path, QStringLiteral("%1: must not be empty (leave it out for the default)").arg(path));
                else
                    daemon.stateDir = absolutePath(*value);
            }
        } else if (name == QLatin1String("watch")) {
            if (auto value = boolean(node, path))
                daemon.watch = *value;
        } else if (name == QLatin1String("admin_group")) {
            if (auto value = string(node, path))
                daemon.adminGroup = *value;
        } else if (name == QLatin1String("log")) {
            if (auto value = string(node, path)) {
                if (*value == QLatin1String("auto"))
                    daemon.log = LogTarget::Auto;
                else if (*value == QLatin1String("stderr"))
                    daemon.log = LogTarget::Stderr;
                else if (*value == QLatin1String("journal"))
                    daemon.log = LogTarget::Journal;
                else
                    error(node, path, QStringLiteral("%1: \"%2\" is not one of \"auto\", \"stderr\", \"journal\"").arg(path, *value));
            }
        } else if (name == QLatin1String("signing_keys")) {
            parseSigningKeys(node, path, daemon);
        } else if (name == QLatin1String("metrics_history")) {
            // "0" (no unit) is accepted as "off": there is nothing to measure.
            if (node.is_string() && node.as_string()->get() == "0")
                daemon.metricsHistory = Milliseconds(0);
            else if (auto value = duration(node, path, Milliseconds(0))) {
                // Bounded: at one sample a second per worker, memory grows with it.
                if (*value > Milliseconds(3'600'000))
                    error(node, path, QStringLiteral("%1: must be at most 1h").arg(path));
                else
                    daemon.metricsHistory = *value;
            }
        } else {
            unknownKey(key, QStringLiteral("daemon"), schema::daemonKeys());
        }
    }
}

// Every key file is read here (unless signatures are off), so a missing,
// malformed or replaceable one is reported at its own element.
void ConfigWalker::parseSigningKeys(const toml::node &node, const QString &path, DaemonConfig &daemon)
{
    const auto *array = node.as_array();
    if (!array || array->empty()) {
        error(node, path, QStringLiteral("%1: expected a non-empty array of public key files like [\"/etc/baton/keys/release.pub\"]")
                              .arg(path));
        return;
    }
    for (const toml::node &element : *array) {
        const auto value = element.value<std::string>();
        if (!value || value->empty()) {
            error(element, path, QStringLiteral("%1: every element must be a non-empty path to a public key file").arg(path));
            continue;
        }
        const QString file = absolutePath(qs(*value));
        daemon.signingKeys << file;
        if (m_options.signatureMode == SignatureMode::Off)
            continue;
        QString why;
        if (auto key = loadPublicKeyFile(file, &why))
            m_signingKeys << *key;
        else
            error(element, path, QStringLiteral("%1: %2").arg(path, why));
    }
}

void ConfigWalker::parseService(const QString &name, const toml::table &table, ServiceConfig &service)
{
    const QString prefix = QStringLiteral("service.") + name;
    bool sawCommand = false, sawListen = false;
    for (auto [keyPtr, nodePtr] : inFileOrder(table)) {
        const toml::key &key = *keyPtr;
        const toml::node &node = *nodePtr;
        const QString keyName = qs(key.str());
        const QString path = prefix + QLatin1Char('.') + keyName;
        if (keyName == QLatin1String("command")) {
            sawCommand = true;
            parseCommand(node, path, service);
        } else if (keyName == QLatin1String("workers")) {
            if (auto value = integer(node, path, 1, 256))
                service.workers = int(*value);
        } else if (keyName == QLatin1String("ready")) {
            if (auto value = string(node, path)) {
                if (*value == QLatin1String("notify"))
                    service.ready = ReadyMode::Notify;
                else if (*value == QLatin1String("exec"))
                    service.ready = ReadyMode::Exec;
                else
                    error(node, path, QStringLiteral("%1: \"%2\" is not one of \"notify\", \"exec\"").arg(path, *value));
            }
        } else if (keyName == QLatin1String("ready_timeout")) {
            if (auto value = duration(node, path, Milliseconds(1)))
                service.readyTimeout = *value;
        } else if (keyName == QLatin1String("ready_hold")) {
            if (auto value = duration(node, path, Milliseconds(0)))
                service.readyHold = *value;
        } else if (keyName == QLatin1String("drain_timeout")) {
            if (auto value = duration(node, path, Milliseconds(0)))
                service.drainTimeout = *value;
        } else if (keyName == QLatin1String("watchdog")) {
            if (auto value = duration(node, path, Milliseconds(0)))
                service.watchdog = *value;
        } else if (keyName == QLatin1String("stop_signal")) {
            if (auto value = string(node, path)) {
                if (auto signal = parseSignalName(*value))
                    service.stopSignal = *signal;
                else
                    error(node, path, QStringLiteral("%1: unknown signal \"%2\"; use one of %3")
                                          .arg(path, *value, knownStopSignalNames().join(QLatin1String(", "))));
            }
        } else if (keyName == QLatin1String("env")) {
            parseEnv(node, path, service);
        } else if (keyName == QLatin1String("listen")) {
            sawListen = true;
            parseListeners(node, path, service);
        } else if (keyName == QLatin1String("log_buffer")) {
            if (auto value = string(node, path)) {
                QString why;
                const auto bytes = parseByteSize(*value, &why);
                if (!bytes)
                    error(node, path, QStringLiteral("%1: %2").arg(path, why));
                else if (*bytes > 1024LL * 1024 * 1024)
                    error(node, path, QStringLiteral("%1: %2 is more than the 1GiB a service may keep").arg(path, *value));
                else
                    service.logBuffer = *bytes;
            }
        } else if (keyName == QLatin1String("log_rate")) {
            if (auto value = string(node, path)) {
                QString why;
                if (const auto rate = parseLogRate(*value, &why))
                    service.logRate = *rate;
                else
                    error(node, path, QStringLiteral("%1: %2").arg(path, why));
            }
        } else if (keyName == QLatin1String("restart")) {
            if (const auto *restart = node.as_table())
                parseRestart(*restart, path, service.restart);
            else
                error(node, path, QStringLiteral("%1: expected a table, got %2").arg(path, typeName(node)));
        } else {
            unknownKey(key, prefix, schema::serviceKeys());
        }
    }
    if (!sawCommand)
        error(table, prefix + QStringLiteral(".command"), QStringLiteral("%1: missing required key \"command\"").arg(prefix));
    if (!sawListen)
        error(table, prefix + QStringLiteral(".listen"), QStringLiteral("%1: missing required table [%1.listen]").arg(prefix));
}

void ConfigWalker::parseCommand(const toml::node &node, const QString &path, ServiceConfig &service)
{
    const auto *array = node.as_array();
    if (!array) {
        error(node, path, QStringLiteral("%1: expected an array of strings like [\"baton-worker\", \"--root\", \"www\"], got %2")
                              .arg(path, typeName(node)));
        return;
    }
    if (array->empty()) {
        error(node, path, QStringLiteral("%1: must not be empty; name the program to run").arg(path));
        return;
    }
    bool allStrings = true;
    for (const toml::node &element : *array) {
        if (const auto *text = element.as_string()) {
            service.command << qs(text->get());
        } else {
            allStrings = false;
            error(element, path, QStringLiteral("%1: every element must be a string, got %2").arg(path, typeName(element)));
        }
    }
    if (!allStrings)
        return;
    if (service.command.first().isEmpty()) {
        error(*array->get(0), path, QStringLiteral("%1: the program name is empty").arg(path));
        return;
    }
    if (m_options.commandCheck == CommandCheck::Off)
        return;
    QString why;
    std::optional<QString> found = m_options.findProgram
        ? m_options.findProgram(service.command.first(), &why)
        : findProgram(service.command.first(), m_baseDir, m_options.extraSearchDirs, &why);
    if (found) {
        service.program = *found;
    } else {
        const bool remote = m_options.commandCheck == CommandCheck::Warning;
        report(remote ? Severity::Warning : Severity::Error, array->get(0)->source().begin, path,
               remote ? QStringLiteral("%1 here; it may exist on the daemon's host").arg(why) : why);
    }
}

void ConfigWalker::parseEnv(const toml::node &node, const QString &path, ServiceConfig &service)
{
    const auto *table = node.as_table();
    if (!table) {
        error(node, path, QStringLiteral("%1: expected a table like { NAME = \"value\" }, got %2").arg(path, typeName(node)));
        return;
    }
    static const QRegularExpression envName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (auto [keyPtr, valuePtr] : inFileOrder(*table)) {
        const toml::key &key = *keyPtr;
        const toml::node &value = *valuePtr;
        const QString name = qs(key.str());
        const QString keyPath = path + QLatin1Char('.') + name;
        if (!envName.match(name).hasMatch()) {
            report(Severity::Error, key.source().begin, keyPath,
                   QStringLiteral("%1: \"%2\" is not a valid environment variable name").arg(keyPath, name));
            continue;
        }
        if (reservedEnv.contains(name)) {
            report(Severity::Error, key.source().begin, keyPath,
                   QStringLiteral("%1: %2 is set by batond for every worker and cannot be overridden").arg(keyPath, name));
            continue;
        }
        if (const auto *text = value.as_string())
            service.env.append({name, qs(text->get())});
        else if (const auto *number = value.as_integer())
            service.env.append({name, QString::number(number->get())});
        else if (const auto *flag = value.as_boolean())
            service.env.append({name, flag->get() ? QStringLiteral("true") : QStringLiteral("false")});
        else
            error(value, keyPath, QStringLiteral("%1: expected a string, got %2").arg(keyPath, typeName(value)));
    }
}

void ConfigWalker::parseListeners(const toml::node &node, const QString &path, ServiceConfig &service)
{
    const auto *table = node.as_table();
    if (!table) {
        error(node, path, QStringLiteral("%1: expected a table of name = \"address\", got %2").arg(path, typeName(node)));
        return;
    }
    if (table->empty())
        error(node, path, QStringLiteral("%1: no listeners; add at least one, like http = \"127.0.0.1:8080\"").arg(path));
    int count = 0;
    for (auto [keyPtr, valuePtr] : inFileOrder(*table)) {
        const toml::key &key = *keyPtr;
        const toml::node &value = *valuePtr;
        if (++count == MaxListenersPerService + 1) {
            report(Severity::Error, key.source().begin, path,
                   QStringLiteral("%1: %2 listeners; a service may have at most %3 (every worker gets each one as an FD, "
                                  "and their names must fit in LISTEN_FDNAMES)")
                       .arg(path).arg(table->size()).arg(MaxListenersPerService));
        }
        ListenerConfig listener;
        listener.name = qs(key.str());
        const QString keyPath = path + QLatin1Char('.') + listener.name;
        bool ok = true;
        if (!namePattern().match(listener.name).hasMatch()) {
            report(Severity::Error, key.source().begin, keyPath,
                   QStringLiteral("listener name \"%1\" may only use letters, digits, '_', '-' and '.' (it travels in LISTEN_FDNAMES)")
                       .arg(listener.name));
            ok = false;
        }
        const toml::node *addressNode = &value;
        if (const auto *options = value.as_table()) {
            addressNode = nullptr;
            for (auto [optionKeyPtr, optionPtr] : inFileOrder(*options)) {
        const toml::key &optionKey = *optionKeyPtr;
        const toml::node &option = *optionPtr;
                const QString optionName = qs(optionKey.str());
                const QString optionPath = keyPath + QLatin1Char('.') + optionName;
                if (optionName == QLatin1String("address")) {
                    addressNode = &option;
                } else if (optionName == QLatin1String("backlog")) {
                    if (auto backlog = integer(option, optionPath, 1, 65535))
                        listener.backlog = int(*backlog);
                    else
                        ok = false;
                } else if (optionName == QLatin1String("mode")) {
                    auto mode = string(option, optionPath);
                    bool parsed = false;
                    const uint bits = mode ? mode->toUInt(&parsed, 8) : 0;
                    if (mode && (!parsed || bits > 0777 || mode->size() > 4)) {
                        error(option, optionPath, QStringLiteral("%1: \"%2\" is not an octal file mode like \"0660\"").arg(optionPath, *mode));
                        ok = false;
                    } else if (mode) {
                        listener.mode = bits;
                    } else {
                        ok = false;
                    }
                } else {
                    unknownKey(optionKey, keyPath, schema::listenerKeys());
                }
            }
            if (!addressNode) {
                error(value, keyPath, QStringLiteral("%1: missing required key \"address\"").arg(keyPath));
                continue;
            }
        }
        auto text = string(*addressNode, keyPath);
        if (!text)
            continue;
        QString why;
        auto address = parseListenAddress(*text, m_baseDir, &why);
        if (!address) {
            error(*addressNode, keyPath, QStringLiteral("%1: %2").arg(keyPath, why));
            continue;
        }
        listener.address = *address;
        if (listener.mode && address->isTcp()) {
            error(value, keyPath, QStringLiteral("%1: \"mode\" applies to Unix sockets only").arg(keyPath));
            ok = false;
        }
        m_listeners.append({keyPath, *address, addressNode->source().begin});
        if (ok)
            service.listeners.append(listener);
    }
}

void ConfigWalker::parseRestart(const toml::node &node, const QString &path, RestartPolicy &restart)
{
    const auto &table = *node.as_table();
    const toml::node *initialNode = nullptr;
    for (auto [keyPtr, valuePtr] : inFileOrder(table)) {
        const toml::key &key = *keyPtr;
        const toml::node &value = *valuePtr;
        const QString name = qs(key.str());
        const QString keyPath = path + QLatin1Char('.') + name;
        if (name == QLatin1String("initial_delay")) {
            initialNode = &value;
            if (auto d = duration(value, keyPath, Milliseconds(0)))
                restart.initialDelay = *d;
        } else if (name == QLatin1String("max_delay")) {
            if (auto d = duration(value, keyPath, Milliseconds(0)))
                restart.maxDelay = *d;
        } else if (name == QLatin1String("max_restarts")) {
            if (auto n = integer(value, keyPath, 0, 10000))
                restart.maxRestarts = int(*n);
        } else if (name == QLatin1String("window")) {
            if (auto d = duration(value, keyPath, Milliseconds(1)))
                restart.window = *d;
        } else {
            unknownKey(key, path, schema::restartKeys());
        }
    }
    if (restart.initialDelay > restart.maxDelay)
        error(initialNode ? *initialNode : node, path + QStringLiteral(".initial_delay"),
              QStringLiteral("%1.initial_delay (%2) is longer than max_delay (%3)")
                  .arg(path, formatDuration(restart.initialDelay), formatDuration(restart.maxDelay)));
}

void ConfigWalker::checkAddressConflicts()
{
    for (qsizetype i = 0; i < m_listeners.size(); ++i) {
        for (qsizetype j = 0; j < i; ++j) {
            const PlacedListener &later = m_listeners[i];
            const PlacedListener &earlier = m_listeners[j];
            if (!later.address.conflictsWith(earlier.address))
                continue;
            const QString how = later.address == earlier.address ? QStringLiteral("is already used by")
                                                                   : QStringLiteral("overlaps");
            report(Severity::Error, later.position, later.keyPath,
                   QStringLiteral("%1: address %2 %3 %4 (line %5)")
                       .arg(later.keyPath, later.address.toString(), how, earlier.keyPath)
                       .arg(earlier.position.line));
            break;
        }
    }
}

} // namespace baton
