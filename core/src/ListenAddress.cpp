#include "baton/ListenAddress.h"

#include <arpa/inet.h>
#include <sys/un.h>

namespace baton {

namespace {

bool isIpv4Literal(const QString &host)
{
    in_addr addr{};
    return inet_pton(AF_INET, host.toLatin1().constData(), &addr) == 1;
}

bool isIpv6Literal(const QString &host)
{
    in6_addr addr{};
    return inet_pton(AF_INET6, host.toLatin1().constData(), &addr) == 1;
}

} // namespace

bool ListenAddress::isWildcard() const
{
    return (kind == Kind::Tcp4 && host == QLatin1String("0.0.0.0"))
        || (kind == Kind::Tcp6 && host == QLatin1String("::"));
}

QString ListenAddress::toString() const
{
    switch (kind) {
    case Kind::Tcp4:
        return QStringLiteral("%1:%2").arg(host).arg(port);
    case Kind::Tcp6:
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    case Kind::Unix:
        return QStringLiteral("unix:%1").arg(path);
    }
    return {};
}

bool ListenAddress::conflictsWith(const ListenAddress &other) const
{
    if (kind != other.kind)
        return false;   // IPv6 listeners are v6-only, so v4 and v6 never collide
    if (kind == Kind::Unix)
        return path == other.path;
    if (port != other.port)
        return false;
    return host == other.host || isWildcard() || other.isWildcard();
}

std::optional<ListenAddress> parseListenAddress(QStringView text, const QDir &baseDir, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<ListenAddress> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString input = text.toString();
    ListenAddress address;

    if (input.startsWith(QLatin1String("unix:"))) {
        const QString rawPath = input.mid(5);
        if (rawPath.isEmpty())
            return fail(QStringLiteral("\"%1\": missing socket path after \"unix:\"").arg(input));
        address.kind = ListenAddress::Kind::Unix;
        address.path = QDir::cleanPath(baseDir.absoluteFilePath(rawPath));
        const auto maxPath = sizeof(sockaddr_un::sun_path) - 1;
        if (static_cast<size_t>(address.path.toLocal8Bit().size()) > maxPath)
            return fail(QStringLiteral("socket path \"%1\" is longer than %2 bytes, the limit for Unix sockets")
                            .arg(address.path).arg(maxPath));
        return address;
    }

    const qsizetype colon = input.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return fail(QStringLiteral("\"%1\": expected host:port, [ipv6]:port or unix:/path").arg(input));
    QString host = input.left(colon);
    const QString portText = input.mid(colon + 1);

    if (host.startsWith(QLatin1Char('['))) {
        if (!host.endsWith(QLatin1Char(']')))
            return fail(QStringLiteral("\"%1\": missing \"]\" after the IPv6 address").arg(input));
        host = host.mid(1, host.size() - 2);
        if (!isIpv6Literal(host))
            return fail(QStringLiteral("\"%1\": \"%2\" is not an IPv6 address").arg(input, host));
        address.kind = ListenAddress::Kind::Tcp6;
    } else if (host.contains(QLatin1Char(':'))) {
        return fail(QStringLiteral("\"%1\": IPv6 addresses need brackets, like [::1]:8080").arg(input));
    } else {
        if (host == QLatin1String("*") || host.isEmpty())
            host = QStringLiteral("0.0.0.0");
        else if (host == QLatin1String("localhost"))
            host = QStringLiteral("127.0.0.1");
        if (!isIpv4Literal(host))
            return fail(QStringLiteral("\"%1\": \"%2\" is not an IPv4 address (host names are not resolved)")
                            .arg(input, host));
        address.kind = ListenAddress::Kind::Tcp4;
    }
    address.host = host;

    bool numeric = !portText.isEmpty();
    for (QChar c : portText)
        numeric = numeric && c.isDigit();
    if (!numeric)
        return fail(QStringLiteral("\"%1\": port \"%2\" is not a number").arg(input, portText));
    const qlonglong port = portText.size() > 6 ? 99999999 : portText.toLongLong();
    if (port < 1 || port > 65535)
        return fail(QStringLiteral("\"%1\": port %2 is out of range 1..65535").arg(input, portText));
    address.port = static_cast<quint16>(port);
    return address;
}

} // namespace baton
