// The Logs page, the dashboard's output dock and the outcome banner against
// a real batond whose worker prints (tests/workers/outputworker.py, ticking
// on stdout). A reload makes generation 2; a worker that prints a traceback
// and exits before READY=1 makes a failed reload. Offscreen, no bus.
#include "ConnectionManager.h"
#include "DaemonMonitor.h"
#include "DashboardPage.h"
#include "LogFeed.h"
#include "LogView.h"
#include "LogsPage.h"
#include "MainWindow.h"
#include "OutcomeBanner.h"
#include "OutputDock.h"
#include "ReloadController.h"
#include "TimelinePage.h"
#include "FakeControlClient.h"
#include "baton/EventModel.h"
#include "baton/LogFilterModel.h"
#include "baton/LogLineModel.h"
#include "baton/ServiceModel.h"
#include "baton/WorkerModel.h"

#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>

#include <memory>

using namespace baton;
using baton::test::FakeClient;

namespace {

constexpr int Timeout = 20000;

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// What a view of the Logs page shows, on the model's own data.
struct Shown {
    QSet<int> generations;
    QSet<qint64> pids;
    QStringList texts;
};

// BATON_TEST_SCREENSHOT_DIR set: the window as the test sees it, to look at.
void shot(QWidget *window, const QString &name)
{
    const QString dir = qEnvironmentVariable("BATON_TEST_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(200);   // let the views paint what just arrived
    QDir().mkpath(dir);
    window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

Shown shown(const QAbstractItemModel *model)
{
    Shown out;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, LogLineModel::TextColumn);
        out.generations.insert(index.data(LogLineModel::GenerationRole).toInt());
        out.pids.insert(index.data(LogLineModel::PidRole).toLongLong());
        out.texts << index.data(LogLineModel::TextRole).toString();
    }
    return out;
}

} // namespace

class TestLogsGui final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void printedLineShowsWithinASecond();
    void filtersByGeneration();
    void workerRowShowsItsOutput();
    void failedReloadBannerQuotesAndLeadsToTheOutput();
    void newerOutcomeReplacesTheBanner();
    void heldBackOutputIsShown();
    void refusedAccessIsShownNotEmpty();

private:
    void writeConfig(const QString &mode, const QString &logRate = QStringLiteral("4MiB/s"));
    int currentGeneration() const;
    bool reloadAll(bool *ok);

    QTemporaryDir m_dir;
    QProcess m_batond;
    QString m_socket;
    quint16 m_port = 0;
    std::unique_ptr<ConnectionManager> m_connection;
    std::unique_ptr<MainWindow> m_window;
};

void TestLogsGui::writeConfig(const QString &mode, const QString &logRate)
{
    const QString config = QStringLiteral(R"([daemon]
control_socket = "%1"
bus = "none"
state_dir = "state"

[service.web]
command = ["python3", "%2"]
workers = 1
ready_timeout = "10s"
drain_timeout = "2s"
log_rate = "%5"
env = { OUT_MODE = "%3", TICK = "0.2", PYTHONUNBUFFERED = "1" }

[service.web.listen]
http = "127.0.0.1:%4"

[service.web.restart]
initial_delay = "100ms"
max_restarts = 20
window = "60s"
)").arg(m_socket, QStringLiteral(BATON_TEST_WORKERS "/outputworker.py"), mode).arg(m_port).arg(logRate);
    QFile file(m_dir.filePath(QStringLiteral("baton.toml")));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(config.toUtf8());
}

void TestLogsGui::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    m_socket = m_dir.filePath(QStringLiteral("run/control.sock"));
    m_port = freePort();
    writeConfig(QStringLiteral("basic"));

    m_batond.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_batond.setWorkingDirectory(m_dir.path());
    m_batond.start(QStringLiteral(BATON_BIN_DIR "/batond"), {QStringLiteral("--config"), m_dir.filePath(QStringLiteral("baton.toml"))});
    QVERIFY2(m_batond.waitForStarted(5000), qPrintable(m_batond.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_socket), Timeout);

    // BATON_TEST_DARK_PALETTE: the same run in a dark palette, for the screenshots.
    if (qEnvironmentVariableIsSet("BATON_TEST_DARK_PALETTE")) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(45, 45, 48));
        dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
        dark.setColor(QPalette::Base, QColor(30, 30, 32));
        dark.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
        dark.setColor(QPalette::Text, QColor(220, 220, 220));
        dark.setColor(QPalette::Button, QColor(55, 55, 58));
        dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
        dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
        QApplication::setPalette(dark);
    }
    m_connection = std::make_unique<ConnectionManager>();
    m_window = std::make_unique<MainWindow>(m_connection.get());
    m_window->resize(1300, 850);
    m_window->show();
    ConnectionProfile profile;
    profile.kind = ConnectionProfile::Kind::Socket;
    profile.socketPath = m_socket;
    m_connection->setProfile(profile);
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionManager::State::Connected, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->logFeed()->state(), LogFeed::State::Live, Timeout);
}

void TestLogsGui::cleanupTestCase()
{
    m_window.reset();
    m_connection.reset();
    if (m_batond.state() != QProcess::NotRunning) {
        m_batond.terminate();
        if (!m_batond.waitForFinished(10000))
            m_batond.kill();
    }
}

int TestLogsGui::currentGeneration() const
{
    const ServiceModel *services = m_window->monitor()->services();
    const int row = services->rowOf(QStringLiteral("web"));
    return row < 0 ? 0 : services->index(row, ServiceModel::GenerationColumn).data(ServiceModel::UnderlyingDataRole).toInt();
}

bool TestLogsGui::reloadAll(bool *ok)
{
    QSignalSpy finished(m_window->reloads(), &ReloadController::finished);
    m_window->reloads()->reload(QString());
    if (!QTest::qWaitFor([&] { return finished.size() == 1; }, Timeout))
        return false;
    *ok = finished.at(0).at(1).toBool();
    return true;
}

void TestLogsGui::printedLineShowsWithinASecond()
{
    LogsPage *page = m_window->logsPage();
    m_window->tabs()->setCurrentWidget(page);
    const QAbstractItemModel *view = page->view()->model();
    QTRY_VERIFY_WITH_TIMEOUT(shown(view).texts.contains(QStringLiteral("hello stdout")), Timeout);   // the backlog or live
    QVERIFY(shown(view).texts.contains(QStringLiteral("careful")));   // "<4>careful": prefix stripped...
    int careful = -1;
    for (int row = 0; row < view->rowCount() && careful < 0; ++row)
        careful = view->index(row, LogLineModel::TextColumn).data().toString() == QStringLiteral("careful") ? row : -1;
    QCOMPARE(view->index(careful, 0).data(LogLineModel::PriorityRole).toInt(), 4);   // ...kept as the priority
    QVERIFY(view->index(careful, LogLineModel::TextColumn).data(Qt::ForegroundRole).value<QColor>().isValid());   // in colour

    // A line printed now is on the page within a second (the worker ticks every 0.2 s).
    const qint64 seen = m_window->logFeed()->model()->lastSeq();
    QElapsedTimer clock;
    clock.start();
    const auto newTick = [&] {
        for (int row = view->rowCount() - 1; row >= 0; --row) {
            const QModelIndex index = view->index(row, LogLineModel::TextColumn);
            if (index.data(LogLineModel::SeqRole).toLongLong() <= seen)
                return false;
            if (index.data().toString().startsWith(QStringLiteral("tick ")))
                return true;
        }
        return false;
    };
    QVERIFY(QTest::qWaitFor(newTick, 1000));
    qInfo("a new line on the page after %lld ms", clock.elapsed());
    // Following: the newest line is in view.
    QTRY_VERIFY(page->followButton()->isChecked());

    // Search filters and counts, and clears again.
    page->searchEdit()->setText(QStringLiteral("HELLO"));
    QTRY_VERIFY(view->rowCount() >= 1);
    QVERIFY(shown(view).texts.filter(QStringLiteral("hello"), Qt::CaseInsensitive).size() == view->rowCount());
    page->searchEdit()->setText(QStringLiteral("e"));
    shot(m_window.get(), QStringLiteral("logs-search"));
    page->searchEdit()->clear();
    page->searchEdit()->clear();

    // Save writes what is shown.
    QString error;
    const QString saved = m_dir.filePath(QStringLiteral("saved.log"));
    QVERIFY2(page->saveTo(saved, &error), qPrintable(error));
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("hello stdout"));
}

void TestLogsGui::filtersByGeneration()
{
    LogsPage *page = m_window->logsPage();
    QTRY_VERIFY_WITH_TIMEOUT(currentGeneration() == 1, Timeout);
    bool ok = false;
    QVERIFY(reloadAll(&ok));
    QVERIFY(ok);
    QTRY_COMPARE_WITH_TIMEOUT(currentGeneration(), 2, Timeout);
    const LogLineModel *lines = m_window->logFeed()->model();
    QTRY_VERIFY_WITH_TIMEOUT(shown(lines).generations.contains(2), Timeout);
    QVERIFY(shown(lines).generations.contains(1));

    // Choose generation 2 in the page's own combo.
    QComboBox *generation = page->generationCombo();
    QTRY_VERIFY(generation->findData(2) >= 0);
    generation->setCurrentIndex(generation->findData(2));
    const QAbstractItemModel *view = page->view()->model();
    QTRY_VERIFY(view->rowCount() > 0);
    QCOMPARE(shown(view).generations, QSet<int>{2});
    QVERIFY(view->rowCount() < lines->rowCount());   // generation 1's lines are hidden, not gone
    generation->setCurrentIndex(0);
    QTRY_COMPARE(shown(view).generations, (QSet<int>{1, 2}));
}

void TestLogsGui::workerRowShowsItsOutput()
{
    m_window->tabs()->setCurrentWidget(m_window->dashboard());
    QTreeView *workers = m_window->dashboard()->workersView();
    QTRY_VERIFY_WITH_TIMEOUT(workers->model()->rowCount() == 1
                                 && workers->model()->index(0, WorkerModel::GenerationColumn).data(WorkerModel::UnderlyingDataRole).toInt() == 2,
                             Timeout);
    const qint64 pid = workers->model()->index(0, WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    // The dock shows the selected service's output.
    QTRY_VERIFY_WITH_TIMEOUT(shown(m_window->dashboard()->outputDock()->view()->model()).pids.contains(pid), Timeout);

    std::unique_ptr<QMenu> menu(m_window->dashboard()->createWorkerMenu(workers->model()->index(0, WorkerModel::StateColumn), nullptr));
    auto *output = menu->findChild<QAction *>(QStringLiteral("showOutput"));
    QVERIFY(output);
    output->trigger();
    QCOMPARE(m_window->tabs()->currentWidget(), m_window->logsPage());
    QCOMPARE(m_window->logsPage()->view()->filter()->pid(), std::optional<qint64>(pid));
    const QAbstractItemModel *view = m_window->logsPage()->view()->model();
    QTRY_VERIFY_WITH_TIMEOUT(view->rowCount() > 0, Timeout);
    QCOMPARE(shown(view).pids, QSet<qint64>{pid});
}

void TestLogsGui::failedReloadBannerQuotesAndLeadsToTheOutput()
{
    OutcomeBanner *banner = m_window->outcomeBanner();
    writeConfig(QStringLiteral("die"));   // the new generation prints a traceback and exits 1 before READY=1
    bool ok = true;
    QVERIFY(reloadAll(&ok));
    QVERIFY(!ok);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible() && banner->outcome() && !banner->outcome()->ok, Timeout);
    // The output arrives with the worker's exit event, if it came after the rollback.
    QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(QStringLiteral("No module named 'flask'")), Timeout);
    const QString text = banner->text();
    QVERIFY2(text.contains(QStringLiteral("failed")) && text.contains(QStringLiteral("rolled back")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("generation 3")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("before READY=1")), qPrintable(text));   // why, in the daemon's words
    const Outcome::Failure failure = banner->outcome()->failures.value(0);
    QVERIFY(failure.pid > 0);
    QCOMPARE(failure.lastLine(), QStringLiteral("ModuleNotFoundError: No module named 'flask'"));

    // It stays, well past the time a success fades.
    QTest::qWait(OutcomeBanner::SuccessVisibleMs + OutcomeBanner::FadeMs + 500);
    QVERIFY(banner->isVisible());
    shot(m_window.get(), QStringLiteral("banner-failed"));

    // Show output: the failing worker's lines on the Logs page.
    QVERIFY(banner->showOutputButton()->isVisible());
    banner->showOutputButton()->click();
    LogsPage *page = m_window->logsPage();
    QCOMPARE(m_window->tabs()->currentWidget(), page);
    QCOMPARE(page->view()->filter()->pid(), std::optional<qint64>(failure.pid));
    const QAbstractItemModel *view = page->view()->model();
    QTRY_VERIFY_WITH_TIMEOUT(shown(view).texts.contains(QStringLiteral("ModuleNotFoundError: No module named 'flask'")), Timeout);
    QCOMPARE(shown(view).pids, QSet<qint64>{failure.pid});
    QVERIFY(shown(view).texts.contains(QStringLiteral("Traceback (most recent call last):")));
    QVERIFY(banner->isVisible());   // looking at the output does not dismiss it
    shot(m_window.get(), QStringLiteral("banner-show-output"));

    // The restart history explains the exit with its stderr tail, and leads to the same lines.
    TimelinePage *timeline = m_window->timeline();
    m_window->tabs()->setCurrentWidget(timeline);
    const QAbstractItemModel *events = timeline->view()->model();
    QModelIndex exit;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (int row = 0; row < events->rowCount(); ++row) {
            const QVariantMap e = events->index(row, 0).data(EventModel::EventMapRole).toMap();
            if (e.value(QStringLiteral("kind")).toString() == QStringLiteral("exit") && e.value(QStringLiteral("pid")).toLongLong() == failure.pid) {
                exit = events->index(row, 0);
                return true;
            }
        }
        return false;
    }(), Timeout);
    timeline->view()->setCurrentIndex(exit);
    QVERIFY2(timeline->detailsPane()->toPlainText().contains(QStringLiteral("No module named 'flask'")), qPrintable(timeline->detailsPane()->toPlainText()));
    shot(m_window.get(), QStringLiteral("timeline-exit"));
    page->showWorker(QStringLiteral("web"), 0, 0);
    QVERIFY(timeline->showOutputButton()->isEnabled());
    timeline->showOutputButton()->click();
    QCOMPARE(m_window->tabs()->currentWidget(), page);
    QCOMPARE(page->view()->filter()->pid(), std::optional<qint64>(failure.pid));

    // Dismissed, it goes.
    banner->dismissButton()->click();
    QVERIFY(banner->isHidden());
}

void TestLogsGui::newerOutcomeReplacesTheBanner()
{
    OutcomeBanner *banner = m_window->outcomeBanner();
    // A failure on screen...
    bool ok = true;
    QVERIFY(reloadAll(&ok));
    QVERIFY(!ok);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible() && banner->outcome() && !banner->outcome()->ok, Timeout);
    const qint64 failedSeq = banner->outcome()->seq;
    // ...replaced by the next outcome, a success: no trace of the old one.
    writeConfig(QStringLiteral("basic"));
    QVERIFY(reloadAll(&ok));
    QVERIFY(ok);
    QTRY_VERIFY_WITH_TIMEOUT(banner->outcome() && banner->outcome()->seq > failedSeq, Timeout);
    QVERIFY(banner->outcome()->ok);
    QVERIFY(banner->isVisible());
    QVERIFY2(!banner->text().contains(QStringLiteral("flask")) && !banner->text().contains(QStringLiteral("failed")), qPrintable(banner->text()));
    QVERIFY(banner->showOutputButton()->isHidden());
    shot(m_window.get(), QStringLiteral("banner-replaced"));
    // A success fades by itself.
    QTRY_VERIFY_WITH_TIMEOUT(banner->isHidden(), OutcomeBanner::SuccessVisibleMs + OutcomeBanner::FadeMs + 5000);
    // The dashboard's reload bar holds no stale outcome either.
    QVERIFY(m_window->dashboard()->outcomeLabel()->text().isEmpty());
}

void TestLogsGui::heldBackOutputIsShown()
{
    // A worker printing faster than its log_rate waits in write(); the Logs
    // page says which service is held back, in batond's numbers.
    LogsPage *page = m_window->logsPage();
    m_window->tabs()->setCurrentWidget(page);
    QVERIFY(page->heldBackLabel()->isHidden());
    writeConfig(QStringLiteral("flood"), QStringLiteral("64KiB/s"));
    bool ok = false;
    QVERIFY(reloadAll(&ok));
    QVERIFY(ok);
    QTRY_VERIFY_WITH_TIMEOUT(page->heldBackLabel()->isVisible(), LogFeed::DroppedPollMs + Timeout);
    QVERIFY2(page->heldBackLabel()->text().startsWith(QStringLiteral("Held back by log_rate: web: ")), qPrintable(page->heldBackLabel()->text()));
    QVERIFY(page->heldBackLabel()->toolTip().contains(QStringLiteral("write()")));
    shot(m_window.get(), QStringLiteral("logs-held-back"));
    writeConfig(QStringLiteral("basic"));
    QVERIFY(reloadAll(&ok));
    QVERIFY(ok);
}

void TestLogsGui::refusedAccessIsShownNotEmpty()
{
    FakeClient client;
    client.handlers[QStringLiteral("logs")] = [](const QVariantMap &, const ControlClient::Callback &reply) {
        reply({}, ClientError{4, QStringLiteral("permission denied: logs needs root, batond's user or the group baton"), {}});
    };
    LogFeed feed(&client);
    LogsPage page(&feed);
    page.show();
    feed.setWanted(true);
    QTRY_COMPARE(feed.state(), LogFeed::State::Denied);
    QVERIFY(page.showsMessage());
    QVERIFY(page.stateMessage()->text().contains(QStringLiteral("not available to you")));
    QVERIFY(page.stateMessage()->text().contains(QStringLiteral("group baton")));
}

QTEST_MAIN(TestLogsGui)
#include "tst_logs_gui.moc"
