#include "SideBySideDiffView.h"

#include "DiffPane.h"

#include "baton/TextDiff.h"

#include <QHBoxLayout>
#include <QScrollBar>

namespace baton {

SideBySideDiffView::SideBySideDiffView(QWidget *parent)
    : DiffView(parent), m_left(new DiffPane(this)), m_right(new DiffPane(this))
{
    m_left->setObjectName(QStringLiteral("leftPane"));
    m_right->setObjectName(QStringLiteral("rightPane"));
    // One vertical scroll bar, the right one, scrolls both.
    m_left->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const auto sync = [](QScrollBar *a, QScrollBar *b) {
        connect(a, &QScrollBar::valueChanged, b, &QScrollBar::setValue);
        connect(b, &QScrollBar::valueChanged, a, &QScrollBar::setValue);
    };
    sync(m_left->verticalScrollBar(), m_right->verticalScrollBar());
    sync(m_left->horizontalScrollBar(), m_right->horizontalScrollBar());

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_left);
    layout->addWidget(m_right);
}

void SideBySideDiffView::setDiff(const TextDiff &diff)
{
    QList<DiffPane::Row> left, right;
    for (const SideBySideRow &row : diff.rows()) {
        using K = SideBySideRow::Kind;
        const bool changed = row.kind != K::Same;
        DiffPane::Row l, r;
        if (row.leftLine) {
            l = {changed ? DiffPane::Kind::Removed : DiffPane::Kind::Context, QString::number(row.leftLine), row.left,
                 row.leftChanged};
        } else {
            l.kind = DiffPane::Kind::Filler;
        }
        if (row.rightLine) {
            r = {changed ? DiffPane::Kind::Added : DiffPane::Kind::Context, QString::number(row.rightLine), row.right,
                 row.rightChanged};
        } else {
            r.kind = DiffPane::Kind::Filler;
        }
        left.append(l);
        right.append(r);
    }
    m_left->setRows(left);
    m_right->setRows(right);
    m_changeStarts = diff.changeStarts();
}

void SideBySideDiffView::goToChange(int index)
{
    const int row = index >= 0 && index < m_changeStarts.size() ? m_changeStarts[index] : -1;
    m_left->setCurrentRow(row);
    m_right->setCurrentRow(row);
    if (row >= 0)
        m_right->scrollToRow(row);   // the left follows through the synced scroll bar
}

} // namespace baton
