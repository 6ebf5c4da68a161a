#include "LogFeed.h"

#include "ControlClient.h"
#include "baton/ControlProtocol.h"
#include "baton/ControlRecords.h"
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
                       const records::Logs page = records::Logs::fromVariant(result).value_or(records::Logs{});
                       if (page.lastSeq < since) {
                           m_model->clear();   // batond restarted: its sequence started over
                           reload();
                           return;
                       }
                       m_model->appendLines(page.lines);
                       for (const QVariantList &batch : waiting)
                           m_model->appendLines(batch);
                       setCounters(page);
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
                           guard->setCounters(records::Logs::fromVariant(result).value_or(records::Logs{}));
                   });
}

void LogFeed::setCounters(const records::Logs &page)
{
    if (page.dropped == m_dropped && page.heldBackMs == m_heldBack)
        return;
    m_dropped = page.dropped;
    m_heldBack = page.heldBackMs;
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
