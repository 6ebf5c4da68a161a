#pragma once

#include "baton/TextDiff.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace baton {

class DiffView;

// Owns the diff between two texts (old = the running config, new = the
// edited or historical one) and drives every attached DiffView: the same
// diff, the same current change. TextDiff does the diffing; the views only
// draw.
class DiffController final : public QObject {
    Q_OBJECT
public:
    explicit DiffController(QObject *parent = nullptr);

    void addView(DiffView *view);
    // Recomputes only when a text changed, so repeated validations of the
    // same text keep the views' scroll positions and current change.
    void setTexts(const QString &oldText, const QString &newText);
    void clear();

    const TextDiff &diff() const { return m_diff; }
    bool hasTexts() const { return m_hasTexts; }
    QString oldText() const { return m_old; }
    QString newText() const { return m_new; }
    int changeCount() const { return int(m_changeStarts.size()); }
    int currentChange() const { return m_current; }   // -1 before the first "next"

public Q_SLOTS:
    void goToChange(int index);
    void nextChange();
    void previousChange();

Q_SIGNALS:
    void diffChanged();
    void currentChangeChanged(int index, int count);

private:
    QList<QPointer<DiffView>> m_views;
    TextDiff m_diff;
    QList<int> m_changeStarts;
    QString m_old;
    QString m_new;
    bool m_hasTexts = false;
    int m_current = -1;
};

} // namespace baton
