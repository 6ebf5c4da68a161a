#pragma once

#include <QPalette>

class QSyntaxHighlighter;
class QTextDocument;

namespace baton {

// TOML highlighting for a document: KF6 SyntaxHighlighting's "TOML"
// definition when the build found it (BATON_HAVE_KSYNTAXHIGHLIGHTING), else
// the built-in TomlHighlighter. Either way the colours follow `palette`.
QSyntaxHighlighter *createTomlHighlighter(QTextDocument *document, const QPalette &palette);
// Re-colours a highlighter made by createTomlHighlighter (after a palette change).
void setHighlighterPalette(QSyntaxHighlighter *highlighter, const QPalette &palette);

} // namespace baton
