#include "DBusValues.h"

#include "ControlApi.h"

#include <QDateTime>
#include <QDBusMetaType>
#include <QSet>
#include <QStringList>

namespace baton::dbusvalues {

namespace {

QVariant toDBusValue(const QVariant &value, const QString &key);

bool holdsObjects(const QString &key)
{
    static const QSet<QString> keys{QStringLiteral("diagnostics"), QStringLiteral("versions"), QStringLiteral("events"),
                                    QStringLiteral("services"),    QStringLiteral("generations"), QStringLiteral("workers")};
    return keys.contains(key) || key == QLatin1String("lines");
}


QVariant toDBusList(const QVariantList &list, const QString &key)
{
    if (list.isEmpty())
        return holdsObjects(key) ? QVariant::fromValue(QList<QVariantMap>()) : QVariant(QStringList());
    bool allMaps = true, allStrings = true;
    for (const QVariant &v : list) {
        const int type = v.typeId();
        allMaps = allMaps && (type == QMetaType::QVariantMap || type == QMetaType::QVariantHash);
        allStrings = allStrings && type == QMetaType::QString;
    }
    if (allStrings)
        return QVariant(QVariant(list).toStringList());
    if (allMaps) {
        QList<QVariantMap> maps;
        maps.reserve(list.size());
        for (const QVariant &v : list)
            maps << toDBus(v.toMap());
        return QVariant::fromValue(maps);
    }
    QVariantList out;   // mixed: av
    for (const QVariant &v : list) {
        const QVariant converted = toDBusValue(v, key);
        if (converted.isValid())
            out << converted;
    }
    return out;
}

// An invalid QVariant means "leave it out".
QVariant toDBusValue(const QVariant &value, const QString &key)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return {};
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::QString:
    case QMetaType::QStringList:
    case QMetaType::QByteArray:
        return value;
    case QMetaType::Short:
    case QMetaType::SChar:
    case QMetaType::Char:
        return value.toInt();
    case QMetaType::UShort:
    case QMetaType::UChar:
        return value.toUInt();
    case QMetaType::Long:
        return value.toLongLong();
    case QMetaType::ULong:
        return value.toULongLong();
    case QMetaType::Float:
        return value.toDouble();
    case QMetaType::QDateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
        return toDBus(value.toMap());
    case QMetaType::QVariantList:
        return toDBusList(value.toList(), key);
    default:
        return value.canConvert<QString>() ? QVariant(value.toString()) : QVariant();
    }
}

} // namespace

QVariantMap toDBus(const QVariantMap &map)
{
    QVariantMap out;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QVariant converted = toDBusValue(it.value(), it.key());
        if (converted.isValid())
            out.insert(it.key(), converted);
    }
    return out;
}

} // namespace baton::dbusvalues

namespace baton {

// Defined here, in the D-Bus module, its only user (ControlApi.h declares it).
QString ControlError::dbusName() const
{
    switch (code) {
    case ControlErrorCode::Conflict: return QStringLiteral("io.github.baton.Daemon1.Error.Conflict");
    case ControlErrorCode::InvalidConfig: return QStringLiteral("io.github.baton.Daemon1.Error.InvalidConfig");
    case ControlErrorCode::NotFound: return QStringLiteral("io.github.baton.Daemon1.Error.NotFound");
    case ControlErrorCode::PermissionDenied: return QStringLiteral("io.github.baton.Daemon1.Error.PermissionDenied");
    case ControlErrorCode::Unavailable: return QStringLiteral("io.github.baton.Daemon1.Error.Unavailable");
    case ControlErrorCode::IoError: return QStringLiteral("io.github.baton.Daemon1.Error.IoError");
    case ControlErrorCode::InvalidParams: return QStringLiteral("io.github.baton.Daemon1.Error.InvalidArgs");
    case ControlErrorCode::MethodNotFound: return QStringLiteral("org.freedesktop.DBus.Error.UnknownMethod");
    default: return QStringLiteral("org.freedesktop.DBus.Error.Failed");
    }
}

} // namespace baton
