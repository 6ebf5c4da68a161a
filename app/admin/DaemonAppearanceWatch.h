#pragma once

#include "ConnectionProfile.h"

#include <QList>
#include <QObject>

class QDBusServiceWatcher;

namespace baton {

// While baton-admin is offline: tells when batond takes its well-known name
// on a bus the connection profile names, so the reconnect happens then
// instead of at the next backoff retry. Owner changes are inputs handled
// from the event loop (appeared() is queued), and watchers are deleted
// later, never inside their own signal.
class DaemonAppearanceWatch final : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~DaemonAppearanceWatch() override;

    void watch(const QList<ConnectionProfile> &candidates);   // the buses among them
    void stop();
    bool isWatching() const { return !m_watchers.isEmpty(); }

Q_SIGNALS:
    void appeared();

private:
    QList<QDBusServiceWatcher *> m_watchers;
    quint64 m_round = 0;   // a queued appearance of a watch that was stopped since is dropped
};

} // namespace baton
