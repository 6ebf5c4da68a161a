#include "LogFeed.h"

#include "ControlClient.h"
#include "baton/ControlProtocol.h"
#include "baton/LogLineModel.h"

namespace baton {

LogFeed::LogFeed(ControlClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_model(new LogLineModel(this))
{
    connect(client, &ControlClient::connected, this, &LogFeed::onConnected);
    connect(client, &ControlClient::disconnected, this, &LogFeed::onDisconnected);
    connect(client, &ControlClient::logsReceived, this, &LogFeed::onLiveLines);
    m_droppedPoll.setInterval(DroppedPollMs);
    connect(&m_droppedPoll, &QTimer::timeout, this, &LogFeed::pollDropped);
}

qint64 LogFeed::droppedTotal() const
{
    qint64 total = 0;
    for (qint64 n : m_dropped)
        total += n;
    return total;
}

void LogFeed::setWanted(bool wanted)
{
    if (wanted == m_wanted)
        return;
    m_wanted = wanted;
    if (!m_client)
        return;
    m_client->setLogsWanted(wanted);
    if (!wanted) {
        m_droppedPoll.stop();
        ++m_loadSequence;
        m_loading = false;
        m_waiting.clear();
        return;
    }
    if (m_client->isConnected())
        onConnected();
}

void LogFeed::onConnected()
{
    if (!m_wanted)
        return;
    if (m_client->endpoint() != m_endpoint) {
        m_model->clear();   // another daemon: its own lines
        m_endpoint = m_client->endpoint();
    }
    reload();
}

void LogFeed::onDisconnected()
{
    ++m_loadSequence;
    m_loading = false;
    m_waiting.clear();
    m_droppedPoll.stop();
    setState(State::Offline);
}

void LogFeed::reload()
{
    if (!m_client || !m_client->isConnected() || !m_wanted)
        return;
    const int sequence = ++m_loadSequence;
    m_loading = true;
    if (m_state != State::Live)
        setState(State::Loading);
    const qint64 since = m_model->lastSeq();
    m_client->call(QStringLiteral("logs"), {{QStringLiteral("since"), since}, {QStringLiteral("limit"), BacklogLines}},
                   [this, guard = QPointer(this), sequence, since](const QVariantMap &result, const std::optional<ClientError> &error) {
                       if (!guard || sequence != m_loadSequence)
                           return;
                       m_loading = false;
                       const QList<QVariantList> waiting = std::exchange(m_waiting, {});
                       if (error) {
                           if (error->code == -1)
                               return;   // the disconnect says it
                           setState(error->code == ControlErrorCode::PermissionDenied ? State::Denied : State::Failed, error->message);
                           return;
                       }
                       if (result.value(QStringLiteral("last_seq")).toLongLong() < since) {
                           m_model->clear();   // batond restarted: its sequence started over
                           reload();
                           return;
                       }
                       m_model->appendLines(result.value(QStringLiteral("lines")).toList());
                       for (const QVariantList &batch : waiting)
                           m_model->appendLines(batch);
                       setCounters(result);
                       m_droppedPoll.start();
                       setState(State::Live);
                   });
}

void LogFeed::onLiveLines(const QVariantList &lines)
{
    if (!m_wanted)
        return;
    if (m_loading) {
        m_waiting.append(lines);
        return;
    }
    if (m_state == State::Live)
        m_model->appendLines(lines);
}

void LogFeed::pollDropped()
{
    if (!m_client || !m_client->isConnected() || m_state != State::Live)
        return;
    // Only the counters matter here; the one line it may bring comes live anyway.
    m_client->call(QStringLiteral("logs"), {{QStringLiteral("since"), m_model->lastSeq()}, {QStringLiteral("limit"), 1}},
                   [guard = QPointer(this)](const QVariantMap &result, const std::optional<ClientError> &error) {
                       if (guard && !error)
                           guard->setCounters(result);
                   });
}

void LogFeed::setCounters(const QVariantMap &logsResult)
{
    const auto perService = [&logsResult](const char *key) {
        QMap<QString, qint64> out;
        const QVariantMap values = logsResult.value(QLatin1String(key)).toMap();
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            out.insert(it.key(), it.value().toLongLong());
        return out;
    };
    const QMap<QString, qint64> dropped = perService("dropped");
    const QMap<QString, qint64> heldBack = perService("held_back_ms");
    if (dropped == m_dropped && heldBack == m_heldBack)
        return;
    m_dropped = dropped;
    m_heldBack = heldBack;
    Q_EMIT countersChanged();
}

void LogFeed::setState(State state, const QString &error)
{
    if (state == m_state && error == m_error)
        return;
    m_state = state;
    m_error = error;
    Q_EMIT stateChanged(state);
}

} // namespace baton
