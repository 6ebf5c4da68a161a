#include "ScreenshotTour.h"

#include "DaemonMonitor.h"
#include "DashboardPage.h"
#include "LogFeed.h"
#include "LogsPage.h"
#include "MainWindow.h"
#include "TimelinePage.h"
#include "baton/EventModel.h"
#include "baton/WorkerModel.h"

#include "editor/ConfigEditor.h"
#include "editor/ConfigPage.h"
#include "editor/HistoryPanel.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QPixmap>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTextCursor>
#include <QTimer>
#include <QTreeView>

#include <cstdio>

namespace baton {

ScreenshotTour::ScreenshotTour(MainWindow *window, const QString &directory, QObject *parent)
    : QObject(parent), m_window(window), m_directory(directory),
      m_settleMs(qEnvironmentVariableIntValue("BATON_ADMIN_SCREENSHOT_SETTLE_MS") > 0
                     ? qEnvironmentVariableIntValue("BATON_ADMIN_SCREENSHOT_SETTLE_MS")
                     : 1500)
{
}

void ScreenshotTour::start()
{
    QDir().mkpath(m_directory);
    m_window->showNormal();
    // BATON_ADMIN_SCREENSHOT_SIZE=1024x640: the layout at another size.
    const QStringList size = qEnvironmentVariable("BATON_ADMIN_SCREENSHOT_SIZE").split(QLatin1Char('x'));
    const int width = size.size() == 2 ? size[0].toInt() : 0, height = size.size() == 2 ? size[1].toInt() : 0;
    m_window->resize(width > 0 ? width : 1440, height > 0 ? height : 900);
    // Enough metric samples for the charts to show lines, not dots.
    const int warmupMs = qEnvironmentVariableIntValue("BATON_ADMIN_SCREENSHOT_WARMUP_MS") > 0
                             ? qEnvironmentVariableIntValue("BATON_ADMIN_SCREENSHOT_WARMUP_MS")
                             : 20000;
    waitFor([this] { return m_window->monitor()->isLive() && m_window->monitor()->workers()->rowCount() > 0; }, 30000,
            [this, warmupMs] { QTimer::singleShot(warmupMs, this, [this] { showDashboard(); }); });
}

void ScreenshotTour::waitFor(std::function<bool()> ready, int timeoutMs, Step then)
{
    auto *timer = new QTimer(this);
    const QDeadlineTimer deadline(timeoutMs);
    connect(timer, &QTimer::timeout, this, [timer, ready, deadline, then] {
        if (!ready() && !deadline.hasExpired())
            return;
        timer->deleteLater();
        timer->stop();
        then();
    });
    timer->start(200);
}

void ScreenshotTour::shoot(const QString &name)
{
    const QString path = QDir(m_directory).filePath(name + QStringLiteral(".png"));
    if (m_window->grab().save(path))
        std::fprintf(stderr, "baton-admin: saved %s\n", qPrintable(path));
    else
        std::fprintf(stderr, "baton-admin: cannot save %s\n", qPrintable(path));
}

void ScreenshotTour::showDashboard()
{
    m_window->tabs()->setCurrentWidget(m_window->dashboard());
    QTimer::singleShot(m_settleMs, this, [this] {
        shoot(QStringLiteral("dashboard"));
        showTimeline();
    });
}

void ScreenshotTour::showTimeline()
{
    TimelinePage *timeline = m_window->timeline();
    m_window->tabs()->setCurrentWidget(timeline);
    // Show the details of the newest crash, if there is one, else the newest event.
    QTreeView *view = timeline->view();
    QModelIndex pick = view->model()->index(0, 0);
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, 0);
        if (EventModel::Category(index.data(EventModel::CategoryRole).toInt()) == EventModel::Category::Crash) {
            pick = index;
            break;
        }
    }
    if (pick.isValid())
        view->setCurrentIndex(pick);
    QTimer::singleShot(m_settleMs, this, [this] {
        shoot(QStringLiteral("timeline"));
        showLogs();
    });
}

void ScreenshotTour::showLogs()
{
    LogsPage *logs = m_window->logsPage();
    m_window->tabs()->setCurrentWidget(logs);
    logs->showWorker(m_window->dashboard()->selectedService(), 0, 0);
    QTimer::singleShot(m_settleMs, this, [this] {
        shoot(QStringLiteral("logs"));
        showEditor();
    });
}

void ScreenshotTour::showEditor()
{
    auto *page = static_cast<ConfigPage *>(m_window->configPage());
    m_window->tabs()->setCurrentWidget(page);
    ConfigEditor *editor = page->editor();
    waitFor([editor] { return !editor->toPlainText().isEmpty(); }, 15000, [this, editor] {
        // An edit worth a diff: more workers (a scale) and a new greeting (a new generation).
        QString text = editor->toPlainText();
        static const QRegularExpression workers(QStringLiteral("(?m)^workers\\s*=\\s*\\d+"));
        static const QRegularExpression greeting(QStringLiteral("GREETING\\s*=\\s*\"[^\"]*\""));
        if (text.contains(workers))
            text.replace(workers, QStringLiteral("workers = 4"));
        else
            text += QStringLiteral("\n# edited by the screenshot tour\n");
        text.replace(greeting, QStringLiteral("GREETING = \"hello from a new generation\""));
        QTextCursor cursor(editor->document());
        cursor.select(QTextCursor::Document);
        cursor.insertText(text);   // as if typed: validation and the diff follow
        QTimer::singleShot(m_settleMs + 1500, this, [this] {
            shoot(QStringLiteral("editor"));
            showHistory();
        });
    });
}

void ScreenshotTour::showHistory()
{
    auto *history = static_cast<HistoryPanel *>(m_window->historyPanel());
    m_window->tabs()->setCurrentWidget(history);
    history->refresh();
    waitFor([history] { return history->model()->rowCount() > 0; }, 10000, [this, history] {
        // The oldest version: its diff against the running one shows.
        history->view()->setCurrentIndex(history->model()->index(history->model()->rowCount() - 1, 0));
        QTimer::singleShot(m_settleMs + 1000, this, [this] {
            shoot(QStringLiteral("history"));
            finish();
        });
    });
}

void ScreenshotTour::finish()
{
    // Straight out: the tour's own edit is not worth an unsaved-changes prompt.
    QCoreApplication::exit(0);
}

} // namespace baton
