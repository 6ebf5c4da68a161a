// The result records of the operator requests on one worker or service
// (ControlRecords.h; docs/control-api.md, Methods).
#include "baton/ControlRecords.h"

namespace baton::records {

namespace {

std::optional<QVariantMap> mapOf(const QVariant &value)
{
    if (value.typeId() != QMetaType::QVariantMap)
        return std::nullopt;
    return value.toMap();
}

QString text(const QVariantMap &m, const char *key)
{
    return m.value(QString::fromLatin1(key)).toString();
}

qint64 number(const QVariantMap &m, const char *key)
{
    return m.value(QString::fromLatin1(key)).toLongLong();
}

bool flag(const QVariantMap &m, const char *key)
{
    return m.value(QString::fromLatin1(key)).toBool();
}

} // namespace

QVariantMap WorkerRestart::toVariant() const
{
    return {{QStringLiteral("ok"), ok}, {QStringLiteral("outcome"), outcome}, {QStringLiteral("old_pid"), oldPid},
            {QStringLiteral("new_pid"), newPid}};
}

std::optional<WorkerRestart> WorkerRestart::fromVariant(const QVariant &value)
{
    const auto m = mapOf(value);
    if (!m)
        return std::nullopt;
    return WorkerRestart{flag(*m, "ok"), text(*m, "outcome"), number(*m, "old_pid"), number(*m, "new_pid")};
}

QVariantMap WorkerSignal::toVariant() const
{
    return {{QStringLiteral("ok"), ok}, {QStringLiteral("pid"), pid}, {QStringLiteral("signal"), signal}};
}

std::optional<WorkerSignal> WorkerSignal::fromVariant(const QVariant &value)
{
    const auto m = mapOf(value);
    if (!m)
        return std::nullopt;
    return WorkerSignal{flag(*m, "ok"), number(*m, "pid"), text(*m, "signal")};
}

QVariantMap ServiceRequest::toVariant() const
{
    return {{QStringLiteral("ok"), ok}, {QStringLiteral("service"), service}, {QStringLiteral("outcome"), outcome},
            {QStringLiteral("state"), state}};
}

std::optional<ServiceRequest> ServiceRequest::fromVariant(const QVariant &value)
{
    const auto m = mapOf(value);
    if (!m)
        return std::nullopt;
    return ServiceRequest{flag(*m, "ok"), text(*m, "service"), text(*m, "outcome"), text(*m, "state")};
}

} // namespace baton::records
