#pragma once

#include "DiffView.h"

#include <QList>

namespace baton {

class DiffPane;

// Old text left, new text right, row by row (TextDiff::rows()): a modified
// line sits beside its new version, an added or removed one beside an empty
// filler row. The panes scroll together.
class SideBySideDiffView final : public DiffView {
    Q_OBJECT
public:
    explicit SideBySideDiffView(QWidget *parent = nullptr);

    void setDiff(const TextDiff &diff) override;
    void goToChange(int index) override;

    DiffPane *leftPane() const { return m_left; }
    DiffPane *rightPane() const { return m_right; }

private:
    DiffPane *m_left;
    DiffPane *m_right;
    QList<int> m_changeStarts;
};

} // namespace baton
