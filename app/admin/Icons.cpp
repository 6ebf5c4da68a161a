#include "Icons.h"

#include <QGuiApplication>
#include <QHash>
#include <QWidget>

namespace baton::icons {

namespace {

QIcon resource(const QString &name)
{
    // QIcon keeps the SVG engine; cache so views do not re-parse per row.
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, QIcon(QStringLiteral(":/icons/") + name));
    return *it;
}

// A hue at a lightness that contrasts with the base colour.
QColor tone(int hue, int saturation, const QPalette &palette)
{
    return QColor::fromHsl(hue, saturation, isDark(palette) ? 170 : 95);
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QIcon themed(const char *themeName, const char *fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(themeName), resource(QString::fromLatin1(fallback)));
}

QPixmap pixmap(const QIcon &icon, const QWidget *widget, int extent)
{
    return icon.pixmap(QSize(extent, extent), widget ? widget->devicePixelRatioF() : qApp->devicePixelRatio());
}

QIcon app()
{
    return resource(QStringLiteral("io.github.baton.Admin.svg"));
}

QIcon overall(DaemonMonitor::Overall overall)
{
    switch (overall) {
    case DaemonMonitor::Overall::Offline: return resource(QStringLiteral("state-offline.svg"));
    case DaemonMonitor::Overall::Ok: return resource(QStringLiteral("state-ok.svg"));
    case DaemonMonitor::Overall::Reloading: return resource(QStringLiteral("state-reloading.svg"));
    case DaemonMonitor::Overall::Degraded: return resource(QStringLiteral("state-degraded.svg"));
    case DaemonMonitor::Overall::Failed: return resource(QStringLiteral("state-failed.svg"));
    }
    return {};
}

QIcon tray(DaemonMonitor::Overall overall)
{
    switch (overall) {
    case DaemonMonitor::Overall::Offline: return resource(QStringLiteral("tray-offline.svg"));
    case DaemonMonitor::Overall::Ok: return resource(QStringLiteral("tray-ok.svg"));
    case DaemonMonitor::Overall::Reloading: return resource(QStringLiteral("tray-reloading.svg"));
    case DaemonMonitor::Overall::Degraded: return resource(QStringLiteral("tray-degraded.svg"));
    case DaemonMonitor::Overall::Failed: return resource(QStringLiteral("tray-failed.svg"));
    }
    return {};
}

QIcon serviceState(const QString &state)
{
    if (state == QLatin1String("running"))
        return overall(DaemonMonitor::Overall::Ok);
    if (state == QLatin1String("degraded"))
        return overall(DaemonMonitor::Overall::Degraded);
    if (state == QLatin1String("failed"))
        return overall(DaemonMonitor::Overall::Failed);
    if (state == QLatin1String("stopping") || state == QLatin1String("stopped"))
        return overall(DaemonMonitor::Overall::Offline);
    return overall(DaemonMonitor::Overall::Reloading);   // starting, reloading
}

QIcon workerState(const QString &state)
{
    if (state == QLatin1String("ready"))
        return resource(QStringLiteral("worker-ready.svg"));
    if (state == QLatin1String("draining"))
        return resource(QStringLiteral("worker-draining.svg"));
    return resource(QStringLiteral("worker-starting.svg"));
}

QIcon eventCategory(EventModel::Category category)
{
    switch (category) {
    case EventModel::Category::Crash: return resource(QStringLiteral("event-crash.svg"));
    case EventModel::Category::Restart: return resource(QStringLiteral("event-restart.svg"));
    case EventModel::Category::StormBreaker: return resource(QStringLiteral("event-breaker.svg"));
    case EventModel::Category::Reload: return resource(QStringLiteral("event-reload.svg"));
    case EventModel::Category::Rollback: return resource(QStringLiteral("event-rollback.svg"));
    case EventModel::Category::Config: return resource(QStringLiteral("event-config.svg"));
    case EventModel::Category::Daemon: return resource(QStringLiteral("event-daemon.svg"));
    case EventModel::Category::Lifecycle: return resource(QStringLiteral("event-lifecycle.svg"));
    }
    return {};
}

QColor serviceStateColor(const QString &state, const QPalette &palette)
{
    if (state == QLatin1String("running"))
        return tone(125, 160, palette);
    if (state == QLatin1String("degraded"))
        return tone(38, 230, palette);
    if (state == QLatin1String("failed"))
        return tone(0, 200, palette);
    if (state == QLatin1String("stopping") || state == QLatin1String("stopped"))
        return palette.color(QPalette::PlaceholderText);
    return tone(212, 200, palette);
}

QColor eventCategoryColor(EventModel::Category category, const QPalette &palette)
{
    switch (category) {
    case EventModel::Category::Crash:
    case EventModel::Category::StormBreaker: return tone(0, 200, palette);
    case EventModel::Category::Restart: return tone(38, 230, palette);
    case EventModel::Category::Reload: return tone(212, 200, palette);
    case EventModel::Category::Rollback: return tone(24, 230, palette);
    case EventModel::Category::Config: return tone(285, 130, palette);
    case EventModel::Category::Daemon:
    case EventModel::Category::Lifecycle: return palette.color(QPalette::Text);
    }
    return palette.color(QPalette::Text);
}

} // namespace baton::icons
