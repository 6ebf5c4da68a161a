#pragma once

#include "ConnectionProfile.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace baton {

class ClientRouter;
class ControlClient;
class DaemonAppearanceWatch;

// Keeps baton-admin connected: tries the endpoints of the chosen profile in
// order (the local profile: session bus, system bus, default socket), and
// when none answers, or a working connection is lost, tries again with
// exponential backoff (1 s doubling up to 30 s), or at once when batond
// takes its name on a bus the profile names. Everything else talks
// through client(), which stays the same object across reconnects.
class ConnectionManager final : public QObject {
    Q_OBJECT
public:
    enum class State { Offline, Connecting, Connected };
    Q_ENUM(State)

    explicit ConnectionManager(QObject *parent = nullptr);
    ~ConnectionManager() override;

    ControlClient *client() const;
    ConnectionProfile profile() const { return m_profile; }
    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    QString endpoint() const;
    // When offline with a retry scheduled: when it happens.
    QDateTime nextAttempt() const { return m_nextAttempt; }

    void setProfile(const ConnectionProfile &profile);   // and connect to it
    void start();

    static constexpr int MaxBackoffSeconds = 30;

public Q_SLOTS:
    void reconnectNow();

Q_SIGNALS:
    void stateChanged(baton::ConnectionManager::State state);
    void profileChanged(const baton::ConnectionProfile &profile);

private:
    void tryCandidate(int index);
    void onConnected();
    void onDisconnected(const QString &reason);
    void candidateFailed(const QString &reason);
    void scheduleRetry();
    void setState(State state);
    void replaceBackend(ControlClient *client);

    ClientRouter *m_router;
    DaemonAppearanceWatch *m_appearance;   // while offline: batond appearing on a bus of the profile
    ConnectionProfile m_profile;
    QList<ConnectionProfile> m_candidates;
    int m_candidate = -1;
    int m_preferred = 0;        // the candidate that worked last starts the next round
    int m_failedRounds = 0;
    bool m_switching = false;
    quint64 m_attempt = 0;      // identifies the attempt a queued "try the next one" belongs to
    QStringList m_failures;
    State m_state = State::Offline;
    QString m_lastError;
    QDateTime m_nextAttempt;
    QTimer m_retryTimer;
    QTimer m_attemptTimer;      // a transport that neither connects nor fails
};

} // namespace baton
