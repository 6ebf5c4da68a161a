#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace baton {

// The built-in TOML highlighter, used when KF6 SyntaxHighlighting is not
// available: comments, [table] headers, keys, strings (multi-line basic and
// literal strings carry over lines through the block state), numbers and
// dates, booleans, and durations ("10s", "1m30s") in a colour of their own.
// Colours come from the palette given to setPalette().
class TomlHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    enum class Token { Key, String, Duration, Number, Boolean, Comment, Table };

    explicit TomlHighlighter(QTextDocument *document);

    void setPalette(const QPalette &palette);
    QTextCharFormat format(Token token) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    int highlightString(const QString &text, int start, bool isKey);
    int continueMultiLine(const QString &text, int from, int mode);

    QTextCharFormat m_formats[7];
};

} // namespace baton
