#include "UnifiedDiffView.h"

#include "DiffPane.h"

#include "baton/TextDiff.h"

#include <QVBoxLayout>

namespace baton {

UnifiedDiffView::UnifiedDiffView(QWidget *parent)
    : DiffView(parent), m_pane(new DiffPane(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pane);
}

void UnifiedDiffView::setDiff(const TextDiff &diff)
{
    int oldWidth = 1, newWidth = 1;
    for (const DiffHunk &hunk : diff.hunks()) {
        oldWidth = std::max(oldWidth, int(QString::number(hunk.oldStart + hunk.oldCount).size()));
        newWidth = std::max(newWidth, int(QString::number(hunk.newStart + hunk.newCount).size()));
    }
    const auto number = [](int n, int width) { return (n ? QString::number(n) : QString()).rightJustified(width); };

    QList<DiffPane::Row> rows;
    m_changeRows.clear();
    for (const DiffHunk &hunk : diff.hunks()) {
        rows.append({DiffPane::Kind::Header, QString(), hunk.header(), {}});
        bool inChange = false;
        for (const DiffLine &line : hunk.lines) {
            const bool change = line.kind != DiffLine::Kind::Context;
            if (change && !inChange)
                m_changeRows.append(int(rows.size()));
            inChange = change;
            const QChar mark = line.kind == DiffLine::Kind::Added ? QLatin1Char('+')
                             : line.kind == DiffLine::Kind::Removed ? QLatin1Char('-') : QLatin1Char(' ');
            const DiffPane::Kind kind = line.kind == DiffLine::Kind::Added ? DiffPane::Kind::Added
                                      : line.kind == DiffLine::Kind::Removed ? DiffPane::Kind::Removed
                                                                             : DiffPane::Kind::Context;
            rows.append({kind, number(line.oldLine, oldWidth) + QLatin1Char(' ') + number(line.newLine, newWidth)
                                   + QLatin1Char(' ') + mark,
                         line.text, line.changed});
        }
    }
    m_pane->setRows(rows);
}

void UnifiedDiffView::goToChange(int index)
{
    const int row = index >= 0 && index < m_changeRows.size() ? m_changeRows[index] : -1;
    m_pane->setCurrentRow(row);
    if (row >= 0)
        m_pane->scrollToRow(row);
}

} // namespace baton
