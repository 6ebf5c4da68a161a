#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace baton {

class MainWindow;

// For scripts/screenshots.sh (BATON_ADMIN_SCREENSHOT_DIR): waits for live
// data, then saves the dashboard, the restart history, the worker output,
// the config editor with an edit and its diff, and the config history as
// PNGs with QWidget::grab(), and quits. Timer-driven, so the app keeps running
// normally between the shots.
class ScreenshotTour final : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, const QString &directory, QObject *parent = nullptr);

    void start();

private:
    using Step = std::function<void()>;
    void waitFor(std::function<bool()> ready, int timeoutMs, Step then);
    void shoot(const QString &name);
    void showDashboard();
    void showTimeline();
    void showLogs();
    void showEditor();
    void showHistory();
    void finish();

    MainWindow *m_window;
    QString m_directory;
    int m_settleMs;
};

} // namespace baton
