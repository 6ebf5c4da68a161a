#pragma once

#include <QPalette>
#include <QString>

class QSyntaxHighlighter;
class QTextDocument;

namespace baton {

// TOML highlighting for a document: KF6 SyntaxHighlighting's "TOML"
// definition when the build found it (BATON_HAVE_KSYNTAXHIGHLIGHTING) and its
// repository has the definition, else the built-in TomlHighlighter. Either
// way the colours follow `palette`.
QSyntaxHighlighter *createTomlHighlighter(QTextDocument *document, const QPalette &palette);

// Re-colours a highlighter made by createTomlHighlighter for `palette` and
// returns the palette its editor should show: with KF6, the theme (light or
// dark, after the palette's Window colour) paints its own background, which
// is copied into QPalette::Base (and its normal text colour into
// QPalette::Text); the built-in highlighter returns `palette` unchanged.
QPalette setHighlighterPalette(QSyntaxHighlighter *highlighter, const QPalette &palette);

// True when createTomlHighlighter makes KF6 SyntaxHighlighting highlighters.
bool usesKSyntaxHighlighting();
// For the About dialog: "KDE Frameworks SyntaxHighlighting 6.13.0" or "built-in".
QString highlighterDescription();

} // namespace baton
