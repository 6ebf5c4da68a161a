#pragma once

#include "baton/ConfigLoader.h"

#include <QDir>

#include <toml++/toml.h>

namespace baton {

// Walks a parsed TOML tree into a Config, recording a Diagnostic for every
// problem instead of stopping at the first one.
class ConfigWalker final {
public:
    explicit ConfigWalker(const LoadOptions &options);

    Config walk(const toml::table &root);
    Diagnostics takeDiagnostics() { return std::move(m_diagnostics); }
    QList<PublicKey> takeSigningKeys() { return std::move(m_signingKeys); }

private:
    struct PlacedListener {
        QString keyPath;
        ListenAddress address;
        toml::source_position position;
    };

    void parseDaemon(const toml::table &table, DaemonConfig &daemon);
    void parseSigningKeys(const toml::node &node, const QString &path, DaemonConfig &daemon);
    void parseService(const QString &name, const toml::table &table, ServiceConfig &service);
    void parseCommand(const toml::node &node, const QString &path, ServiceConfig &service);
    void parseEnv(const toml::node &node, const QString &path, ServiceConfig &service);
    void parseListeners(const toml::node &node, const QString &path, ServiceConfig &service);
    void parseRestart(const toml::node &node, const QString &path, RestartPolicy &restart);
    void checkAddressConflicts();

    std::optional<QString> string(const toml::node &node, const QString &path);
    std::optional<qint64> integer(const toml::node &node, const QString &path, qint64 min, qint64 max);
    std::optional<bool> boolean(const toml::node &node, const QString &path);
    std::optional<Milliseconds> duration(const toml::node &node, const QString &path, Milliseconds min);
    QString absolutePath(const QString &path) const;

    void report(Severity severity, const toml::source_position &at, const QString &path, const QString &message);
    void error(const toml::node &at, const QString &path, const QString &message);
    void unknownKey(const toml::key &key, const QString &tablePath, const QStringList &known);

    LoadOptions m_options;
    QDir m_baseDir;
    Diagnostics m_diagnostics;
    QList<PublicKey> m_signingKeys;
    QList<PlacedListener> m_listeners;
};

} // namespace baton
