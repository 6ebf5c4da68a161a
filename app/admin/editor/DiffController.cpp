#include "DiffController.h"

#include "DiffView.h"

namespace baton {

DiffController::DiffController(QObject *parent)
    : QObject(parent)
{
}

void DiffController::addView(DiffView *view)
{
    m_views.append(view);
    view->setDiff(m_diff);
    view->goToChange(m_current);
}

void DiffController::setTexts(const QString &oldText, const QString &newText)
{
    if (m_hasTexts && oldText == m_old && newText == m_new)
        return;
    m_old = oldText;
    m_new = newText;
    m_hasTexts = true;
    m_diff = TextDiff::compute(oldText, newText);
    m_changeStarts = m_diff.changeStarts();
    for (const QPointer<DiffView> &view : std::as_const(m_views)) {
        if (view)
            view->setDiff(m_diff);
    }
    Q_EMIT diffChanged();
    // Keep the place while typing: the nth change stays current if it still exists.
    m_current = std::min(m_current, changeCount() - 1);
    for (const QPointer<DiffView> &view : std::as_const(m_views)) {
        if (view && m_current >= 0)
            view->goToChange(m_current);
    }
    Q_EMIT currentChangeChanged(m_current, changeCount());
}

void DiffController::clear()
{
    m_old.clear();
    m_new.clear();
    m_hasTexts = false;
    m_diff = TextDiff();
    m_changeStarts.clear();
    m_current = -1;
    for (const QPointer<DiffView> &view : std::as_const(m_views)) {
        if (view)
            view->setDiff(m_diff);
    }
    Q_EMIT diffChanged();
    Q_EMIT currentChangeChanged(m_current, 0);
}

void DiffController::goToChange(int index)
{
    if (index < 0 || index >= changeCount())
        return;
    m_current = index;
    for (const QPointer<DiffView> &view : std::as_const(m_views)) {
        if (view)
            view->goToChange(index);
    }
    Q_EMIT currentChangeChanged(m_current, changeCount());
}

void DiffController::nextChange()
{
    if (changeCount())
        goToChange(m_current + 1 < changeCount() ? m_current + 1 : 0);   // wraps around
}

void DiffController::previousChange()
{
    if (changeCount())
        goToChange(m_current > 0 ? m_current - 1 : changeCount() - 1);
}

} // namespace baton
