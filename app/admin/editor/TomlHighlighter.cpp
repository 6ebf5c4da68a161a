#include "TomlHighlighter.h"

#include "EditorColors.h"

#include <QRegularExpression>

namespace baton {

namespace {

// Block state: the low two bits say whether the line ends inside a
// multi-line string, the rest how many arrays are still open (TOML arrays
// may span lines; inline tables may not).
enum Mode { Normal = 0, InBasic = 1, InLiteral = 2 };

int packState(int mode, int arrayDepth) { return mode | (arrayDepth << 2); }
int modeOf(int state) { return state < 0 ? Normal : state & 3; }
int depthOf(int state) { return state < 0 ? 0 : state >> 2; }

bool isBareKeyChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-');
}

bool isValueChar(QChar c)
{
    return isBareKeyChar(c) || c == QLatin1Char('.') || c == QLatin1Char('+') || c == QLatin1Char(':');
}

// The one place for a Qt API difference: match(QStringView) is deprecated
// since Qt 6.8 for matchView(), which Qt 6.4 (Debian 12) does not have yet.
bool matches(const QRegularExpression &re, QStringView text)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return re.matchView(text).hasMatch();
#else
    return re.match(text).hasMatch();
#endif
}

const QRegularExpression &durationPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(^"(\d+(\.\d+)?(ms|s|m|h))+"$)"));
    return re;
}

const QRegularExpression &numberPattern()
{
    // Integers, floats, hex/octal/binary, inf/nan, dates and times.
    static const QRegularExpression re(QStringLiteral(
        R"(^([+-]?(\d[\d_]*(\.[\d_]+)?([eE][+-]?\d+)?|inf|nan)|0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|\d{4}-\d{2}-\d{2}([Tt ]?[\d:.]+([Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}(\.\d+)?)$)"));
    return re;
}

} // namespace

TomlHighlighter::TomlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void TomlHighlighter::setPalette(const QPalette &palette)
{
    using namespace editorColors;
    const auto make = [](const QColor &color, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(color);
        if (bold)
            f.setFontWeight(QFont::Bold);
        f.setFontItalic(italic);
        return f;
    };
    m_formats[int(Token::Key)] = make(accent(palette, 210, 150));
    m_formats[int(Token::String)] = make(accent(palette, 120, 110));
    m_formats[int(Token::Duration)] = make(accent(palette, 185, 160), true);
    m_formats[int(Token::Number)] = make(accent(palette, 25, 170));
    m_formats[int(Token::Boolean)] = make(accent(palette, 285, 120), true);
    m_formats[int(Token::Comment)] = make(dimText(palette), false, true);
    m_formats[int(Token::Table)] = make(accent(palette, 235, 120), true);
    rehighlight();
}

QTextCharFormat TomlHighlighter::format(Token token) const
{
    return m_formats[int(token)];
}

// Finishes a multi-line string whose content goes on at `from`; returns
// where normal scanning resumes, or -1 when the string goes on past this line.
int TomlHighlighter::continueMultiLine(const QString &text, int from, int mode)
{
    const QString close = mode == InBasic ? QStringLiteral("\"\"\"") : QStringLiteral("'''");
    int i = from;
    while (true) {
        const int found = int(text.indexOf(close, i));
        if (found < 0) {
            setFormat(from, int(text.size()) - from, m_formats[int(Token::String)]);
            return -1;
        }
        // A backslash escapes the quote in basic strings only.
        if (mode == InBasic && found > 0 && text[found - 1] == QLatin1Char('\\')) {
            i = found + 1;
            continue;
        }
        int end = found + 3;
        while (end < text.size() && text[end] == close[0] && end - found < 5)   // up to two more quotes are content
            ++end;
        setFormat(from, end - from, m_formats[int(Token::String)]);
        return end;
    }
}

// Highlights the string starting at `start`; returns the index after it,
// or -1 when a multi-line string stays open at the end of the line.
int TomlHighlighter::highlightString(const QString &text, int start, bool isKey)
{
    const QChar quote = text[start];
    const bool basic = quote == QLatin1Char('"');
    if (!isKey && text.mid(start, 3) == QString(3, quote)) {
        setFormat(start, 3, m_formats[int(Token::String)]);
        return continueMultiLine(text, start + 3, basic ? InBasic : InLiteral);
    }
    int i = start + 1;
    while (i < text.size() && text[i] != quote) {
        if (basic && text[i] == QLatin1Char('\\'))
            ++i;
        ++i;
    }
    const int end = std::min<int>(i + 1, int(text.size()));
    Token token = isKey ? Token::Key : Token::String;
    if (!isKey && matches(durationPattern(), QStringView(text).mid(start, end - start)))
        token = Token::Duration;
    setFormat(start, end - start, m_formats[int(token)]);
    return end;
}

void TomlHighlighter::highlightBlock(const QString &text)
{
    const int previous = previousBlockState();
    int arrayDepth = depthOf(previous);
    int i = 0;
    if (const int mode = modeOf(previous); mode != Normal) {
        i = continueMultiLine(text, 0, mode);
        if (i < 0) {
            setCurrentBlockState(packState(mode, arrayDepth));
            return;
        }
    }

    // Brackets open on this line: '[' array or '{' inline table.
    QString open(arrayDepth, QLatin1Char('['));
    bool inValue = arrayDepth > 0;
    bool atLineStart = i == 0;
    const int n = int(text.size());
    while (i < n) {
        const QChar c = text[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        const bool first = atLineStart;
        atLineStart = false;
        if (c == QLatin1Char('#')) {
            setFormat(i, n - i, m_formats[int(Token::Comment)]);
            break;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            const int end = highlightString(text, i, !inValue);
            if (end < 0) {
                setCurrentBlockState(packState(c == QLatin1Char('"') ? InBasic : InLiteral, int(open.count(QLatin1Char('[')))));
                return;
            }
            i = end;
            continue;
        }
        if (c == QLatin1Char('[') && first && !inValue) {
            int end = int(text.indexOf(QLatin1Char(']'), i));
            end = end < 0 ? n : end + 1;
            if (end < n && text[end] == QLatin1Char(']'))
                ++end;
            setFormat(i, end - i, m_formats[int(Token::Table)]);
            i = end;
            continue;
        }
        if (c == QLatin1Char('=')) {
            inValue = true;
        } else if (c == QLatin1Char('[') || c == QLatin1Char('{')) {
            open.append(c);
            inValue = c == QLatin1Char('[');
        } else if (c == QLatin1Char(']') || c == QLatin1Char('}')) {
            if (!open.isEmpty())
                open.chop(1);
            inValue = true;
        } else if (c == QLatin1Char(',')) {
            inValue = !open.endsWith(QLatin1Char('{'));
        } else if (isValueChar(c)) {
            int end = i;
            while (end < n && (inValue ? isValueChar(text[end]) : isBareKeyChar(text[end]) || text[end] == QLatin1Char('.')))
                ++end;
            const QStringView word = QStringView(text).mid(i, end - i);
            if (!inValue)
                setFormat(i, end - i, m_formats[int(Token::Key)]);
            else if (word == u"true" || word == u"false")
                setFormat(i, end - i, m_formats[int(Token::Boolean)]);
            else if (matches(numberPattern(), word))
                setFormat(i, end - i, m_formats[int(Token::Number)]);
            i = std::max(end, i + 1);
            continue;
        }
        ++i;
    }
    setCurrentBlockState(packState(Normal, int(open.count(QLatin1Char('[')))));
}

} // namespace baton
