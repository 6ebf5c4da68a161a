#pragma once

#include <QDir>
#include <QString>
#include <QStringView>

#include <optional>

namespace baton {

// Where a listener binds. Parsed from "127.0.0.1:8080", "[::1]:8080",
// "*:8080" (all IPv4), "[::]:8080" (all IPv6, v6-only) or "unix:/path".
struct ListenAddress {
    enum class Kind { Tcp4, Tcp6, Unix };

    Kind kind = Kind::Tcp4;
    QString host;        // numeric literal, no brackets: "127.0.0.1", "::1"
    quint16 port = 0;
    QString path;        // Unix sockets: absolute path

    bool isTcp() const { return kind != Kind::Unix; }
    bool isWildcard() const;
    // Canonical text that parses back to the same address.
    QString toString() const;
    // True when binding both at once would fail (same address, or a wildcard
    // and a specific address of the same family on the same port).
    bool conflictsWith(const ListenAddress &other) const;
    bool operator==(const ListenAddress &) const = default;
};

// Relative Unix paths resolve against baseDir (the config file's folder).
std::optional<ListenAddress> parseListenAddress(QStringView text, const QDir &baseDir,
                                                QString *error = nullptr);

} // namespace baton
