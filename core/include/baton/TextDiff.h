#pragma once

#include <QList>
#include <QString>

namespace baton {

// A changed range inside one line, in QString indices.
struct TextSpan {
    int start = 0;
    int length = 0;
    bool operator==(const TextSpan &) const = default;
};

struct DiffLine {
    enum class Kind { Context, Removed, Added };
    Kind kind = Kind::Context;
    int oldLine = 0;          // 1-based; 0 when the line is not on that side
    int newLine = 0;
    QString text;
    QList<TextSpan> changed;  // word-level changes within the line
};

struct DiffHunk {
    int oldStart = 0, oldCount = 0, newStart = 0, newCount = 0;
    QList<DiffLine> lines;
    QString header() const;   // "@@ -3,7 +3,8 @@"
};

// One row of a side-by-side view: a line on the left, the right, or both.
struct SideBySideRow {
    enum class Kind { Same, Changed, Removed, Added };
    Kind kind = Kind::Same;
    int leftLine = 0, rightLine = 0;   // 0 = empty cell
    QString left, right;
    QList<TextSpan> leftChanged, rightChanged;
};

// A pure, line-based text diff (dtl's O(NP) algorithm) with word-level marks,
// shared by the unified and side-by-side views of the admin app and by
// `batonctl diff`. Holds no state beyond its result.
class TextDiff final {
public:
    static TextDiff compute(const QString &oldText, const QString &newText, int contextLines = 3);

    const QList<DiffHunk> &hunks() const { return m_hunks; }
    const QList<SideBySideRow> &rows() const { return m_rows; }    // whole file
    QList<int> changeStarts() const;   // row indices where a block of changes begins
    bool isIdentical() const { return m_hunks.isEmpty(); }
    int addedLines() const { return m_added; }
    int removedLines() const { return m_removed; }

    QString unified(const QString &oldName, const QString &newName) const;

    // Word-level difference between two lines: changed spans on each side.
    static void wordChanges(const QString &oldLine, const QString &newLine, QList<TextSpan> *oldSpans,
                            QList<TextSpan> *newSpans);

private:
    QList<DiffHunk> m_hunks;
    QList<SideBySideRow> m_rows;
    int m_added = 0;
    int m_removed = 0;
};

} // namespace baton
