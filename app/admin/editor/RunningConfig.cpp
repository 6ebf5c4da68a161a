#include "RunningConfig.h"

#include "ControlClient.h"

namespace baton {

RunningConfig::RunningConfig(ControlClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
    connect(client, &ControlClient::servicesChanged, this, &RunningConfig::onStatus);
}

void RunningConfig::fetch(Done done)
{
    if (!m_client)
        return;
    const int sequence = ++m_sequence;
    const QPointer<RunningConfig> self(this);
    m_client->call(QStringLiteral("get_config"), {},
                   [self, sequence, done](const QVariantMap &reply, const std::optional<ClientError> &error) {
        if (!self || sequence != self->m_sequence)
            return;
        if (!error) {
            self->m_known = true;
            self->m_text = reply.value(QStringLiteral("text")).toString();
            self->m_version = reply.value(QStringLiteral("version")).toString();
            self->m_path = reply.value(QStringLiteral("path")).toString();
            self->m_announced = self->m_version;
            Q_EMIT self->changed();
        }
        if (done)
            done(error);
    });
}

void RunningConfig::setApplied(const QString &text, const QString &version)
{
    ++m_sequence;   // an older fetch must not overwrite this
    m_known = true;
    m_text = text;
    m_version = version;
    m_announced = version;
    Q_EMIT changed();
}

void RunningConfig::onStatus(const QVariantMap &status)
{
    const QString version = status.value(QStringLiteral("daemon")).toMap().value(QStringLiteral("config_version")).toString();
    if (!m_known || version.isEmpty() || version == m_version || version == m_announced)
        return;
    m_announced = version;
    Q_EMIT versionAnnounced(version);
}

} // namespace baton
