#include "baton/TextDiff.h"

#include <QStringList>

#include <dtl/dtl.hpp>

#include <string>
#include <vector>

namespace baton {

namespace {

struct Edit {
    dtl::edit_t type;
    int oldIndex;   // 0-based, -1 if none
    int newIndex;
};

// Edit script over any sequence; dtl numbers elements from 1.
template<typename Seq>
std::vector<Edit> editScript(const Seq &a, const Seq &b)
{
    dtl::Diff<typename Seq::value_type, Seq> diff(a, b);
    diff.compose();
    std::vector<Edit> edits;
    for (const auto &[element, info] : diff.getSes().getSequence()) {
        (void)element;
        edits.push_back({info.type, int(info.beforeIdx) - 1, int(info.afterIdx) - 1});
    }
    return edits;
}

std::vector<std::string> splitLines(const QString &text)
{
    std::vector<std::string> lines;
    if (text.isEmpty())
        return lines;
    QStringList parts = text.split(QLatin1Char('\n'));
    if (text.endsWith(QLatin1Char('\n')))
        parts.removeLast();
    for (QString &line : parts) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        lines.push_back(line.toStdString());
    }
    return lines;
}

// Words, runs of spaces and single punctuation marks, so a changed value in
// `port = 8080` marks "8080" rather than the whole line.
QStringList tokens(const QString &line)
{
    QStringList out;
    int i = 0;
    while (i < line.size()) {
        int j = i + 1;
        const QChar c = line[i];
        if (c.isLetterOrNumber() || c == QLatin1Char('_')) {
            while (j < line.size() && (line[j].isLetterOrNumber() || line[j] == QLatin1Char('_')))
                ++j;
        } else if (c.isSpace()) {
            while (j < line.size() && line[j].isSpace())
                ++j;
        }
        out << line.mid(i, j - i);
        i = j;
    }
    return out;
}

void addSpan(QList<TextSpan> &spans, int start, int length)
{
    if (!spans.isEmpty() && spans.last().start + spans.last().length == start)
        spans.last().length += length;
    else
        spans.append({start, length});
}

} // namespace

QString DiffHunk::header() const
{
    return QStringLiteral("@@ -%1,%2 +%3,%4 @@").arg(oldStart).arg(oldCount).arg(newStart).arg(newCount);
}

void TextDiff::wordChanges(const QString &oldLine, const QString &newLine, QList<TextSpan> *oldSpans,
                           QList<TextSpan> *newSpans)
{
    const QStringList a = tokens(oldLine), b = tokens(newLine);
    std::vector<std::string> sa, sb;
    for (const QString &t : a)
        sa.push_back(t.toStdString());
    for (const QString &t : b)
        sb.push_back(t.toStdString());
    std::vector<int> offsetA(a.size() + 1, 0), offsetB(b.size() + 1, 0);
    for (qsizetype i = 0; i < a.size(); ++i)
        offsetA[i + 1] = offsetA[i] + int(a[i].size());
    for (qsizetype i = 0; i < b.size(); ++i)
        offsetB[i + 1] = offsetB[i] + int(b[i].size());
    for (const Edit &e : editScript(sa, sb)) {
        if (e.type == dtl::SES_DELETE && oldSpans)
            addSpan(*oldSpans, offsetA[e.oldIndex], int(a[e.oldIndex].size()));
        else if (e.type == dtl::SES_ADD && newSpans)
            addSpan(*newSpans, offsetB[e.newIndex], int(b[e.newIndex].size()));
    }
}

TextDiff TextDiff::compute(const QString &oldText, const QString &newText, int contextLines)
{
    TextDiff result;
    const std::vector<std::string> a = splitLines(oldText), b = splitLines(newText);
    const std::vector<Edit> edits = editScript(a, b);

    // Side-by-side rows: pair each block of removals with the additions that
    // follow it, so a modified line sits next to its new version.
    std::vector<DiffLine> flat;   // unified order
    for (size_t i = 0; i < edits.size();) {
        if (edits[i].type == dtl::SES_COMMON) {
            const Edit &e = edits[i++];
            const QString text = QString::fromStdString(a[e.oldIndex]);
            flat.push_back({DiffLine::Kind::Context, e.oldIndex + 1, e.newIndex + 1, text, {}});
            result.m_rows.append({SideBySideRow::Kind::Same, e.oldIndex + 1, e.newIndex + 1, text, text, {}, {}});
            continue;
        }
        std::vector<Edit> removed, added;
        while (i < edits.size() && edits[i].type != dtl::SES_COMMON) {
            (edits[i].type == dtl::SES_DELETE ? removed : added).push_back(edits[i]);
            ++i;
        }
        const size_t firstRow = size_t(result.m_rows.size());
        for (size_t k = 0; k < std::max(removed.size(), added.size()); ++k) {
            SideBySideRow row;
            if (k < removed.size()) {
                row.leftLine = removed[k].oldIndex + 1;
                row.left = QString::fromStdString(a[removed[k].oldIndex]);
            }
            if (k < added.size()) {
                row.rightLine = added[k].newIndex + 1;
                row.right = QString::fromStdString(b[added[k].newIndex]);
            }
            row.kind = row.leftLine && row.rightLine ? SideBySideRow::Kind::Changed
                     : row.leftLine                  ? SideBySideRow::Kind::Removed
                                                     : SideBySideRow::Kind::Added;
            if (row.kind == SideBySideRow::Kind::Changed)
                wordChanges(row.left, row.right, &row.leftChanged, &row.rightChanged);
            result.m_rows.append(row);
        }
        for (size_t k = 0; k < removed.size(); ++k) {
            const auto &row = result.m_rows[qsizetype(firstRow + k)];
            flat.push_back({DiffLine::Kind::Removed, row.leftLine, 0, row.left, row.leftChanged});
        }
        for (size_t k = 0; k < added.size(); ++k) {
            const auto &row = result.m_rows[qsizetype(firstRow + k)];
            flat.push_back({DiffLine::Kind::Added, 0, row.rightLine, row.right, row.rightChanged});
        }
        result.m_removed += int(removed.size());
        result.m_added += int(added.size());
    }

    // Unified hunks: changes plus `contextLines` of context, merging hunks
    // whose context would touch.
    const int n = int(flat.size());
    int i = 0;
    while (i < n) {
        while (i < n && flat[size_t(i)].kind == DiffLine::Kind::Context)
            ++i;
        if (i >= n)
            break;
        int start = std::max(0, i - contextLines);
        int end = i;   // exclusive
        int lastChange = i;
        while (end < n) {
            if (flat[size_t(end)].kind != DiffLine::Kind::Context)
                lastChange = end;
            else if (end - lastChange > 2 * contextLines)
                break;
            ++end;
        }
        end = std::min(n, lastChange + contextLines + 1);
        DiffHunk hunk;
        int oldNext = 0, newNext = 0;
        for (int k = start; k < end; ++k) {
            const DiffLine &line = flat[size_t(k)];
            hunk.lines.append(line);
            if (line.kind != DiffLine::Kind::Added) {
                ++hunk.oldCount;
                if (!hunk.oldStart)
                    hunk.oldStart = line.oldLine;
            }
            if (line.kind != DiffLine::Kind::Removed) {
                ++hunk.newCount;
                if (!hunk.newStart)
                    hunk.newStart = line.newLine;
            }
            if (line.oldLine)
                oldNext = line.oldLine;
            if (line.newLine)
                newNext = line.newLine;
        }
        // GNU convention: an empty side starts at the line before the hunk.
        if (!hunk.oldCount)
            hunk.oldStart = std::max(0, oldNext);
        if (!hunk.newCount)
            hunk.newStart = std::max(0, newNext);
        result.m_hunks.append(hunk);
        i = end;
    }
    return result;
}

QList<int> TextDiff::changeStarts() const
{
    QList<int> starts;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].kind != SideBySideRow::Kind::Same && (i == 0 || m_rows[i - 1].kind == SideBySideRow::Kind::Same))
            starts.append(int(i));
    }
    return starts;
}

QString TextDiff::unified(const QString &oldName, const QString &newName) const
{
    if (m_hunks.isEmpty())
        return {};
    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(oldName, newName);
    for (const DiffHunk &hunk : m_hunks) {
        out += hunk.header() + QLatin1Char('\n');
        for (const DiffLine &line : hunk.lines) {
            const char mark = line.kind == DiffLine::Kind::Added ? '+' : line.kind == DiffLine::Kind::Removed ? '-' : ' ';
            out += QLatin1Char(mark) + line.text + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace baton
