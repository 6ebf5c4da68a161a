// baton-admin's languages at run time (issue 14 §4): View > Language
// switches every visible text at once, against a real batond (no mock),
// offscreen; the event sentences come from the events' fields in the app's
// language; one date/time format from the locale.
#include "ConnectionManager.h"
#include "DaemonMonitor.h"
#include "DashboardPage.h"
#include "GenerationsBar.h"
#include "MainWindow.h"
#include "OutputDock.h"
#include "OfflineBanner.h"
#include "TimelinePage.h"
#include "Translations.h"
#include "editor/ConfigEditor.h"
#include "editor/ConfigPage.h"
#include "editor/FindBar.h"
#include "editor/NoticeBar.h"
#include "baton/Event.h"
#include "baton/EventModel.h"
#include "baton/EventText.h"
#include "baton/ServiceModel.h"
#include "baton/TimeFormat.h"
#include "baton/WorkerModel.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

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

bool hasHan(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
}

QAction *findAction(const QMenu &menu, const QString &text)
{
    for (QAction *action : menu.actions()) {
        if (action->text() == text)
            return action;
        if (action->menu()) {
            if (QAction *inner = findAction(*action->menu(), text))
                return inner;
        }
    }
    return nullptr;
}

QAction *languageAction(MainWindow &window, const QString &language)
{
    for (QAction *menu : window.menuBar()->actions()) {
        if (QAction *action = menu->menu() ? findAction(*menu->menu(), translations::nativeName(language)) : nullptr)
            return action;
    }
    return nullptr;
}

QStringList labelTexts(const QWidget *parent)
{
    QStringList texts;
    for (const QLabel *label : parent->findChildren<QLabel *>())
        texts << label->text();
    return texts;
}

// The posted QEvent::LanguageChange only, nothing else: no snapshot or
// reply can refresh a widget meanwhile, so what changed, changed because
// of the language.
void deliverLanguageChange()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
}

} // namespace

class TestI18nGui final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void languageSwitchesAtRunTime();
    void eventSentencesFollowTheLanguage();
    void oneDateTimeFormatFromTheLocale();

private:
    QTemporaryDir m_dir;
    QProcess m_batond;
    std::unique_ptr<ConnectionManager> m_connection;
    std::unique_ptr<MainWindow> m_window;
};

void TestI18nGui::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("www")));
    const QString socket = m_dir.filePath(QStringLiteral("run/control.sock"));
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
)").arg(socket).arg(freePort());
    QFile file(m_dir.filePath(QStringLiteral("baton.toml")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(config.toUtf8());
    file.close();

    m_batond.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_batond.setWorkingDirectory(m_dir.path());
    m_batond.start(QStringLiteral(BATON_BIN_DIR "/batond"), {QStringLiteral("--config"), file.fileName()});
    QVERIFY2(m_batond.waitForStarted(5000), qPrintable(m_batond.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket), Timeout);

    QVERIFY(translations::install(QStringLiteral("en")));
    m_connection = std::make_unique<ConnectionManager>();
    m_window = std::make_unique<MainWindow>(m_connection.get());
    m_window->resize(1024, 640);
    m_window->show();
    ConnectionProfile profile;
    profile.kind = ConnectionProfile::Kind::Socket;
    profile.socketPath = socket;
    m_connection->setProfile(profile);
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionManager::State::Connected, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->dashboard()->workersView()->model()->rowCount(), 2, Timeout);
}

void TestI18nGui::cleanupTestCase()
{
    m_window.reset();
    m_connection.reset();
    translations::install(QStringLiteral("en"));
    if (m_batond.state() != QProcess::NotRunning) {
        m_batond.terminate();
        if (!m_batond.waitForFinished(10000))
            m_batond.kill();
    }
}

// View > Language > 繁體中文: menus, tabs, the core models' headers, page
// labels and the status bar are Chinese at once; the editor's text, the
// timeline's selection and the connection stay. Then back to English.
void TestI18nGui::languageSwitchesAtRunTime()
{
    MainWindow &window = *m_window;
    auto *config = static_cast<ConfigPage *>(window.configPage());
    QTRY_VERIFY_WITH_TIMEOUT(!config->editor()->toPlainText().isEmpty(), Timeout);
    // Texts that otherwise change only at their next refresh: the
    // generation chips, the output pane, the find bar's status, a notice
    // on screen (here: the one Revert leaves, with the running version).
    GenerationsBar *generations = window.dashboard()->generationsBar();
    OutputDock *output = window.dashboard()->outputDock();
    QTRY_VERIFY_WITH_TIMEOUT(!generations->chipTexts().isEmpty(), Timeout);
    // The dashboard's header re-sets its bar; one on its own retranslates itself.
    GenerationsBar standalone;
    standalone.setService(window.monitor()->services()->service(QStringLiteral("web")));
    QCOMPARE(standalone.chipTexts(), generations->chipTexts());
    QVERIFY2(generations->chipTexts().first().startsWith(QStringLiteral("Generation ")), qPrintable(generations->chipTexts().first()));
    QCOMPARE(output->title(), QStringLiteral("Worker output of web"));
    QCOMPARE(output->openButton()->text(), QStringLiteral("Open in Logs"));
    config->revertRequested();
    QTRY_VERIFY_WITH_TIMEOUT(config->noticeBar()->text().startsWith(QStringLiteral("Reverted to the running configuration")), Timeout);
    const QStringList noticeFields = config->noticeBar()->fields();
    QCOMPARE(noticeFields.size(), 1);   // the version, kept as data
    FindBar *find = config->findBar();
    find->setSearchText(QStringLiteral("web"));
    find->showFind();
    QVERIFY2(find->statusText().startsWith(QStringLiteral("Matches: ")), qPrintable(find->statusText()));
    const int matches = find->matchCount();
    config->editor()->appendPlainText(QStringLiteral("# an edit in progress"));
    const QString edited = config->editor()->toPlainText();
    QTreeView *timeline = window.timeline()->view();
    QTRY_VERIFY_WITH_TIMEOUT(timeline->model()->rowCount() > 2, Timeout);
    timeline->setCurrentIndex(timeline->model()->index(1, 0));
    const qint64 selectedSeq = timeline->currentIndex().data(EventModel::SeqRole).toLongLong();
    QHeaderView *workerHeader = window.dashboard()->workersView()->header();
    QSignalSpy headers(workerHeader->model(), &QAbstractItemModel::headerDataChanged);

    QAction *chinese = languageAction(window, QStringLiteral("zh_TW"));
    QVERIFY(chinese);
    chinese->trigger();
    QCOMPARE(translations::installed(), QStringLiteral("zh_TW"));
    deliverLanguageChange();
    for (const QString &chip : generations->chipTexts() + standalone.chipTexts())
        QVERIFY2(chip.startsWith(QStringLiteral("第 ")) && hasHan(chip) && !chip.contains(QStringLiteral("ready")), qPrintable(chip));
    QCOMPARE(output->title(), QStringLiteral("web 的工作行程輸出"));
    QCOMPARE(output->openButton()->text(), QStringLiteral("在記錄中開啟"));
    QCOMPARE(find->statusText(), QStringLiteral("符合項目：%1").arg(matches));
    QVERIFY(hasHan(find->findChild<QCheckBox *>()->text()));
    QCOMPARE(config->noticeBar()->fields(), noticeFields);
    QCOMPARE(config->noticeBar()->text(), QStringLiteral("已還原為執行中的設定（版本 %1）。").arg(noticeFields.first()));
    QTRY_COMPARE(window.menuBar()->actions().value(0)->text(), QStringLiteral("檔案(&F)"));
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(window.timeline())), QStringLiteral("重新啟動歷程"));
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(window.dashboard())), QStringLiteral("儀表板"));
    QVERIFY(headers.count() > 0);   // the view re-reads the header texts
    QCOMPARE(workerHeader->model()->headerData(WorkerModel::UptimeColumn, Qt::Horizontal).toString(), QStringLiteral("執行時間"));
    QCOMPARE(timeline->model()->headerData(EventModel::MessageColumn, Qt::Horizontal).toString(), QStringLiteral("訊息"));
    QVERIFY(labelTexts(window.statusBar()).join(QLatin1Char('|')).contains(QStringLiteral("已連線到")));
    QVERIFY(labelTexts(window.timeline()).contains(QStringLiteral("顯示：")));
    QLineEdit *search = window.timeline()->findChild<QLineEdit *>();
    QVERIFY(search && hasHan(search->placeholderText()));
    QVERIFY(hasHan(timeline->model()->index(0, EventModel::MessageColumn).data().toString()));
    // Nothing lost.
    QCOMPARE(config->editor()->toPlainText(), edited);
    QCOMPARE(timeline->currentIndex().data(EventModel::SeqRole).toLongLong(), selectedSeq);
    QCOMPARE(m_connection->state(), ConnectionManager::State::Connected);
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("zh_TW"));

    QAction *english = languageAction(window, QStringLiteral("en"));
    QVERIFY(english);
    english->trigger();
    deliverLanguageChange();
    QVERIFY2(generations->chipTexts().first().startsWith(QStringLiteral("Generation ")), qPrintable(generations->chipTexts().first()));
    QCOMPARE(output->title(), QStringLiteral("Worker output of web"));
    QCOMPARE(find->statusText(), QStringLiteral("Matches: %1").arg(matches));
    QCOMPARE(config->noticeBar()->text(), QStringLiteral("Reverted to the running configuration (version %1).").arg(noticeFields.first()));
    QTRY_COMPARE(window.menuBar()->actions().value(0)->text(), QStringLiteral("&File"));
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(window.timeline())), QStringLiteral("Restart History"));
    QCOMPARE(workerHeader->model()->headerData(WorkerModel::UptimeColumn, Qt::Horizontal).toString(), QStringLiteral("Uptime"));
    QVERIFY(labelTexts(window.statusBar()).join(QLatin1Char('|')).contains(QStringLiteral("Connected to")));
    QCOMPARE(config->editor()->toPlainText(), edited);
    QVERIFY(search->placeholderText().startsWith(QStringLiteral("Search messages")));
}

// Every known kind, in zh_TW, is a Chinese sentence from its fields, never
// the daemon's English prose; an unknown kind falls back to that prose.
void TestI18nGui::eventSentencesFollowTheLanguage()
{
    const QStringList kinds{
        EventKind::DaemonStarted, EventKind::DaemonStopping, EventKind::DaemonStopped, EventKind::Spawn,
        EventKind::ExecFailed, EventKind::Ready, EventKind::GenerationReady, EventKind::Exit,
        EventKind::RestartScheduled, EventKind::StormBreaker, EventKind::Drain, EventKind::Kill,
        EventKind::ReloadStarted, EventKind::ReloadFinished, EventKind::ReloadRolledBack, EventKind::ReloadRejected,
        EventKind::Scale, EventKind::WatchdogTimeout, EventKind::Reset, EventKind::ConfigChanged,
        EventKind::ConfigApplied, EventKind::ConfigRestored, EventKind::Security, EventKind::WorkerRestart,
        EventKind::WorkerSignal, EventKind::ServiceStop, EventKind::ServiceStart, EventKind::UpgradeStarted,
        EventKind::UpgradeFinished, EventKind::UpgradeFailed};
    const QString prose = QStringLiteral("english prose from batond");
    QVariantList events;
    qint64 seq = 0;
    for (const QString &kind : kinds) {
        events << QVariantMap{{QStringLiteral("seq"), ++seq}, {QStringLiteral("time"), QStringLiteral("2026-12-01T12:00:00.000Z")},
                              {QStringLiteral("kind"), kind}, {QStringLiteral("service"), QStringLiteral("web")},
                              {QStringLiteral("generation"), 3}, {QStringLiteral("pid"), 4242},
                              {QStringLiteral("cause"), QStringLiteral("crash")}, {QStringLiteral("exit_code"), 1},
                              {QStringLiteral("uptime_ms"), 61500}, {QStringLiteral("delay_ms"), 800},
                              {QStringLiteral("attempt"), 2}, {QStringLiteral("message"), prose}};
        QVERIFY2(EventText::knows(kind), qPrintable(kind));
    }
    events << QVariantMap{{QStringLiteral("seq"), ++seq}, {QStringLiteral("kind"), QStringLiteral("from-a-newer-daemon")},
                          {QStringLiteral("message"), prose}};
    EventModel model;
    model.setEvents(events);
    QCOMPARE(model.rowCount(), int(kinds.size()) + 1);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(translations::install(QStringLiteral("zh_TW")));
    QVERIFY(changed.count() > 0);   // views re-read the sentences
    for (int row = 0; row < kinds.size(); ++row) {
        const QString text = model.index(row, EventModel::MessageColumn).data().toString();
        QVERIFY2(hasHan(text) && !text.contains(prose), qPrintable(kinds[row] + QStringLiteral(": ") + text));
        QCOMPARE(model.index(row, EventModel::MessageColumn).data(Qt::ToolTipRole).toString(), text + QLatin1Char('\n') + prose);
    }
    QCOMPARE(model.index(kinds.indexOf(EventKind::Exit), EventModel::MessageColumn).data().toString(),
             QStringLiteral("工作行程 4242 執行 1 分 1 秒 後結束，結束碼 1（崩潰）"));
    QCOMPARE(model.index(int(kinds.size()), EventModel::MessageColumn).data().toString(), prose);
    // config-applied names the version (short, as the app shows versions),
    // the author and the comment from its fields; without them (an older
    // batond's event) it still says what happened.
    QVariantMap applied{{QStringLiteral("kind"), EventKind::ConfigApplied}, {QStringLiteral("version"), QStringLiteral("0123456789abcdef")},
                        {QStringLiteral("author"), QStringLiteral("alice")}, {QStringLiteral("comment"), QStringLiteral("three workers")},
                        {QStringLiteral("message"), prose}};
    QCOMPARE(EventText::message(applied), QStringLiteral("設定版本 0123456789ab 已由 alice 套用：「three workers」"));
    QCOMPARE(model.index(kinds.indexOf(EventKind::ConfigApplied), EventModel::MessageColumn).data().toString(), QStringLiteral("已套用新設定"));

    QVERIFY(translations::install(QStringLiteral("zh_CN")));
    QCoreApplication::processEvents();
    QCOMPARE(model.index(kinds.indexOf(EventKind::Spawn), EventModel::MessageColumn).data().toString(),
             QStringLiteral("已为第 3 代启动工作进程 4242"));
    QCOMPARE(EventText::message(applied), QStringLiteral("配置版本 0123456789ab 已由 alice 应用：“three workers”"));

    QVERIFY(translations::install(QStringLiteral("en")));
    QCoreApplication::processEvents();
    QCOMPARE(model.index(kinds.indexOf(EventKind::Spawn), EventModel::MessageColumn).data().toString(),
             QStringLiteral("Worker 4242 spawned for generation 3"));
    QCOMPARE(EventText::message(applied), QStringLiteral("Configuration version 0123456789ab was applied by alice: “three workers”"));
    applied.remove(QStringLiteral("comment"));
    QCOMPARE(EventText::message(applied), QStringLiteral("Configuration version 0123456789ab was applied by alice"));
    applied.remove(QStringLiteral("author"));
    QCOMPARE(EventText::message(applied), QStringLiteral("Configuration version 0123456789ab was applied"));
}

void TestI18nGui::oneDateTimeFormatFromTheLocale()
{
    const QDateTime time(QDate(2026, 12, 1), QTime(13, 5, 9, 250));   // local time
    // Newer CLDR (Qt 6.8, Debian 13) puts a narrow no-break space before
    // AM/PM: the same format, a different blank.
    const auto plain = [](QString s) {
        return s.replace(QChar(0x202F), QLatin1Char(' ')).replace(QChar(0x00A0), QLatin1Char(' '));
    };
    QCOMPARE(plain(formatDateTime(time, false, QLocale(QStringLiteral("en_US")))), QStringLiteral("12/1/26 1:05:09 PM"));
    QCOMPARE(formatDateTime(time, false, QLocale(QStringLiteral("de_DE"))), QStringLiteral("01.12.26 13:05:09"));
    QCOMPARE(formatDateTime(time, true, QLocale(QStringLiteral("de_DE"))), QStringLiteral("01.12.26 13:05:09.250"));
    // CLDR's "Bh:mm" (a day period Qt 6.4 prints as a literal B) becomes AM/PM.
    const QString zh = plain(formatDateTime(time, false, QLocale(QStringLiteral("zh_TW"))));
    QVERIFY2(zh.startsWith(QStringLiteral("2026/12/1 ")) && zh.contains(QStringLiteral("下午")) && zh.contains(QStringLiteral("1:05:09"))
                 && !zh.contains(QLatin1Char('B')),
             qPrintable(zh));
    QCOMPARE(formatTime(time, true, QLocale(QStringLiteral("de_DE"))), QStringLiteral("13:05:09.250"));
    // The timeline shows events in it.
    EventModel model;
    model.addEvent({{QStringLiteral("seq"), 1}, {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
                    {QStringLiteral("kind"), EventKind::Ready}});
    QCOMPARE(model.index(0, EventModel::TimeColumn).data().toString(), formatDateTime(time));
}

QTEST_MAIN(TestI18nGui)
#include "tst_i18n_gui.moc"
