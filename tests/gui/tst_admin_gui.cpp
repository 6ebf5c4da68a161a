// baton-admin against a real batond (no mock): a temporary config with one
// baton-worker service on a free loopback port, the control socket in a
// temporary folder, no bus. Runs offscreen (QT_QPA_PLATFORM=offscreen).
#include "ConnectionManager.h"
#include "DaemonMonitor.h"
#include "DashboardPage.h"
#include "WorkerToolBar.h"
#include "Icons.h"
#include "LogFeed.h"
#include "MainWindow.h"
#include "MetricsChartView.h"
#include "OfflineBanner.h"
#include "OutcomeBanner.h"
#include "ReloadController.h"
#include "ServiceActions.h"
#include "SshBridgeClient.h"
#include "TimelinePage.h"
#include "Translations.h"
#include "TrayIcon.h"
#include "editor/ConfigEditor.h"
#include "editor/ConfigPage.h"
#include "editor/ConfigValidator.h"
#include "editor/DiffController.h"
#include "editor/DiffPanel.h"
#include "editor/NoticeBar.h"
#include "editor/ProblemsPanel.h"
#include "baton/EventFilterModel.h"
#include "baton/EventModel.h"
#include "baton/LogLineModel.h"
#include "baton/ServiceModel.h"
#include "baton/WorkerModel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardItemModel>
#include <QTcpServer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QInputDialog>
#include <QToolButton>
#include <QTreeView>

#include <csignal>
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

QList<qint64> workerPids(const QAbstractItemModel *model)
{
    QList<qint64> pids;
    for (int row = 0; row < model->rowCount(); ++row)
        pids << model->index(row, WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    return pids;
}

QAction *findAction(const QMenu &menu, const QString &textStart)
{
    for (QAction *action : menu.actions()) {
        if (action->text().startsWith(textStart))
            return action;
        if (action->menu()) {
            if (QAction *inner = findAction(*action->menu(), textStart))
                return inner;
        }
    }
    return nullptr;
}

int readyWorkers(const QAbstractItemModel *model)
{
    int ready = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        ready += model->index(row, WorkerModel::StateColumn).data(WorkerModel::UnderlyingDataRole).toString() == QLatin1String("ready");
    return ready;
}

} // namespace

class TestAdminGui final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void connectsAndShowsWorkers();
    void crashShowsInTimelineAsCrash();
    void trayReloadStartsNewGeneration();
    void editValidateDiffAndApplyAgainstTheDaemon();
    void sshProfileBridgesToTheDaemon();
    void zhTwTranslationLoads();
    void workerMenuRestartsAWorker();
    void workerToolBarActsOnTheSelectedRow();
    void workerMenuSignalsKillOnlyWhenConfirmed();
    void serviceMenuStopsAndStartsTheService();
    void scaleEditsWorkersThroughThePlanAndApply();
    void lostDaemonShowsOfflineAndNothingLive();
    void reconnectsWhenTheDaemonIsBack();

private:
    QString exitCause(qint64 pid) const;
    int currentGeneration() const;
    bool waitForHealthy();

    QTemporaryDir m_dir;
    QProcess m_batond;
    QString m_socket;
    std::unique_ptr<ConnectionManager> m_connection;
    std::unique_ptr<MainWindow> m_window;
};

void TestAdminGui::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("www")));
    QFile index(m_dir.filePath(QStringLiteral("www/index.html")));
    QVERIFY(index.open(QIODevice::WriteOnly));
    index.write("hello\n");
    index.close();

    m_socket = m_dir.filePath(QStringLiteral("run/control.sock"));
    const QString config = QStringLiteral(R"([daemon]
control_socket = "%1"
bus = "none"
state_dir = "state"

[service.web]
command = ["baton-worker", "--root", "www"]
workers = 2
ready_timeout = "10s"
drain_timeout = "2s"

[service.web.listen]
http = "127.0.0.1:%2"

[service.web.restart]
initial_delay = "100ms"
max_restarts = 20
window = "60s"
)").arg(m_socket).arg(freePort());
    QFile file(m_dir.filePath(QStringLiteral("baton.toml")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(config.toUtf8());
    file.close();

    m_batond.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_batond.setWorkingDirectory(m_dir.path());
    m_batond.start(QStringLiteral(BATON_BIN_DIR "/batond"), {QStringLiteral("--config"), file.fileName()});
    QVERIFY2(m_batond.waitForStarted(5000), qPrintable(m_batond.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_socket), Timeout);

    m_connection = std::make_unique<ConnectionManager>();
    m_window = std::make_unique<MainWindow>(m_connection.get());
    m_window->resize(1200, 800);
    m_window->show();
    ConnectionProfile profile;
    profile.kind = ConnectionProfile::Kind::Socket;
    profile.socketPath = m_socket;
    m_connection->setProfile(profile);
}

void TestAdminGui::cleanupTestCase()
{
    m_window.reset();
    m_connection.reset();
    if (m_batond.state() != QProcess::NotRunning) {
        m_batond.terminate();
        if (!m_batond.waitForFinished(10000))
            m_batond.kill();
    }
}

int TestAdminGui::currentGeneration() const
{
    const ServiceModel *services = m_window->monitor()->services();
    const int row = services->rowOf(QStringLiteral("web"));
    return row < 0 ? 0 : services->index(row, ServiceModel::GenerationColumn).data(ServiceModel::UnderlyingDataRole).toInt();
}

bool TestAdminGui::waitForHealthy()
{
    const QAbstractItemModel *workers = m_window->dashboard()->workersView()->model();
    return QTest::qWaitFor([&] { return workers->rowCount() == 2 && readyWorkers(workers) == 2; }, Timeout);
}

void TestAdminGui::connectsAndShowsWorkers()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionManager::State::Connected, Timeout);
    QVERIFY(m_window->offlineBanner()->isHidden());

    QTreeView *services = m_window->dashboard()->servicesView();
    QTRY_COMPARE_WITH_TIMEOUT(services->model()->rowCount(), 1, Timeout);
    QCOMPARE(services->model()->index(0, ServiceModel::NameColumn).data().toString(), QStringLiteral("web"));
    QCOMPARE(m_window->dashboard()->selectedService(), QStringLiteral("web"));

    QVERIFY(waitForHealthy());
    const QAbstractItemModel *workers = m_window->dashboard()->workersView()->model();
    for (qint64 pid : workerPids(workers))
        QVERIFY2(::kill(pid_t(pid), 0) == 0, "the table shows real PIDs");
    // The live metrics arrive (sampled while subscribed) and reach the table and charts.
    QTRY_VERIFY_WITH_TIMEOUT(workers->index(0, WorkerModel::FdsColumn).data(WorkerModel::UnderlyingDataRole).toLongLong() > 0, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->dashboard()->fdsChart()->seriesCount() == 3, Timeout);   // two workers and the total
    QTRY_COMPARE_WITH_TIMEOUT(m_window->monitor()->overall(), DaemonMonitor::Overall::Ok, Timeout);
}

void TestAdminGui::crashShowsInTimelineAsCrash()
{
    QVERIFY(waitForHealthy());
    const qint64 victim = workerPids(m_window->dashboard()->workersView()->model()).value(0);
    QVERIFY(victim > 0);
    QVERIFY(::kill(pid_t(victim), SIGKILL) == 0);

    QTreeView *timeline = m_window->timeline()->view();
    const QAbstractItemModel *rows = timeline->model();
    QModelIndex crash;
    QVERIFY(QTest::qWaitFor([&] {
        for (int row = 0; row < rows->rowCount(); ++row) {
            const QModelIndex index = rows->index(row, EventModel::KindColumn);
            if (index.data(EventModel::CategoryRole).toInt() == int(EventModel::Category::Crash)
                && index.data(EventModel::EventMapRole).toMap().value(QStringLiteral("pid")).toLongLong() == victim) {
                crash = index;
                return true;
            }
        }
        return false;
    }, Timeout));
    const QVariantMap event = crash.data(EventModel::EventMapRole).toMap();
    QCOMPARE(event.value(QStringLiteral("signal")).toString(), QStringLiteral("SIGKILL"));
    QCOMPARE(event.value(QStringLiteral("cause")).toString(), QStringLiteral("signal-not-from-batond"));
    QCOMPARE(crash.data().toString(), EventModel::kindText(QStringLiteral("exit"), EventModel::Category::Crash, QStringLiteral("signal-not-from-batond")));

    // Visibly different from a deliberate reload: its own icon and colour.
    QModelIndex reload;
    for (int row = 0; row < rows->rowCount() && !reload.isValid(); ++row) {
        const QModelIndex index = rows->index(row, EventModel::KindColumn);
        if (index.data(EventModel::CategoryRole).toInt() == int(EventModel::Category::Reload))
            reload = index;
    }
    QVERIFY(reload.isValid());
    const QIcon crashIcon = crash.data(Qt::DecorationRole).value<QIcon>();
    const QIcon reloadIcon = reload.data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!crashIcon.isNull());
    QVERIFY(crashIcon.cacheKey() != reloadIcon.cacheKey());
    QVERIFY(crash.data(Qt::ForegroundRole).value<QColor>() != reload.data(Qt::ForegroundRole).value<QColor>());

    // The details pane explains it.
    timeline->setCurrentIndex(crash);
    QVERIFY(m_window->timeline()->detailsPane()->toPlainText().contains(QStringLiteral("SIGKILL")));
    // The search box finds it by PID; the kind filter keeps it.
    m_window->timeline()->searchEdit()->setText(QString::number(victim));
    QVERIFY(rows->rowCount() >= 1);
    m_window->timeline()->searchEdit()->clear();

    // Replaced after initial_delay: the table drops the dead PID and shows the new worker.
    const QAbstractItemModel *workers = m_window->dashboard()->workersView()->model();
    QTRY_VERIFY_WITH_TIMEOUT(!workerPids(workers).contains(victim) && readyWorkers(workers) == 2, Timeout);
}

void TestAdminGui::trayReloadStartsNewGeneration()
{
    QVERIFY(waitForHealthy());
    const int before = currentGeneration();
    QVERIFY(before > 0);
    QAction *reload = m_window->tray()->reloadAction(QStringLiteral("web"));
    QVERIFY(reload);
    QTRY_VERIFY_WITH_TIMEOUT(reload->isEnabled(), Timeout);
    QSignalSpy finished(m_window->reloads(), &ReloadController::finished);
    reload->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, Timeout);
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("web"));
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(2).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(currentGeneration() > before, Timeout);
    // The new generation's workers are in the table.
    const QAbstractItemModel *workers = m_window->dashboard()->workersView()->model();
    QTRY_VERIFY_WITH_TIMEOUT(workers->rowCount() > 0
                                 && workers->index(0, WorkerModel::GenerationColumn).data(WorkerModel::UnderlyingDataRole).toInt()
                                        == currentGeneration(),
                             Timeout);
    // The outcome is the banner's, from the daemon's reload-finished event (it fades: a success).
    QTRY_VERIFY_WITH_TIMEOUT(m_window->outcomeBanner()->outcome() && m_window->outcomeBanner()->outcome()->ok
                                 && m_window->outcomeBanner()->text().contains(QStringLiteral("web")),
                             Timeout);
    QVERIFY(m_window->dashboard()->outcomeLabel()->text().isEmpty());
}

// The editor flow end to end, validated and applied by the real batond:
// an invalid edit is underlined at its line and listed; the fix shows in
// the diff with the daemon's plan sentence; Apply rolls a new generation.
void TestAdminGui::editValidateDiffAndApplyAgainstTheDaemon()
{
    QVERIFY(waitForHealthy());
    auto *page = qobject_cast<ConfigPage *>(m_window->configPage());
    QVERIFY(page);
    m_window->tabs()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->editor()->toPlainText().contains(QStringLiteral("workers = 2")), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!page->validator()->isPending(), Timeout);

    // Line 8 is "workers = 2"; 0 is out of range.
    QTextCursor found = page->editor()->document()->find(QStringLiteral("workers = 2"));
    QVERIFY(!found.isNull());
    QCOMPARE(found.blockNumber(), 7);
    found.insertText(QStringLiteral("workers = 0"));
    QStandardItemModel *problems = page->problemsPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(problems->rowCount() >= 1, Timeout);
    QVERIFY2(problems->item(0, ProblemsPanel::PlaceColumn)->text().endsWith(QStringLiteral("baton.toml:8:11")),
             qPrintable(problems->item(0, ProblemsPanel::PlaceColumn)->text()));
    QVERIFY(page->problemsPanel()->summary().contains(QStringLiteral("batond")));   // the daemon validated, not the fallback
    QVERIFY(!page->editor()->messagesOnLine(7).isEmpty());
    QVERIFY(!page->applyAction()->isEnabled());

    // Fix it and change the environment: a new generation, in plain words.
    found = page->editor()->document()->find(QStringLiteral("workers = 0"));
    found.insertText(QStringLiteral("workers = 2\nenv = { GREETING = \"hello\" }"));
    QTRY_COMPARE_WITH_TIMEOUT(problems->rowCount(), 0, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(page->diffPanel()->controller()->diff().addedLines(), 1, Timeout);
    QCOMPARE(page->diffPanel()->controller()->diff().removedLines(), 0);
    QTRY_VERIFY2_WITH_TIMEOUT(page->diffPanel()->planText().contains(QStringLiteral("web: new generation, because env.GREETING changed")),
                              qPrintable(page->diffPanel()->planText()), Timeout);

    const int before = currentGeneration();
    const QList<qint64> oldPids = workerPids(m_window->dashboard()->workersView()->model());
    QSignalSpy applied(page, &ConfigPage::applyFinished);
    QVERIFY(page->applyAction()->isEnabled());
    page->commentEdit()->setText(QStringLiteral("greeting from the GUI test"));
    page->applyRequested();
    // A new generation: Apply shows the daemon's plan and asks first.
    QMessageBox *confirmation = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((confirmation = page->findChild<QMessageBox *>(QStringLiteral("applyConfirmation"))), Timeout);
    QVERIFY2(confirmation->informativeText().contains(QStringLiteral("web: new generation, because env.GREETING changed")),
             qPrintable(confirmation->informativeText()));
    QCOMPARE(applied.size(), 0);
    for (QAbstractButton *b : confirmation->buttons()) {
        if (confirmation->buttonRole(b) == QMessageBox::AcceptRole)
            b->click();
    }
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, Timeout);
    QVERIFY2(applied.at(0).at(0).toBool(), "apply succeeded");
    QCOMPARE(page->noticeBar()->kind(), NoticeBar::Kind::Positive);
    QVERIFY(!page->isDirty());
    QTRY_COMPARE_WITH_TIMEOUT(currentGeneration(), before + 1, Timeout);
    QVERIFY(waitForHealthy());
    for (qint64 pid : workerPids(m_window->dashboard()->workersView()->model()))
        QVERIFY2(!oldPids.contains(pid), "the workers of the new generation are new processes");
    QFile onDisk(m_dir.filePath(QStringLiteral("baton.toml")));
    QVERIFY(onDisk.open(QIODevice::ReadOnly));
    QVERIFY(onDisk.readAll().contains("GREETING"));
    m_window->tabs()->setCurrentIndex(0);
}

// The SSH profile's client, with a stand-in for ssh (no sshd here) that
// drops ssh's own arguments and runs the remote command, the real
// `batonctl bridge`, against the real daemon.
void TestAdminGui::sshProfileBridgesToTheDaemon()
{
    const QString fakeSsh = m_dir.filePath(QStringLiteral("fake-ssh"));
    QFile script(fakeSsh);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n"
                 "case \"$*\" in *unreachable*) echo 'ssh: connect to host unreachable port 22: Connection refused' >&2; exit 255;; esac\n"
                 "while [ \"$1\" != -- ]; do shift; done\n"
                 "shift 2\n"   // "--" and the host
                 "exec \"" BATON_BIN_DIR "/$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
    qputenv("BATON_SSH", fakeSsh.toLocal8Bit());

    SshBridgeClient client(QStringLiteral("buildhost"), QStringLiteral("ops"), 2222, m_socket);
    QCOMPARE(client.endpoint(), QStringLiteral("ssh:ops@buildhost"));
    QVERIFY(client.arguments().contains(QStringLiteral("BatchMode=yes")));
    QSignalSpy connected(&client, &ControlClient::connected);
    client.connectToDaemon();
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, Timeout);
    QVariantMap status;
    client.call(QStringLiteral("status"), {}, [&](const QVariantMap &result, const std::optional<ClientError> &error) {
        QVERIFY(!error);
        status = result;
    });
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), Timeout);
    QCOMPARE(status.value(QStringLiteral("services")).toList().value(0).toMap().value(QStringLiteral("name")).toString(),
             QStringLiteral("web"));
    QSignalSpy gone(&client, &ControlClient::disconnected);
    client.disconnectFromDaemon();
    QCOMPARE(gone.size(), 1);

    // ssh failing: its last stderr line is the reason.
    SshBridgeClient unreachable(QStringLiteral("unreachable"), {}, 0, {});
    QSignalSpy failed(&unreachable, &ControlClient::disconnected);
    unreachable.connectToDaemon();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, Timeout);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("Connection refused")), qPrintable(failed.at(0).at(0).toString()));

    // Not a host name (an option in disguise): refused before running anything.
    SshBridgeClient bogus(QStringLiteral("-oProxyCommand=x"), {}, 0, {});
    QSignalSpy refused(&bogus, &ControlClient::disconnected);
    bogus.connectToDaemon();
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY(refused.at(0).at(0).toString().contains(QStringLiteral("not a host name")));
    qunsetenv("BATON_SSH");
}

void TestAdminGui::zhTwTranslationLoads()
{
    QVERIFY(translations::install(QStringLiteral("zh_TW")));
    QCOMPARE(translations::installed(), QStringLiteral("zh_TW"));
    QCOMPARE(QCoreApplication::translate("baton::MainWindow", "Dashboard"), QStringLiteral("儀表板"));
    QCOMPARE(ServiceModel::stateText(QStringLiteral("running")), QStringLiteral("執行中"));
    {
        // A page built now speaks Chinese.
        ConnectionManager connection;
        MainWindow window(&connection);
        QCOMPARE(window.tabs()->tabText(0), QStringLiteral("儀表板"));
        QCOMPARE(window.tray()->reloadAllAction()->text(), QStringLiteral("全部重新載入"));
    }
    QCOMPARE(translations::resolve(QString(), QLocale(QStringLiteral("zh_HK"))), QStringLiteral("zh_TW"));
    QCOMPARE(translations::resolve(QString(), QLocale(QStringLiteral("zh_CN"))), QStringLiteral("zh_CN"));
    QVERIFY(translations::install(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("baton::MainWindow", "Dashboard"), QStringLiteral("Dashboard"));
}

QString TestAdminGui::exitCause(qint64 pid) const
{
    const EventModel *events = m_window->monitor()->events();
    for (int row = 0; row < events->rowCount(); ++row) {
        const QVariantMap e = events->eventAt(row);
        if (e.value(QStringLiteral("kind")).toString() == QLatin1String("exit") && e.value(QStringLiteral("pid")).toLongLong() == pid)
            return e.value(QStringLiteral("cause")).toString();
    }
    return {};
}

// Right-click a worker, Restart: a replacement in the same generation, the
// old one drains; the outcome in the notice and the status bar.
void TestAdminGui::workerMenuRestartsAWorker()
{
    QVERIFY(waitForHealthy());
    DashboardPage *dashboard = m_window->dashboard();
    const QAbstractItemModel *workers = dashboard->workersView()->model();
    const qint64 old = workers->index(0, WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    const int generation = currentGeneration();
    QMenu menu;
    dashboard->populateWorkerMenu(menu, workers->index(0, WorkerModel::StateColumn));
    QAction *restart = findAction(menu, QStringLiteral("Restart Worker %1").arg(old));
    QVERIFY(restart);
    QVERIFY(restart->isEnabled());
    QSignalSpy finished(m_window->serviceActions(), &ServiceActions::finished);
    restart->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    const QString message = finished.at(0).at(1).toString();
    QVERIFY2(message.contains(QString::number(old)), qPrintable(message));
    QCOMPARE(dashboard->outcomeLabel()->text(), message);
    QCOMPARE(m_window->statusBar()->currentMessage(), message);
    QTRY_VERIFY_WITH_TIMEOUT(!workerPids(workers).contains(old) && readyWorkers(workers) == 2, Timeout);
    QCOMPARE(currentGeneration(), generation);
    QTRY_COMPARE_WITH_TIMEOUT(exitCause(old), QStringLiteral("restarted-by-request"), Timeout);
}

// The same actions as buttons in the dashboard's title row, on the selected
// worker: nothing selected, nothing enabled; Restart restarts that worker;
// Signal → SIGKILL asks first; Output opens its lines.
void TestAdminGui::workerToolBarActsOnTheSelectedRow()
{
    QVERIFY(waitForHealthy());
    DashboardPage *dashboard = m_window->dashboard();
    WorkerToolBar *bar = dashboard->workerToolBar();
    QVERIFY(bar && bar->isVisible());
    QTreeView *view = dashboard->workersView();
    view->clearSelection();
    QVERIFY(!bar->restartAction()->isEnabled());
    QVERIFY(!bar->outputAction()->isEnabled());
    QVERIFY(!bar->signalButton()->isEnabled());

    const QAbstractItemModel *workers = view->model();
    QTRY_VERIFY_WITH_TIMEOUT(readyWorkers(workers) == 2, Timeout);
    const qint64 old = workers->index(1, WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    view->selectionModel()->select(workers->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(bar->restartAction()->isEnabled());
    QVERIFY(bar->signalButton()->isEnabled());
    QVERIFY(bar->restartAction()->toolTip().contains(QString::number(old)));

    QSignalSpy output(dashboard, &DashboardPage::showOutputRequested);
    bar->outputAction()->trigger();
    QCOMPARE(output.size(), 1);
    QCOMPARE(output.at(0).at(2).toLongLong(), old);

    QSignalSpy finished(m_window->serviceActions(), &ServiceActions::finished);
    bar->restartAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!workerPids(workers).contains(old) && readyWorkers(workers) == 2, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(exitCause(old), QStringLiteral("restarted-by-request"), Timeout);

    view->selectionModel()->select(workers->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QAction *kill = bar->findChild<QAction *>(QStringLiteral("signalKILL"));
    QVERIFY(kill);
    kill->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = dashboard->findChild<QMessageBox *>(QStringLiteral("confirmKill"))) && box->isVisible(), Timeout);
    box->button(QMessageBox::Cancel)->click();
}

void TestAdminGui::workerMenuSignalsKillOnlyWhenConfirmed()
{
    QVERIFY(waitForHealthy());
    DashboardPage *dashboard = m_window->dashboard();
    const QAbstractItemModel *workers = dashboard->workersView()->model();
    const qint64 victim = workers->index(0, WorkerModel::PidColumn).data(WorkerModel::UnderlyingDataRole).toLongLong();
    QMenu menu;
    dashboard->populateWorkerMenu(menu, workers->index(0, 0));
    QStringList offered;
    for (QAction *a : findAction(menu, QStringLiteral("Send Signal"))->menu()->actions())
        offered << a->text();
    QCOMPARE(offered, (QStringList{QStringLiteral("SIGTERM"), QStringLiteral("SIGHUP"), QStringLiteral("SIGUSR1"),
                                   QStringLiteral("SIGUSR2"), QStringLiteral("SIGKILL")}));
    QSignalSpy finished(m_window->serviceActions(), &ServiceActions::finished);

    // KILL asks first; Cancel sends nothing.
    findAction(menu, QStringLiteral("SIGKILL"))->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = dashboard->findChild<QMessageBox *>(QStringLiteral("confirmKill"))) && box->isVisible(), Timeout);
    box->button(QMessageBox::Cancel)->click();
    QTest::qWait(300);
    QCOMPARE(finished.size(), 0);
    QVERIFY(::kill(pid_t(victim), 0) == 0);

    findAction(menu, QStringLiteral("SIGKILL"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT((box = dashboard->findChild<QMessageBox *>(QStringLiteral("confirmKill"))) && box->isVisible(), Timeout);
    QPushButton *kill = nullptr;
    for (QAbstractButton *b : box->buttons()) {
        if (b->text() == QLatin1String("Kill"))
            kill = qobject_cast<QPushButton *>(b);
    }
    QVERIFY(kill);
    kill->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("SIGKILL sent to worker %1").arg(victim));
    // batond's cause, shown as no crash; the slot is refilled at once.
    QTRY_COMPARE_WITH_TIMEOUT(exitCause(victim), QStringLiteral("signalled-by-request"), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!workerPids(workers).contains(victim) && readyWorkers(workers) == 2, Timeout);
    const EventModel *events = m_window->monitor()->events();
    for (int row = 0; row < events->rowCount(); ++row) {
        const QVariantMap e = events->eventAt(row);
        if (e.value(QStringLiteral("pid")).toLongLong() == victim)
            QVERIFY(EventModel::category(e) != EventModel::Category::Crash);
    }
}

// The Service menu holds every service action; Stop and Start follow the
// daemon's "stopped by request".
void TestAdminGui::serviceMenuStopsAndStartsTheService()
{
    QVERIFY(waitForHealthy());
    QMenu *serviceMenu = nullptr;
    for (QAction *a : m_window->menuBar()->actions()) {
        if (a->text() == QLatin1String("&Service"))
            serviceMenu = a->menu();
    }
    QVERIFY(serviceMenu);
    const QList<QAction *> held = serviceMenu->actions();
    for (QAction *a : {m_window->reloadSelectedAction(), m_window->stopSelectedAction(), m_window->startSelectedAction(),
                       m_window->resetSelectedAction()})
        QVERIFY2(held.contains(a), qPrintable(a->text()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->stopSelectedAction()->isEnabled(), Timeout);
    QVERIFY(!m_window->startSelectedAction()->isEnabled());
    QVERIFY(!m_window->resetSelectedAction()->isEnabled());
    QCOMPARE(m_window->stopSelectedAction()->text(), QStringLiteral("S&top web"));

    QSignalSpy finished(m_window->serviceActions(), &ServiceActions::finished);
    m_window->stopSelectedAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    const QAbstractItemModel *services = m_window->dashboard()->servicesView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(services->index(0, ServiceModel::StateColumn).data().toString(), QStringLiteral("stopped by request"), Timeout);
    QCOMPARE(m_window->dashboard()->workersView()->model()->rowCount(), 0);
    // Stopped on purpose is at rest, not "on the move": the tray and the title stay calm.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->monitor()->overall(), DaemonMonitor::Overall::Ok, Timeout);
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("all running")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->startSelectedAction()->isEnabled(), Timeout);
    QVERIFY(!m_window->stopSelectedAction()->isEnabled());
    QCOMPARE(m_window->statusBar()->currentMessage(), finished.at(0).at(1).toString());

    m_window->startSelectedAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    QVERIFY(waitForHealthy());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->stopSelectedAction()->isEnabled(), Timeout);
    QVERIFY(!m_window->startSelectedAction()->isEnabled());
}

// Scale… writes `workers` into the editor and nowhere else: batond's plan
// says "scale", Apply does it (no new generation, so no confirmation), and
// scaling back the same way leaves the service as it was.
void TestAdminGui::scaleEditsWorkersThroughThePlanAndApply()
{
    QVERIFY(waitForHealthy());
    auto *page = static_cast<ConfigPage *>(m_window->configPage());
    QTRY_VERIFY_WITH_TIMEOUT(page->editor()->toPlainText().contains(QStringLiteral("workers = 2")), Timeout);
    m_window->dashboard()->selectService(QStringLiteral("web"));
    const int generation = currentGeneration();
    for (const int workers : {3, 2}) {
        QVERIFY(m_window->scaleSelectedAction()->isEnabled());
        m_window->scaleSelectedAction()->trigger();
        QInputDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<QInputDialog *>(QStringLiteral("scaleDialog"))) && dialog->isVisible(),
                                 Timeout);
        QCOMPARE(dialog->intValue(), workers == 3 ? 2 : 3);   // the service's wanted count now
        dialog->setIntValue(workers);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(m_window->tabs()->currentWidget(), page, Timeout);
        QVERIFY(page->editor()->toPlainText().contains(QStringLiteral("workers = %1").arg(workers)));
        const QString plan = QStringLiteral("web: scale %1 → %2").arg(workers == 3 ? 2 : 3).arg(workers);
        QTRY_VERIFY2_WITH_TIMEOUT(page->diffPanel()->planText().contains(plan), qPrintable(page->diffPanel()->planText()), Timeout);
        QCOMPARE(page->diffPanel()->controller()->diff().addedLines(), 1);
        QSignalSpy applied(page, &ConfigPage::applyFinished);
        page->applyRequested();
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, Timeout);
        QVERIFY2(applied.at(0).at(0).toBool(), "apply succeeded");
        QTRY_COMPARE_WITH_TIMEOUT(readyWorkers(m_window->dashboard()->workersView()->model()), workers, Timeout);
    }
    QCOMPARE(currentGeneration(), generation);
    m_window->tabs()->setCurrentIndex(0);
}

void TestAdminGui::lostDaemonShowsOfflineAndNothingLive()
{
    QVERIFY(waitForHealthy());
    m_batond.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionManager::State::Offline, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->offlineBanner()->isVisible(), Timeout);
    QVERIFY(m_window->offlineBanner()->text().contains(QStringLiteral("Next attempt")));
    QCOMPARE(m_window->dashboard()->workersView()->model()->rowCount(), 0);
    QCOMPARE(m_window->dashboard()->servicesView()->model()->rowCount(), 0);
    QCOMPARE(m_window->monitor()->overall(), DaemonMonitor::Overall::Offline);
    QCOMPARE(m_window->logFeed()->state(), LogFeed::State::Offline);
    QVERIFY(!m_window->tray()->reloadAllAction()->isEnabled());
    QVERIFY(!m_window->reloadSelectedAction()->isEnabled());
    // The history stays: it is history, not live state.
    QVERIFY(m_window->monitor()->events()->rowCount() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_batond.state(), QProcess::NotRunning, Timeout);
}

void TestAdminGui::reconnectsWhenTheDaemonIsBack()
{
    const qint64 lastSeq = m_window->monitor()->events()->lastSeq();
    m_batond.start();   // same program, arguments and config
    QVERIFY2(m_batond.waitForStarted(5000), qPrintable(m_batond.errorString()));
    // Backoff retries find it without any help.
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionManager::State::Connected, 40000);
    QVERIFY(m_window->offlineBanner()->isHidden());
    QVERIFY(waitForHealthy());
    // The missed events are merged in once: same log, seqs continue, no duplicates.
    const EventModel *events = m_window->monitor()->events();
    QTRY_VERIFY_WITH_TIMEOUT(events->lastSeq() > lastSeq, Timeout);
    for (int row = 1; row < events->rowCount(); ++row)
        QVERIFY(events->eventAt(row).value(QStringLiteral("seq")).toLongLong() > events->eventAt(row - 1).value(QStringLiteral("seq")).toLongLong());

    // Worker output is subscribed again: a worker started from now on (a
    // crash replaced) shows its lines live, after the backlog was loaded.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->logFeed()->state(), LogFeed::State::Live, Timeout);
    const QList<qint64> before = workerPids(m_window->dashboard()->workersView()->model());
    QVERIFY(::kill(pid_t(before.value(0)), SIGKILL) == 0);
    const LogLineModel *lines = m_window->logFeed()->model();
    QVERIFY(QTest::qWaitFor([&] {
        for (int row = lines->rowCount() - 1; row >= 0; --row) {
            if (!before.contains(lines->lineAt(row).pid) && workerPids(m_window->dashboard()->workersView()->model()).contains(lines->lineAt(row).pid))
                return true;
        }
        return false;
    }, Timeout));
}

QTEST_MAIN(TestAdminGui)
#include "tst_admin_gui.moc"
