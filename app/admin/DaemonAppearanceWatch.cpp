#include "DaemonAppearanceWatch.h"

#include <QDBusConnection>
#include <QDBusServiceWatcher>

namespace baton {

namespace {

const QString ServiceName = QStringLiteral("io.github.baton.Daemon1");

} // namespace

DaemonAppearanceWatch::~DaemonAppearanceWatch()
{
    stop();
}

void DaemonAppearanceWatch::watch(const QList<ConnectionProfile> &candidates)
{
    stop();
    const quint64 round = ++m_round;
    for (const ConnectionProfile &candidate : candidates) {
        if (candidate.kind != ConnectionProfile::Kind::SessionBus && candidate.kind != ConnectionProfile::Kind::SystemBus)
            continue;
        const QDBusConnection bus =
            candidate.kind == ConnectionProfile::Kind::SystemBus ? QDBusConnection::systemBus() : QDBusConnection::sessionBus();
        if (!bus.isConnected())
            continue;
        auto *watcher = new QDBusServiceWatcher(ServiceName, bus, QDBusServiceWatcher::WatchForRegistration, this);
        connect(watcher, &QDBusServiceWatcher::serviceRegistered, this, [this, round] {
            QMetaObject::invokeMethod(this, [this, round] {
                if (round == m_round && isWatching())
                    Q_EMIT appeared();
            }, Qt::QueuedConnection);
        });
        m_watchers << watcher;
    }
}

void DaemonAppearanceWatch::stop()
{
    ++m_round;
    for (QDBusServiceWatcher *watcher : std::as_const(m_watchers)) {
        disconnect(watcher, nullptr, this, nullptr);
        watcher->deleteLater();
    }
    m_watchers.clear();
}

} // namespace baton
