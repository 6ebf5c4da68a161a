#pragma once

#include "baton/NotifyMessage.h"
#include "baton/UniqueFd.h"

#include <QObject>
#include <QString>

class QSocketNotifier;

namespace baton {

// The NOTIFY_SOCKET workers report to: an abstract-namespace datagram socket
// (no file to clean up, no path length trouble) with SO_PASSCRED, so every
// message carries the sender's PID as the kernel saw it. Attribution to a
// worker is the supervisor's job; this class only receives and parses.
// FDs smuggled in with SCM_RIGHTS are closed on arrival.
class NotifySocket final : public QObject {
    Q_OBJECT
public:
    explicit NotifySocket(QObject *parent = nullptr);
    bool open(QString *error);
    // Upgrade in place: the socket the previous image opened (the workers know its address).
    void adopt(UniqueFd fd, const QString &address);
    int fd() const { return m_fd.get(); }
    // Value for NOTIFY_SOCKET, e.g. "@baton-notify-1234-abcd".
    QString address() const { return m_address; }
    qint64 malformedCount() const { return m_malformed; }

Q_SIGNALS:
    void message(qint64 senderPid, const baton::NotifyMessage &message);

private:
    void readAll();

    UniqueFd m_fd;
    QString m_address;
    QSocketNotifier *m_notifier = nullptr;
    qint64 m_malformed = 0;
};

} // namespace baton
