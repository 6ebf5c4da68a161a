#pragma once

#include "DiffView.h"

#include <QList>

namespace baton {

class DiffPane;

// The hunks of a TextDiff one after the other, each under its
// "@@ -a,b +c,d @@" header; the gutter holds old and new line numbers and
// the +/- mark, so the text itself stays plain TOML.
class UnifiedDiffView final : public DiffView {
    Q_OBJECT
public:
    explicit UnifiedDiffView(QWidget *parent = nullptr);

    void setDiff(const TextDiff &diff) override;
    void goToChange(int index) override;

    DiffPane *pane() const { return m_pane; }

private:
    DiffPane *m_pane;
    QList<int> m_changeRows;   // row of each block of changes, in changeStarts() order
};

} // namespace baton
