#pragma once

// Reading and writing the fields of the typed records (ControlRecords,
// MetricsRecords, UpgradeState): one copy of the small helpers their
// toVariant/fromVariant share. Private to core/src.

#include <QList>
#include <QString>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

namespace baton::record_fields {

inline bool isMap(const QVariant &v) { return v.typeId() == QMetaType::QVariantMap; }
inline QString str(const QVariantMap &m, const char *key) { return m.value(QLatin1String(key)).toString(); }
inline int integer(const QVariantMap &m, const char *key, int fallback = 0) { return m.value(QLatin1String(key), fallback).toInt(); }
inline qint64 integer64(const QVariantMap &m, const char *key, qint64 fallback = 0)
{
    return m.value(QLatin1String(key), fallback).toLongLong();
}

template <typename Record>
QVariantList listOf(const QList<Record> &records)
{
    QVariantList out;
    for (const Record &r : records)
        out << r.toVariant();
    return out;
}

template <typename Record>
QList<Record> recordsOf(const QVariant &value)
{
    QList<Record> out;
    for (const QVariant &v : value.toList()) {
        if (auto r = Record::fromVariant(v))
            out << *r;
    }
    return out;
}

} // namespace baton::record_fields
