#pragma once

#include "ControlApi.h"

#include "baton/UniqueFd.h"
#include "baton/UpgradeState.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

class QSocketNotifier;
class QTextStream;

namespace baton {

class ConfigLock;
class BusTransport;
class DaemonControl;
class JsonRpcServer;
class Supervisor;

// Upgrade in place (`batonctl upgrade`, JSON-RPC `upgrade`, D-Bus Upgrade,
// SIGUSR2): batond re-executes itself, keeping its PID, so systemd's main PID
// stays and the workers stay its children. See Upgrader.cpp for the order of
// the steps and why; docs/upgrade-state.md for what is carried.
class Upgrader final : public QObject {
    Q_OBJECT
public:
    Upgrader(Supervisor &supervisor, DaemonControl &control, JsonRpcServer &socket, BusTransport *bus, const ConfigLock &lock,
             const QString &pidFile, QObject *parent = nullptr);
    ~Upgrader() override;

    // params: {binary?}. A socket caller is answered by the new image (or
    // with the reason by this one); a D-Bus caller hears "accepted" now and
    // the outcome as UpgradeFinished; a signal's outcome goes to the log.
    void request(const QVariantMap &params, const Caller &caller, const ControlApi::Reply &reply);
    void requestFromSignal();
    // A reload changed [daemon]: the same binary again, adopting the new
    // running text (docs/control-api.md, re-exec plan).
    void requestForDaemonChange();
    // In the new image, once everything is adopted: the event, the answer.
    void finishAdoption(const upgrade::State &state);

    // The binary at batond's own path: /proc/self/exe's target as it was
    // (" (deleted)" once a package upgrade replaced the file), else argv[0]
    // when it is absolute. Empty with *error otherwise.
    static QString ownExecutable(QString *error);
    // The state from the memfd `fd` (--check-upgrade, --upgrade-from).
    static std::optional<upgrade::State> readState(int fd, QString *error);
    // In the new image, first thing: the carried descriptors get FD_CLOEXEC
    // back, so no child of this image (a later preflight) inherits them.
    static void closeOnExecAgain(const upgrade::State &state);
    // batond --check-upgrade FD: can this binary adopt that state? Exit code.
    static int runPreflight(int fd, const QStringList &searchDirs, QTextStream &out, QTextStream &err);

private:
    struct Pending {
        QString binary;
        Caller caller;
        ControlApi::Reply reply;
        bool accepted = false;    // a D-Bus caller was answered "accepted"
    };
    upgrade::State collect() const;
    void startPreflight();
    void onPreflightDone(int status);
    void readPreflightOutput();
    void execNow();
    void fail(int code, const QString &stage, const QString &reason);

    Supervisor &m_supervisor;
    DaemonControl &m_control;
    JsonRpcServer &m_socket;
    BusTransport *m_bus;
    const ConfigLock &m_lock;
    QString m_pidFile;
    std::optional<Pending> m_pending;
    pid_t m_preflightPid = 0;
    UniqueFd m_preflightExec;     // spawnProcess' exec status: an errno when execve failed
    UniqueFd m_preflightPipe;     // its stdout and stderr
    QSocketNotifier *m_preflightNotifier = nullptr;
    QByteArray m_preflightOutput;
    QString m_preflightToken;     // put into the preflight's state; its answer must name it
    UniqueFd m_preflightState;
    QTimer m_preflightTimeout;
};

} // namespace baton
