#pragma once

#include "baton/Diagnostic.h"

#include <QList>
#include <QPlainTextEdit>
#include <QTextCursor>

class QSyntaxHighlighter;

namespace baton {

class EditorGutter;

// The TOML text editor: line-number gutter (with a marker on lines that have
// problems), current-line highlight, TOML highlighting, wavy underlines for
// diagnostics with their message as tooltip, and search-match highlights
// for the FindBar. It only shows what it is given; validation lives in
// ConfigValidator, searching in FindBar.
class ConfigEditor final : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ConfigEditor(QWidget *parent = nullptr);

    // Underlines each diagnostic at its line/column: the token there (a
    // word, a quoted string, a [table] header) or, past the end of the
    // line, its last token.
    void setDiagnostics(const Diagnostics &diagnostics);
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    void setSearchMatches(const QList<QTextCursor> &matches);

    // 1-based line and column, clamped to the text; moves the cursor there,
    // scrolls it into the middle and focuses the editor.
    void goToPosition(int line, int column);
    // Messages of the diagnostics underlined at `position` (a document position).
    QStringList messagesAt(int position) const;
    QStringList messagesOnLine(int blockNumber) const;

    QSyntaxHighlighter *highlighter() const { return m_highlighter; }

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class EditorGutter;

    struct Mark {
        QTextCursor range;      // follows later edits, as QTextCursor does
        Severity severity = Severity::Error;
        QString message;
    };

    QTextCursor rangeFor(const Diagnostic &diagnostic) const;
    void rebuildSelections();
    void applyHighlighterPalette();
    int gutterWidth() const;
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void paintGutter(QPaintEvent *event);

    EditorGutter *m_gutter = nullptr;
    QSyntaxHighlighter *m_highlighter = nullptr;
    bool m_applyingPalette = false;
    Diagnostics m_diagnostics;
    QList<Mark> m_marks;
    QList<QTextCursor> m_matches;
};

} // namespace baton
