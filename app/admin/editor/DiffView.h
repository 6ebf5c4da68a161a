#pragma once

#include <QWidget>

namespace baton {

class TextDiff;

// One way of showing a TextDiff. DiffController drives every view through
// this interface only; a view keeps no state the controller does not give it.
class DiffView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual void setDiff(const TextDiff &diff) = 0;
    // Scrolls to the `index`th block of changes (an index into
    // TextDiff::changeStarts()) and marks it as current.
    virtual void goToChange(int index) = 0;
};

} // namespace baton
