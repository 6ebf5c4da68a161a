// The charts survive an app restart (issue 14 §1): batond keeps recent
// samples (`[daemon] metrics_history`) and the window loads them on connect,
// so a window created after batond sampled already draws the minutes before
// it came, without a gap where batond sampled; and the Requests/s chart draws
// baton-worker's X_BATON_REQUESTS as a rate. A real batond, offscreen;
// checked on the series data.
#include "ConnectionManager.h"
#include "DashboardPage.h"
#include "MainWindow.h"
#include "MetricsChartView.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QLocalSocket>
#include <QProcess>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace baton;

namespace {

constexpr int Timeout = 20000;

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// One HTTP/1.0 request (the worker closes the connection after it).
bool get(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return false;
    socket.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
        socket.readAll();
    return true;
}

// A chart keeps one (empty) line while it has nothing to draw.
int pointCount(const QList<QList<QPointF>> &segments)
{
    int n = 0;
    for (const auto &segment : segments)
        n += int(segment.size());
    return n;
}

double oldestX(const QList<QList<QPointF>> &segments)
{
    return pointCount(segments) == 0 ? 0 : segments.first().first().x();
}

double newestX(const QList<QList<QPointF>> &segments)
{
    return pointCount(segments) == 0 ? 0 : segments.last().last().x();
}

} // namespace

class TestMetricsHistoryGui final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chartsHavePointsFromBeforeTheWindow();

private:
    QTemporaryDir m_dir;
    QProcess m_batond;
};

void TestMetricsHistoryGui::chartsHavePointsFromBeforeTheWindow()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("www")));
    QFile index(m_dir.filePath(QStringLiteral("www/index.html")));
    QVERIFY(index.open(QIODevice::WriteOnly));
    index.write("hello\n");
    index.close();
    const QString socketPath = m_dir.filePath(QStringLiteral("control.sock"));
    const quint16 port = freePort();
    // metrics_history left at its default (10 minutes).
    const QString config = QStringLiteral(R"([daemon]
control_socket = "%1"
bus = "none"
state_dir = "state"

[service.web]
command = ["baton-worker", "--root", "www", "--threads", "1"]
workers = 1

[service.web.listen]
http = "127.0.0.1:%2"
)").arg(socketPath).arg(port);
    QFile file(m_dir.filePath(QStringLiteral("baton.toml")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(config.toUtf8());
    file.close();
    m_batond.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_batond.setWorkingDirectory(m_dir.path());
    m_batond.start(QStringLiteral(BATON_BIN_DIR "/batond"), {QStringLiteral("--config"), file.fileName()});
    QVERIFY2(m_batond.waitForStarted(5000), qPrintable(m_batond.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socketPath), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(get(port), Timeout);   // the worker serves

    // Before any window: another client subscribes for a few seconds (batond
    // samples every second meanwhile) while requests are served, then leaves.
    QLocalSocket watcher;
    watcher.connectToServer(socketPath);
    QVERIFY(watcher.waitForConnected(5000));
    watcher.write(R"({"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"events":false,"metrics":true}})"
                  "\n");
    QVERIFY(watcher.waitForBytesWritten(5000));
    QElapsedTimer served;
    served.start();
    int requests = 0;
    while (served.elapsed() < 4500) {
        QVERIFY(get(port));
        ++requests;
        QTest::qWait(100);
        watcher.readAll();
    }
    QVERIFY(requests > 10);
    watcher.disconnectFromServer();
    QTest::qWait(1500);   // nothing sampled per second any more: a window later, not a gap

    const double windowCreated = double(QDateTime::currentMSecsSinceEpoch());
    ConnectionManager connection;
    MainWindow window(&connection);
    window.resize(1200, 800);
    window.show();
    ConnectionProfile profile;
    profile.kind = ConnectionProfile::Kind::Socket;
    profile.socketPath = socketPath;
    connection.setProfile(profile);

    // Points older than the window, from batond's samples, joined to the live
    // ones in one line (sampling went 1 s, then 10 s, then 1 s again).
    MetricsChartView *fds = window.dashboard()->fdsChart();
    QTRY_VERIFY_WITH_TIMEOUT(pointCount(fds->totalSegments()) > 0 && oldestX(fds->totalSegments()) < windowCreated - 3000, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(newestX(fds->totalSegments()) > windowCreated, Timeout);
    QCOMPARE(fds->totalSegments().size(), 1);
    // The samples themselves (a chart draws a flat run by its ends only).
    QVERIFY(window.dashboard()->history()->total(QString(), MetricsHistory::Metric::Rss).size() >= 4);

    // The request rate of the minutes before: about 1 request per 100 ms+.
    MetricsChartView *rate = window.dashboard()->requestsChart();
    QTRY_VERIFY_WITH_TIMEOUT(pointCount(rate->totalSegments()) > 0, Timeout);
    double peak = 0;
    for (const auto &segment : rate->totalSegments()) {
        for (const QPointF &p : segment) {
            if (p.x() < windowCreated)
                peak = std::max(peak, p.y());
        }
    }
    QVERIFY2(peak > 1.0 && peak < 40.0, qPrintable(QStringLiteral("peak request rate %1/s").arg(peak)));

    window.close();
    m_batond.terminate();
    QVERIFY(m_batond.waitForFinished(10000));
}

QTEST_MAIN(TestMetricsHistoryGui)
#include "tst_metrics_history_gui.moc"
