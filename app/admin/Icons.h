#pragma once

#include "DaemonMonitor.h"
#include "baton/EventModel.h"

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QPixmap>

class QWidget;

// The app's icons and status colours in one place. Actions prefer the
// desktop theme's icon and fall back to the SVGs drawn in resources/icons;
// states and event kinds always use ours, so they mean the same everywhere.
// SVG icons stay sharp at any device pixel ratio.
namespace baton::icons {

QIcon themed(const char *themeName, const char *fallback);   // fallback: a file name in :/icons
// A sharp pixmap for a QLabel: `extent` logical pixels at the widget's device pixel ratio.
QPixmap pixmap(const QIcon &icon, const QWidget *widget, int extent);
QIcon app();
QIcon overall(DaemonMonitor::Overall overall);
QIcon tray(DaemonMonitor::Overall overall);
QIcon serviceState(const QString &state);
QIcon workerState(const QString &state);
QIcon eventCategory(EventModel::Category category);

// Foregrounds readable on this palette's base colour (dark mode too).
QColor serviceStateColor(const QString &state, const QPalette &palette);
QColor eventCategoryColor(EventModel::Category category, const QPalette &palette);
bool isDark(const QPalette &palette);

} // namespace baton::icons
