#include "EditorColors.h"

#include <algorithm>

namespace baton::editorColors {

namespace {

constexpr int Red = 0;
constexpr int Orange = 35;
constexpr int Green = 120;
constexpr int Yellow = 55;

// A tint of `hue` laid over the palette's base, for line backgrounds.
QColor tint(const QPalette &palette, int hue, qreal amount)
{
    const QColor pure = QColor::fromHsl(hue, 200, isDark(palette) ? 110 : 128);
    return mix(palette.color(QPalette::Base), pure, amount);
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor mix(const QColor &base, const QColor &over, qreal amount)
{
    amount = std::clamp(amount, 0.0, 1.0);
    const auto blend = [amount](float a, float b) { return a + (b - a) * float(amount); };
    return QColor::fromRgbF(blend(base.redF(), over.redF()), blend(base.greenF(), over.greenF()),
                            blend(base.blueF(), over.blueF()));
}

QColor accent(const QPalette &palette, int hue, int saturation)
{
    // Light palettes need dark accents and dark palettes light ones; the
    // lightness follows the base so the contrast stays about the same.
    return QColor::fromHsl(hue, saturation, isDark(palette) ? 175 : 85);
}

QColor error(const QPalette &palette) { return accent(palette, Red, 200); }
QColor warning(const QPalette &palette) { return accent(palette, Orange, 210); }
QColor positive(const QPalette &palette) { return accent(palette, Green, 150); }

QColor dimText(const QPalette &palette)
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

QColor currentLine(const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), isDark(palette) ? 0.18 : 0.10);
}

QColor searchMatch(const QPalette &palette) { return tint(palette, Yellow, isDark(palette) ? 0.35 : 0.45); }

QColor removedLine(const QPalette &palette) { return tint(palette, Red, isDark(palette) ? 0.22 : 0.14); }
QColor removedSpan(const QPalette &palette) { return tint(palette, Red, isDark(palette) ? 0.50 : 0.38); }
QColor addedLine(const QPalette &palette) { return tint(palette, Green, isDark(palette) ? 0.20 : 0.14); }
QColor addedSpan(const QPalette &palette) { return tint(palette, Green, isDark(palette) ? 0.45 : 0.38); }

QColor fillerLine(const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.05);
}

QColor hunkHeader(const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), isDark(palette) ? 0.25 : 0.12);
}

} // namespace baton::editorColors
