// Text edits of a config. Why by position and not by re-serialising: toml++
// would write the table back without the operator's comments and layout, and
// the diff would show the whole file changed. So the text is parsed (behind
// the same prescan as the loader) only to find where the key is; the bytes
// around it stay as they are.
#include "baton/ConfigEdit.h"

#include "TomlPrescan.h"

#include <QList>
#include <QRegularExpression>

#include <toml++/toml.h>

namespace baton {

namespace {

// Byte offsets of the starts of the lines (toml++ positions are 1-based
// lines and columns counted in code points).
QList<qsizetype> lineStarts(const QByteArray &text)
{
    QList<qsizetype> starts{0};
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == '\n')
            starts << i + 1;
    }
    return starts;
}

qsizetype offsetOf(const QByteArray &text, const QList<qsizetype> &starts, const toml::source_position &at)
{
    if (at.line == 0 || at.line > size_t(starts.size()))
        return -1;
    qsizetype i = starts.at(qsizetype(at.line) - 1);
    for (size_t column = 1; column < at.column && i < text.size(); ++column) {
        ++i;
        while (i < text.size() && (uchar(text.at(i)) & 0xC0) == 0x80)   // a UTF-8 continuation byte
            ++i;
    }
    return i;
}

ConfigTextEdit failed(const QString &why)
{
    ConfigTextEdit e;
    e.error = why;
    return e;
}

} // namespace

ConfigTextEdit setServiceWorkers(const QByteArray &text, const QString &service, int workers)
{
    if (prescanToml(text))
        return failed(QStringLiteral("the configuration cannot be read as TOML: fix it first"));
    toml::table root;
    try {
        root = toml::parse(std::string_view(text.constData(), size_t(text.size())));
    } catch (const toml::parse_error &) {
        return failed(QStringLiteral("the configuration cannot be read as TOML: fix it first"));
    }
    toml::table *table = root["service"][service.toStdString()].as_table();
    if (!table)
        return failed(QStringLiteral("there is no [service.%1] table in the configuration").arg(service));
    const QList<qsizetype> starts = lineStarts(text);
    const QByteArray value = QByteArray::number(workers);

    if (toml::node *node = table->get("workers")) {
        const qsizetype at = offsetOf(text, starts, node->source().begin);
        static const QRegularExpression integer(QStringLiteral("\\A[+-]?(0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[0-9_]+)"));
        const QRegularExpressionMatch m = at < 0 ? QRegularExpressionMatch() : integer.match(QString::fromLatin1(text.mid(at, 64)));
        if (!node->is_integer() || !m.hasMatch())
            return failed(QStringLiteral("workers of %1 (line %2) is not a plain number: edit it by hand")
                              .arg(service).arg(node->source().begin.line));
        ConfigTextEdit e;
        e.ok = true;
        e.text = text.left(at) + value + text.mid(at + m.capturedLength());
        return e;
    }
    // No workers key: below the header of a [service.NAME] table written as one.
    if (table->is_inline())
        return failed(QStringLiteral("[service.%1] is an inline table: add workers by hand").arg(service));
    const size_t line = table->source().begin.line;
    if (line == 0 || line > size_t(starts.size()))
        return failed(QStringLiteral("cannot tell where [service.%1] is: add workers by hand").arg(service));
    const qsizetype begin = starts.at(qsizetype(line) - 1);
    const qsizetype end = line < size_t(starts.size()) ? starts.at(qsizetype(line)) : text.size();
    // The line must be this table's own header: a table made only by its
    // subtables ([service.web.listen]) or by dotted keys has none.
    QByteArray header = text.mid(begin, end - begin).trimmed();
    const qsizetype close = header.indexOf(']');
    const QByteArray name = service.toUtf8();
    QByteArray inside = close > 0 && header.startsWith('[') && !header.startsWith("[[") ? header.mid(1, close - 1) : QByteArray();
    inside.replace(' ', "").replace('\t', "");
    if (inside != "service." + name && inside != "service.\"" + name + "\"" && inside != "service.'" + name + "'")
        return failed(QStringLiteral("[service.%1] has no header line of its own: add workers by hand").arg(service));
    ConfigTextEdit e;
    e.ok = true;
    const bool lastLineWithoutNewline = end == text.size() && !text.endsWith('\n');
    e.text = text.left(end) + (lastLineWithoutNewline ? "\n" : "") + "workers = " + value + "\n" + text.mid(end);
    return e;
}

} // namespace baton
