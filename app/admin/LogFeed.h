#pragma once

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QVariantList>

namespace baton {

class ControlClient;
class LogLineModel;
namespace records {
struct Logs;
}

// Worker output for the Logs page and the dashboard's output dock, from
// batond: while wanted and connected, a subscription for live lines plus
// the recent ones loaded with `logs`. The subscription goes out first and
// live lines that arrive before the backlog wait for it, so merging by seq
// leaves neither a gap nor a double. Reading logs is a sensitive read: a
// refusal (code 4, or polkit on the bus) is a state of its own, so the page
// can say so instead of looking empty.
class LogFeed final : public QObject {
    Q_OBJECT
public:
    enum class State { Offline, Loading, Live, Denied, Failed };
    Q_ENUM(State)

    explicit LogFeed(ControlClient *client, QObject *parent = nullptr);

    LogLineModel *model() const { return m_model; }
    State state() const { return m_state; }
    QString errorText() const { return m_error; }   // Denied, Failed: the daemon's words
    // Lines batond's rings dropped per service (log_buffer full), as of the last answer.
    QMap<QString, qint64> dropped() const { return m_dropped; }
    // How long log_rate held each service's output back (ms), as of the last answer.
    QMap<QString, qint64> heldBack() const { return m_heldBack; }
    qint64 droppedTotal() const;

    bool isWanted() const { return m_wanted; }
    void setWanted(bool wanted);

    static constexpr int BacklogLines = 20000;
    static constexpr int DroppedPollMs = 5000;

public Q_SLOTS:
    void reload();   // the lines missed (since the newest one held)

Q_SIGNALS:
    void stateChanged(baton::LogFeed::State state);
    void countersChanged();   // dropped() or heldBack()

private:
    void onConnected();
    void onDisconnected();
    void onLiveLines(const QVariantList &lines);
    void setState(State state, const QString &error = {});
    void setCounters(const records::Logs &page);
    void pollDropped();

    QPointer<ControlClient> m_client;
    LogLineModel *m_model;
    State m_state = State::Offline;
    QString m_error;
    QString m_endpoint;               // whose lines m_model holds
    QMap<QString, qint64> m_dropped;
    QMap<QString, qint64> m_heldBack;
    QList<QVariantList> m_waiting;    // live batches that came before the backlog
    QTimer m_droppedPoll;
    int m_loadSequence = 0;           // an answer for an older load is dropped
    bool m_loading = false;
    bool m_wanted = false;
};

} // namespace baton
