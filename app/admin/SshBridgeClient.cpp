#include "SshBridgeClient.h"

#include <QTimer>

namespace baton {

namespace {

constexpr qsizetype MaxStderrBytes = 4096;
constexpr int CloseGraceMs = 2000;

} // namespace

SshBridgeClient::SshBridgeClient(const QString &host, const QString &user, int port, const QString &remoteSocket, QObject *parent)
    : ControlClient(parent), m_host(host.trimmed()), m_user(user.trimmed()), m_port(port), m_remoteSocket(remoteSocket),
      m_process(new QProcess(this)),
      m_lines([this](const QByteArray &line) { m_process->write(line); },
              [this](const QString &method, const QVariantMap &params) { emitNotification(method, params); })
{
    connect(m_process, &QProcess::readyReadStandardOutput, this, &SshBridgeClient::onReadyRead);
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr.append(m_process->readAllStandardError());
        if (m_stderr.size() > MaxStderrBytes)
            m_stderr = m_stderr.right(MaxStderrBytes);
    });
    connect(m_process, &QProcess::started, this, [this] {
        // The process running proves nothing yet: a status round trip does.
        m_lines.call(QStringLiteral("status"), {}, [this](const QVariantMap &, const std::optional<ClientError> &error) {
            if (error) {
                m_stderr.append(error->message.toUtf8());
                m_process->kill();
                return;
            }
            m_connected = true;
            if (m_subscribed)
                sendSubscribe();
            Q_EMIT connected();
        });
    });
    connect(m_process, &QProcess::finished, this, &SshBridgeClient::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onFinished();   // no finished() follows
    });
}

SshBridgeClient::~SshBridgeClient()
{
    m_lines.forget();   // callbacks may capture objects that die with us
    disconnect(m_process, nullptr, this, nullptr);
    if (m_process->state() != QProcess::NotRunning) {
        // Let it die on its own time: ~QProcess would block waiting for it.
        m_process->setParent(nullptr);
        connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
        m_process->kill();
    }
}

QString SshBridgeClient::program() const
{
    const QString custom = qEnvironmentVariable("BATON_SSH");
    return custom.isEmpty() ? QStringLiteral("ssh") : custom;
}

QStringList SshBridgeClient::arguments() const
{
    QStringList args{QStringLiteral("-T"), QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("-o"),
                     QStringLiteral("ServerAliveInterval=15")};
    if (m_port > 0)
        args << QStringLiteral("-p") << QString::number(m_port);
    if (!m_user.isEmpty())
        args << QStringLiteral("-l") << m_user;
    args << QStringLiteral("--") << m_host << QStringLiteral("batonctl");
    if (!m_remoteSocket.isEmpty())
        args << QStringLiteral("--socket") << m_remoteSocket;
    args << QStringLiteral("bridge");
    return args;
}

QString SshBridgeClient::endpoint() const
{
    return QStringLiteral("ssh:") + (m_user.isEmpty() ? m_host : m_user + QLatin1Char('@') + m_host);
}

void SshBridgeClient::connectToDaemon()
{
    if (m_process->state() != QProcess::NotRunning)
        return;
    m_lines.reset();
    m_stderr.clear();
    m_closing = false;
    if (m_host.isEmpty() || m_host.startsWith(QLatin1Char('-'))) {
        const QString reason = tr("cannot connect to %1: not a host name").arg(endpoint());
        QTimer::singleShot(0, this, [this, reason] { Q_EMIT disconnected(reason); });
        return;
    }
    m_process->start(program(), arguments());
}

void SshBridgeClient::disconnectFromDaemon()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    const bool wasConnected = std::exchange(m_connected, false);
    m_closing = true;
    m_lines.failAll({-1, tr("disconnected from batond"), {}});
    // EOF lets the remote bridge finish cleanly; a stuck ssh is killed later.
    m_process->closeWriteChannel();
    QTimer::singleShot(CloseGraceMs, m_process, [process = m_process] {
        if (process->state() != QProcess::NotRunning)
            process->kill();
    });
    if (wasConnected)
        Q_EMIT disconnected(tr("disconnected"));
}

void SshBridgeClient::call(const QString &method, const QVariantMap &params, Callback callback)
{
    if (!m_connected) {
        const ClientError error{-1, tr("not connected to batond (%1)").arg(endpoint()), {}};
        QTimer::singleShot(0, this, [callback, error] { callback({}, error); });
        return;
    }
    m_lines.call(method, params, std::move(callback));
}

void SshBridgeClient::subscribe(bool events, bool metrics)
{
    m_events = events;
    m_metrics = metrics;
    m_subscribed = m_events || m_metrics || m_logs;
    if (m_connected)
        sendSubscribe();
}

void SshBridgeClient::setLogsWanted(bool wanted)
{
    if (wanted == m_logs)
        return;
    m_logs = wanted;
    m_subscribed = m_events || m_metrics || m_logs;
    if (m_connected)
        sendSubscribe();
}

void SshBridgeClient::sendSubscribe()
{
    const auto ignore = [](const QVariantMap &, const std::optional<ClientError> &) {};
    if (m_subscribed)
        m_lines.call(QStringLiteral("subscribe"),
                     {{QStringLiteral("events"), m_events}, {QStringLiteral("metrics"), m_metrics}, {QStringLiteral("logs"), m_logs}}, ignore);
    else
        m_lines.call(QStringLiteral("unsubscribe"), {}, ignore);
}

void SshBridgeClient::onReadyRead()
{
    if (!m_lines.feed(m_process->readAllStandardOutput()))
        m_process->kill();   // failureReason() tells why
}

QString SshBridgeClient::failureReason() const
{
    if (!m_lines.serverError().isEmpty())   // batond refused us, or sent garbage
        return m_lines.serverError();
    QStringList lines = QString::fromLocal8Bit(m_stderr).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (!lines.isEmpty())
        return lines.last().trimmed();
    if (m_process->error() == QProcess::FailedToStart)
        return tr("cannot run %1: %2").arg(program(), m_process->errorString());
    return tr("ssh exited with status %1").arg(m_process->exitCode());
}

void SshBridgeClient::onFinished()
{
    if (m_process->bytesAvailable() > 0)
        onReadyRead();
    const bool wasConnected = std::exchange(m_connected, false);
    if (m_closing) {
        m_closing = false;
        return;   // disconnectFromDaemon() already told everyone
    }
    const QString reason = wasConnected ? tr("connection to %1 lost: %2").arg(endpoint(), failureReason())
                                        : tr("cannot connect to %1: %2").arg(endpoint(), failureReason());
    m_lines.failAll({-1, reason, {}});
    Q_EMIT disconnected(reason);
}

} // namespace baton
