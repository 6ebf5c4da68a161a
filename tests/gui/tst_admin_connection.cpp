// baton-admin when batond goes away and comes back (issue 14 §1, "never
// crash"): the real batond on a real private session bus (the test runs
// under dbus-run-session) and on its control socket, the real window,
// offscreen. Each test stops batond under the connected window: the
// offline banner shows within a second, nothing is shown as live, and the
// window reconnects when batond is back, over D-Bus and over the socket.
#include "ConnectionManager.h"
#include "DaemonMonitor.h"
#include "DashboardPage.h"
#include "MainWindow.h"
#include "OfflineBanner.h"
#include "ServiceActions.h"
#include "TrayIcon.h"
#include "baton/EventModel.h"
#include "baton/WorkerModel.h"

#include <QAction>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <csignal>
#include <memory>

using namespace baton;

namespace {

constexpr int Timeout = 20000;
constexpr int BannerWithinMs = 1000;
const QString BusName = QStringLiteral("io.github.baton.Daemon1");

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

class TestAdminConnection final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dbusDaemonStopAndStart();
    void dbusNameOwnerChange();
    void socketDaemonStopAndStart();
    void socketDisappears();
    void upgradeInPlaceLosesNoEvent_data();
    void upgradeInPlaceLosesNoEvent();

private:
    void startDaemon();
    void stopDaemon();
    void open(ConnectionProfile::Kind kind);
    void verifyLive();
    void verifyOfflineWithinASecond();
    void verifyNothingLive();

    QTemporaryDir m_dir;
    QString m_config;
    QString m_socket;
    QProcess m_batond;
    std::unique_ptr<ConnectionManager> m_connection;
    std::unique_ptr<MainWindow> m_window;
};

void TestAdminConnection::initTestCase()
{
    QVERIFY2(QDBusConnection::sessionBus().isConnected(), "run under dbus-run-session");
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("www")));
    m_socket = m_dir.filePath(QStringLiteral("run/control.sock"));
    m_config = m_dir.filePath(QStringLiteral("baton.toml"));
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"([daemon]
control_socket = "%1"
bus = "session"
state_dir = "state"

[service.web]
command = ["baton-worker", "--root", "www"]
workers = 2
drain_timeout = "2s"

[service.web.listen]
http = "127.0.0.1:%2"
)").arg(m_socket).arg(freePort()).toUtf8());
    file.close();
    m_batond.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_batond.setWorkingDirectory(m_dir.path());
    m_batond.setProgram(QStringLiteral(BATON_BIN_DIR "/batond"));
    m_batond.setArguments({QStringLiteral("--config"), m_config});
}

void TestAdminConnection::init()
{
    startDaemon();
    m_connection = std::make_unique<ConnectionManager>();
    m_window = std::make_unique<MainWindow>(m_connection.get());
    m_window->resize(1100, 700);
    m_window->show();
}

void TestAdminConnection::cleanup()
{
    m_window.reset();
    m_connection.reset();
    stopDaemon();
}

void TestAdminConnection::startDaemon()
{
    m_batond.start();
    QVERIFY2(m_batond.waitForStarted(5000), qPrintable(m_batond.errorString()));
    QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_socket) && bus->isServiceRegistered(BusName), Timeout);
}

void TestAdminConnection::stopDaemon()
{
    if (m_batond.state() == QProcess::NotRunning)
        return;
    m_batond.terminate();   // graceful: its workers drain and exit, the port is free again
    QVERIFY(m_batond.waitForFinished(Timeout));
}

void TestAdminConnection::open(ConnectionProfile::Kind kind)
{
    ConnectionProfile profile;
    profile.kind = kind;
    profile.socketPath = m_socket;
    m_connection->setProfile(profile);
}

void TestAdminConnection::verifyLive()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionManager::State::Connected, Timeout);
    const QAbstractItemModel *workers = m_window->dashboard()->workersView()->model();
    QTRY_VERIFY_WITH_TIMEOUT(workers->rowCount() == 2, Timeout);
    for (int row = 0; row < workers->rowCount(); ++row)
        QTRY_COMPARE_WITH_TIMEOUT(workers->index(row, WorkerModel::StateColumn).data(WorkerModel::UnderlyingDataRole).toString(),
                                  QStringLiteral("ready"), Timeout);
    QVERIFY(m_window->offlineBanner()->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->monitor()->overall(), DaemonMonitor::Overall::Ok, Timeout);
}

// Called right after batond is gone (its process reaped, its name released).
void TestAdminConnection::verifyOfflineWithinASecond()
{
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->offlineBanner()->isVisible(), BannerWithinMs);
    qInfo("offline banner after %lld ms", clock.elapsed());
    verifyNothingLive();
}

void TestAdminConnection::verifyNothingLive()
{
    QVERIFY(m_connection->state() != ConnectionManager::State::Connected);
    QVERIFY(!m_window->monitor()->isLive());
    QCOMPARE(m_window->dashboard()->workersView()->model()->rowCount(), 0);   // no worker shown as running
    QCOMPARE(m_window->dashboard()->servicesView()->model()->rowCount(), 0);
    QCOMPARE(m_window->monitor()->overall(), DaemonMonitor::Overall::Offline);
    QVERIFY(!m_window->tray()->reloadAllAction()->isEnabled());
    QVERIFY(!m_window->reloadSelectedAction()->isEnabled());
}

void TestAdminConnection::dbusDaemonStopAndStart()
{
    open(ConnectionProfile::Kind::SessionBus);
    verifyLive();
    QCOMPARE(m_connection->endpoint(), QStringLiteral("dbus:session"));
    // The app's actions go over D-Bus too (the method table maps their params).
    const QAbstractItemModel *workers = m_window->dashboard()->workersView()->model();
    const qint64 worker = workers->index(0, WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    QSignalSpy finished(m_window->serviceActions(), &ServiceActions::finished);
    m_window->serviceActions()->restartWorker(worker);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    verifyLive();
    const qint64 oldPid = m_batond.processId();
    stopDaemon();
    verifyOfflineWithinASecond();
    // Still alive and still offline a while later (the retries fail, nothing crashes).
    QTest::qWait(1500);
    verifyNothingLive();
    startDaemon();
    verifyLive();
    QCOMPARE(m_window->monitor()->daemonInfo().value(QStringLiteral("pid")).toLongLong(), m_batond.processId());
    QVERIFY(m_batond.processId() != oldPid);
}

// batond's name passes straight to another owner (queued for it): for the
// client that is "batond was replaced", offline, and never the old state.
void TestAdminConnection::dbusNameOwnerChange()
{
    open(ConnectionProfile::Kind::SessionBus);
    verifyLive();
    QDBusConnection other = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("queued-owner"));
    QVERIFY(other.isConnected());
    const auto queued = other.interface()->registerService(BusName, QDBusConnectionInterface::QueueService,
                                                           QDBusConnectionInterface::DontAllowReplacement);
    QCOMPARE(queued.value(), QDBusConnectionInterface::ServiceQueued);
    stopDaemon();
    QTRY_COMPARE_WITH_TIMEOUT(QDBusConnection::sessionBus().interface()->serviceOwner(BusName).value(), other.baseService(), Timeout);
    verifyOfflineWithinASecond();
    // Whatever the retry makes of the impostor, it shows no workers.
    QTest::qWait(1500);
    QCOMPARE(m_window->dashboard()->workersView()->model()->rowCount(), 0);
    QVERIFY(other.interface()->unregisterService(BusName).value());
    QDBusConnection::disconnectFromBus(QStringLiteral("queued-owner"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->offlineBanner()->isVisible(), Timeout);
    startDaemon();
    verifyLive();
    QCOMPARE(m_window->monitor()->daemonInfo().value(QStringLiteral("pid")).toLongLong(), m_batond.processId());
}

void TestAdminConnection::socketDaemonStopAndStart()
{
    open(ConnectionProfile::Kind::Socket);
    verifyLive();
    QVERIFY(m_connection->endpoint().startsWith(QStringLiteral("unix:")));
    stopDaemon();
    verifyOfflineWithinASecond();
    QTest::qWait(1500);
    verifyNothingLive();
    startDaemon();
    verifyLive();
    QCOMPARE(m_window->monitor()->daemonInfo().value(QStringLiteral("pid")).toLongLong(), m_batond.processId());
}

// The socket file removed under a live connection: the connection itself
// goes on; once batond is gone the retries fail with the reason shown,
// "Retry Now" does too, and batond's new socket is found again.
void TestAdminConnection::socketDisappears()
{
    open(ConnectionProfile::Kind::Socket);
    verifyLive();
    QVERIFY(QFile::remove(m_socket));
    QTest::qWait(500);
    QCOMPARE(m_connection->state(), ConnectionManager::State::Connected);
    stopDaemon();
    verifyOfflineWithinASecond();
    m_connection->reconnectNow();
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionManager::State::Offline, Timeout);
    QVERIFY2(m_window->offlineBanner()->text().contains(m_socket.toHtmlEscaped()) || !m_connection->lastError().isEmpty(),
             qPrintable(m_window->offlineBanner()->text()));
    verifyNothingLive();
    startDaemon();
    verifyLive();
}

// Issue 12: batond re-executes itself in place (SIGUSR2) under the
// connected window. Over the socket the connection is carried; over D-Bus
// the name changes hands and the app resumes by sequence number. Either way
// it stays (or comes back) live and its event list has every event the
// daemon recorded, upgrade-started and upgrade-finished included, no gap.
void TestAdminConnection::upgradeInPlaceLosesNoEvent_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("socket") << int(ConnectionProfile::Kind::Socket);
    QTest::newRow("D-Bus") << int(ConnectionProfile::Kind::SessionBus);
}

void TestAdminConnection::upgradeInPlaceLosesNoEvent()
{
    QFETCH(int, kind);
    open(ConnectionProfile::Kind(kind));
    verifyLive();
    const qint64 pid = m_batond.processId();
    const QAbstractItemModel *events = m_window->monitor()->events();
    const auto kinds = [events] {
        QStringList out;
        for (int row = 0; row < events->rowCount(); ++row)
            out << events->index(row, 0).data(EventModel::KindRole).toString();
        return out;
    };
    ::kill(pid_t(pid), SIGUSR2);
    QTRY_VERIFY_WITH_TIMEOUT(kinds().contains(QStringLiteral("upgrade-finished")), Timeout);
    QVERIFY(kinds().contains(QStringLiteral("upgrade-started")));
    QCOMPARE(m_batond.processId(), pid);   // the same process, re-executed
    verifyLive();
    QList<qint64> seqs;
    for (int row = 0; row < events->rowCount(); ++row)
        seqs << events->index(row, 0).data(EventModel::SeqRole).toLongLong();
    std::sort(seqs.begin(), seqs.end());
    QVERIFY(!seqs.isEmpty());
    for (qsizetype i = 1; i < seqs.size(); ++i)
        QVERIFY2(seqs[i] == seqs[i - 1] + 1, qPrintable(QStringLiteral("event %1 missing").arg(seqs[i - 1] + 1)));
}

QTEST_MAIN(TestAdminConnection)
#include "tst_admin_connection.moc"
