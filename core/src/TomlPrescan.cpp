// See TomlPrescan.h for why this exists. The rule that keeps it safe: every
// region this lexer treats as "inside a string" must be inside a string for
// toml++ as well, up to the first place where toml++ reports a syntax error
// (toml++ stops there, so what this lexer thinks of the rest cannot matter).
// So the lexer follows TOML's string and comment rules exactly and otherwise
// only needs to know where an expression (a line at the top level) starts.
// One catch, found by fuzzing: to tell a number from a date or a boolean,
// toml++ reads a bare value ahead up to a terminator (blank, ] } , #),
// through any quotes, asking "is this whitespace?" of each character. So a
// bare value token (anything in a value's place that is not a string, an
// array or an inline table) is taken as a whole, up to that terminator, and
// must be ASCII; in keys a quote opens a string only where a key segment
// may start (line start, [ . { ,).
#include "TomlPrescan.h"

#include <QString>

#include <string>

namespace baton {

namespace {

bool isBareKeyChar(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool isUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

class Prescan final {
public:
    explicit Prescan(const QByteArray &text)
        : m_p(reinterpret_cast<const unsigned char *>(text.constData())), m_n(text.size())
    {
    }

    std::optional<Diagnostic> run();

private:
    unsigned char at(qsizetype i) const { return i < m_n ? m_p[i] : 0; }
    bool startsWith(qsizetype i, const char *s) const;
    qsizetype skipHorizontalSpace(qsizetype i) const;
    // Returns the index just past the string starting at `i`, or sets m_error.
    qsizetype skipString(qsizetype i);
    qsizetype skipMultiLineBasic(qsizetype i);
    void checkTableHeader(qsizetype i);
    void checkDateTime(qsizetype i);
    Diagnostic diagnosticAt(qsizetype offset, const QString &message) const;
    QString describe(qsizetype offset) const;

    const unsigned char *m_p;
    qsizetype m_n;
    std::optional<Diagnostic> m_error;
};

bool Prescan::startsWith(qsizetype i, const char *s) const
{
    for (; *s; ++s, ++i) {
        if (at(i) != static_cast<unsigned char>(*s) || i >= m_n)
            return false;
    }
    return true;
}

qsizetype Prescan::skipHorizontalSpace(qsizetype i) const
{
    while (i < m_n && (m_p[i] == ' ' || m_p[i] == '\t'))
        ++i;
    return i;
}

// Lines and columns count characters (code points), like the loader's other
// diagnostics. Computed only when reporting, so the scan itself stays simple.
Diagnostic Prescan::diagnosticAt(qsizetype offset, const QString &message) const
{
    int line = 1, column = 1;
    for (qsizetype i = 0; i < offset && i < m_n; ++i) {
        if (m_p[i] == '\n') {
            ++line;
            column = 1;
        } else if (!isUtf8Continuation(m_p[i])) {
            ++column;
        }
    }
    return Diagnostic{Severity::Error, line, column, {}, message};
}

// `"í" (U+00ED)` for the character at offset (UTF-8 already checked).
QString Prescan::describe(qsizetype offset) const
{
    qsizetype end = offset + 1;
    while (end < m_n && end < offset + 4 && isUtf8Continuation(m_p[end]))
        ++end;
    const QString ch = QString::fromUtf8(reinterpret_cast<const char *>(m_p + offset), end - offset);
    if (ch.isEmpty())
        return QStringLiteral("byte 0x%1").arg(m_p[offset], 2, 16, QLatin1Char('0'));
    const char32_t cp = ch.toUcs4().value(0);
    return QStringLiteral("\"%1\" (U+%2)").arg(ch, QString::number(uint(cp), 16).toUpper().rightJustified(4, QLatin1Char('0')));
}

qsizetype Prescan::skipMultiLineBasic(qsizetype i)
{
    // i is just past the opening """.
    while (i < m_n) {
        const unsigned char c = m_p[i];
        if (c == '"' && startsWith(i, "\"\"\"")) {
            // Up to two more quotes belong to the content ("""a""""" is a"").
            qsizetype end = i + 3;
            for (int extra = 0; extra < 2 && at(end) == '"' && end < m_n; ++extra)
                ++end;
            return end;
        }
        if (c == '\\') {
            // toml++ asks "is this whitespace?" about the character after a
            // backslash and, for a line-ending backslash, about the first one
            // after the skipped blanks: for non-ASCII that is its UB.
            qsizetype j = i + 1;
            if (at(j) == ' ' || at(j) == '\t' || at(j) == '\r' || at(j) == '\n') {
                while (j < m_n && (m_p[j] == ' ' || m_p[j] == '\t' || m_p[j] == '\r' || m_p[j] == '\n'))
                    ++j;
                if (j < m_n && m_p[j] >= 0x80) {
                    m_error = diagnosticAt(j, QStringLiteral("non-ASCII character %1 right after a line-ending backslash in a \"\"\" string; "
                                                             "write it as a \\u escape or start the line with an ASCII character")
                                                  .arg(describe(j)));
                    return m_n;
                }
                i = j;
                continue;
            }
            if (j < m_n && m_p[j] >= 0x80) {
                m_error = diagnosticAt(j, QStringLiteral("non-ASCII character %1 after a backslash: not an escape sequence "
                                                         "(escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
                                              .arg(describe(j)));
                return m_n;
            }
            i = j + 1;
            continue;
        }
        ++i;
    }
    return m_n; // unterminated: toml++ reports it
}

qsizetype Prescan::skipString(qsizetype i)
{
    const unsigned char quote = m_p[i];
    if (quote == '"' && startsWith(i, "\"\"\""))
        return skipMultiLineBasic(i + 3);
    if (quote == '\'' && startsWith(i, "'''")) {
        for (qsizetype j = i + 3; j < m_n; ++j) {
            if (startsWith(j, "'''")) {
                qsizetype end = j + 3;
                for (int extra = 0; extra < 2 && end < m_n && m_p[end] == '\''; ++extra)
                    ++end;
                return end;
            }
        }
        return m_n;
    }
    // Single-line: ends at the closing quote or, unterminated, at the line's
    // end (where toml++ reports it), never later.
    for (qsizetype j = i + 1; j < m_n; ++j) {
        const unsigned char c = m_p[j];
        if (c == '\n')
            return j;
        if (c == quote)
            return j + 1;
        if (quote == '"' && c == '\\' && j + 1 < m_n && m_p[j + 1] != '\n')
            ++j;
    }
    return m_n;
}

// toml++ takes a value that starts like YYYY-MM-DDT for a date-time and,
// after the T, assumes a digit (TOML_ASSERT_ASSUME in parse_time; found by
// fuzz_config): anything else is refused here.
void Prescan::checkDateTime(qsizetype i)
{
    const char *shape = "dddd-dd-dd";
    for (int k = 0; shape[k]; ++k) {
        const unsigned char c = at(i + k);
        if (i + k >= m_n || (shape[k] == 'd' ? !(c >= '0' && c <= '9') : c != '-'))
            return;
    }
    const qsizetype t = i + 10;
    if (t >= m_n || (m_p[t] != 'T' && m_p[t] != 't'))
        return;
    const unsigned char next = at(t + 1);
    if (t + 1 < m_n && next >= '0' && next <= '9')
        return;
    m_error = diagnosticAt(t + 1, QStringLiteral("syntax error: a date-time needs a time after \"%1\", like 1979-05-27T07:32:00Z")
                                      .arg(QChar(m_p[t])));
}

// toml++ hands the first character after `[` or `[[` (and blanks) to
// parse_key, which assumes it starts a key; `]` and the end of the file it
// reports itself. Anything else (`[#`, `[=`, `[` at a line's end) breaks
// that assumption, so it is refused here.
void Prescan::checkTableHeader(qsizetype i)
{
    qsizetype j = skipHorizontalSpace(i + 1);
    if (j < m_n && m_p[j] == '[') {
        if (j != i + 1)
            return; // "[ [": toml++ refuses the split brackets itself
        j = skipHorizontalSpace(j + 1);
    }
    if (j >= m_n)
        return;
    const unsigned char c = m_p[j];
    if (isBareKeyChar(c) || c == '"' || c == '\'' || c == ']')
        return;
    QString saw;
    if (c == '\n' || c == '\r')
        saw = QStringLiteral("the end of the line");
    else if (c >= 0x80)
        saw = describe(j);
    else if (c < 0x20 || c == 0x7F)
        saw = QStringLiteral("control character 0x%1").arg(c, 2, 16, QLatin1Char('0'));
    else
        saw = QStringLiteral("\"%1\"").arg(QChar(c));
    m_error = diagnosticAt(j, QStringLiteral("syntax error: a table header needs a name after \"[\", like [service.web]; saw %1").arg(saw));
}

std::optional<Diagnostic> Prescan::run()
{
    qsizetype i = startsWith(0, "\xEF\xBB\xBF") ? 3 : 0; // toml++ skips a BOM
    bool expressionStart = true; // only blanks so far on this top-level line
    bool inValue = false;        // after `=` on this expression
    bool keyPosition = false;    // in an inline table, before its `=`
    std::string nesting;         // open [ and { inside the value
    unsigned char last = '\n';   // last character outside strings, comments and blanks
    const auto nonAscii = [&](qsizetype at) {
        return diagnosticAt(at, QStringLiteral("non-ASCII character %1 outside a string or comment: bare keys may use only "
                                               "ASCII letters, digits, \"_\" and \"-\"; quote the key (\"...\") or the value")
                                    .arg(describe(at)));
    };
    while (i < m_n && !m_error) {
        const unsigned char c = m_p[i];
        if (c == '\n') {
            ++i;
            if (nesting.empty()) {
                inValue = false;
                expressionStart = true;
                last = '\n';
            }
            continue;
        }
        // \v and \f are not TOML blanks (toml++ reports them), but they end a
        // bare value, so they must be stepped over here like blanks are.
        if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < m_n && m_p[i] != '\n')
                ++i;
            continue;
        }
        const bool valuePosition = inValue && !keyPosition;
        const bool delimiter = c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == '=' || c == '"' || c == '\'';
        if (valuePosition && !delimiter) {
            // A bare value (number, date, boolean, ...): toml++ reads it ahead
            // to a terminator, quotes included, so all of it must be ASCII.
            checkDateTime(i);
            if (m_error)
                break;
            const qsizetype start = i;
            // toml++'s is_value_terminator for ASCII: blanks, \n \v \f \r
            // (its "vertical whitespace"), ] } , and #. The \v and \f count:
            // "YYYY-MM-DD 4\f" broke the check below until they did.
            const auto terminator = [](unsigned char t) {
                return t == ' ' || t == '\t' || (t >= '\n' && t <= '\r') || t == ']' || t == '}' || t == ',' || t == '#';
            };
            for (; i < m_n; ++i) {
                const unsigned char t = m_p[i];
                if (terminator(t))
                    break;
                if (t >= 0x80)
                    return nonAscii(i);
                last = t;
            }
            // "YYYY-MM-DD HH:MM": toml++ continues a 10-character value like
            // a date over one space and a digit, then assumes more follows
            // (TOML_ASSERT_ASSUME in parse_value's scan; found by fuzz_config).
            // It counts characters without the underscores (digit separators)
            // and so must this. A value followed by " 4" is invalid TOML
            // anyway, so the rule refuses nothing valid.
            std::string shape;
            for (qsizetype k = start; k < i && shape.size() <= 10; ++k) {
                if (m_p[k] != '_')
                    shape.push_back(char(m_p[k]));
            }
            if (shape.size() == 10 && shape[4] == '-' && shape[7] == '-' && at(i) == ' ' && i + 2 < m_n
                && at(i + 1) >= '0' && at(i + 1) <= '9' && terminator(at(i + 2)))
                return diagnosticAt(i + 1, QStringLiteral("syntax error: a date-time needs HH:MM after the space, like 1979-05-27 07:32:00"));
            expressionStart = false;
            continue;
        }
        // In a key, a quote opens a string only where a key segment starts.
        const bool stringMayStart = valuePosition || last == '\n' || last == '.' || last == '[' || last == '{' || last == ',';
        if ((c == '"' || c == '\'') && stringMayStart) {
            i = skipString(i);
            expressionStart = false;
            last = c;
            continue;
        }
        if (c >= 0x80)
            return nonAscii(i);
        if (c == '[' && expressionStart && !inValue) {
            checkTableHeader(i);
        } else if (c == '=') {
            if (nesting.empty())
                inValue = true;
            else if (nesting.back() == '{')
                keyPosition = false;
        } else if (valuePosition && (c == '[' || c == '{')) {
            nesting.push_back(char(c));
            keyPosition = c == '{';
        } else if (inValue && c == ',' && !nesting.empty()) {
            keyPosition = nesting.back() == '{';
        } else if (inValue && (c == ']' || c == '}') && !nesting.empty()) {
            // toml++ takes anything but , ] and blanks in an array for a value
            // and assumes it is not a terminator (TOML_ASSERT_ASSUME in
            // parse_value; found by fuzz_config): `[}` is refused here.
            if (c == '}' && nesting.back() == '[') {
                m_error = diagnosticAt(i, QStringLiteral("syntax error: \"}\" inside an array closes no inline table; expected a value or \"]\""));
                break;
            }
            nesting.pop_back();
            keyPosition = false;
        }
        expressionStart = false;
        last = c;
        ++i;
    }
    return m_error;
}

} // namespace

std::optional<Diagnostic> prescanToml(const QByteArray &text)
{
    return Prescan(text).run();
}

} // namespace baton
