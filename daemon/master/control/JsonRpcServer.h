#pragma once

#include "ControlApi.h"

#include "baton/UniqueFd.h"
#include "baton/UpgradeState.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <optional>
#include <sys/types.h>

class QSocketNotifier;

namespace baton {

class JsonRpcConnection;

// The Unix-socket transport of the control API: JSON-RPC 2.0, one object per
// line (docs/control-api.md). Only translates between lines and
// ControlApi::call(); every rule about what a method does lives in the API.
class JsonRpcServer final : public QObject {
    Q_OBJECT
public:
    static constexpr qsizetype MaxLineBytes = 1024 * 1024;         // one request
    static constexpr qsizetype MaxPendingOutput = 8 * 1024 * 1024; // unread by a client, then it is dropped
    // Connections: at most MaxConnections in all. A user who may not change
    // batond (anyone may connect and read) gets at most
    // MaxConnectionsPerUser, and never the last PrivilegedReserve: whoever
    // could reload or stop batond is never locked out by others' connections.
    static constexpr int MaxConnections = 512;
    static constexpr int MaxConnectionsPerUser = 32;
    static constexpr int PrivilegedReserve = 64;
    // A request line must be complete within this long of its first byte.
    static constexpr int PartialRequestTimeoutMs = 10000;

    JsonRpcServer(ControlApi &api, QObject *parent = nullptr);
    ~JsonRpcServer() override;

    // Binds `path` (mode 0666: connecting grants only the public reads, the
    // command layer authorizes every call). A stale socket file is replaced;
    // a live daemon on it is an error.
    bool listen(const QString &path, QString *error);
    QString path() const { return m_path; }

    // Upgrade in place: the listening socket and every client (with what it
    // subscribed to and its unhandled input), and back in the new image
    // instead of listen(). answer() sends the upgrade's result to the client
    // that asked for it.
    void saveState(upgrade::State *state) const;
    void adopt(const upgrade::State &state);
    void answer(int clientFd, const QVariant &requestId, const QVariantMap &result);
    // A [daemon] control_socket change applied by a re-exec: listen on the
    // new path, keep the carried connections. False (with *error): the
    // carried socket stays.
    bool moveTo(const QString &path, QString *error);
    int connectionCount() const { return int(m_connections.size()); }

private:
    friend class JsonRpcConnection;

    void acceptPending();
    // groups: the peer's own (SO_PEERGROUPS) plus those the user database lists for uid.
    void forget(JsonRpcConnection *connection);
    // Counts it for its user; the refusal to send it, empty when admitted.
    QString admit(JsonRpcConnection *connection, const Caller &caller);

    QPointer<ControlApi> m_api;      // may die first when both are children of one parent
    UniqueFd m_fd;
    QSocketNotifier *m_acceptNotifier = nullptr;
    QString m_path;
    dev_t m_dev = 0;
    ino_t m_inode = 0;               // unlink the file on exit only if it is still ours
    QSet<JsonRpcConnection *> m_connections;
    QHash<uid_t, int> m_perUser;   // open connections by peer uid
};

} // namespace baton
