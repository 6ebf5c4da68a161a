#pragma once

#include <QColor>
#include <QPalette>

// Colours of the config editor, the diff views and the problems panel,
// derived from the widget's palette so that a dark palette gets light
// accents on dark tints and a light palette the opposite. Nothing here is a
// fixed RGB value that would be unreadable on the other kind of palette.
namespace baton::editorColors {

bool isDark(const QPalette &palette);
// `amount` of `over` blended into `base` (0 = base, 1 = over).
QColor mix(const QColor &base, const QColor &over, qreal amount);
// A readable foreground of the given hue for this palette's base colour.
QColor accent(const QPalette &palette, int hue, int saturation = 170);

QColor error(const QPalette &palette);
QColor warning(const QPalette &palette);
QColor positive(const QPalette &palette);
QColor dimText(const QPalette &palette);

QColor currentLine(const QPalette &palette);
QColor searchMatch(const QPalette &palette);

QColor removedLine(const QPalette &palette);
QColor removedSpan(const QPalette &palette);
QColor addedLine(const QPalette &palette);
QColor addedSpan(const QPalette &palette);
QColor fillerLine(const QPalette &palette);
QColor hunkHeader(const QPalette &palette);

} // namespace baton::editorColors
