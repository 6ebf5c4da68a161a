#pragma once

#include <QAbstractTableModel>
#include <QCoreApplication>
#include <QEvent>
#include <QHash>
#include <QList>
#include <QSet>

#include <algorithm>
#include <climits>

namespace baton {

// Base of the table models fed with whole snapshots (services, workers):
// applySnapshot() turns "here is the new list" into precise row removals
// and insertions plus ONE dataChanged covering every changed cell, instead
// of a reset that would lose selection, sorting state and scroll position.
class SnapshotTableModel : public QAbstractTableModel {
public:
    explicit SnapshotTableModel(QObject *parent = nullptr)
        : QAbstractTableModel(parent)
    {
        // Models get no LanguageChange of their own: watch the application's,
        // so headers and state words follow View > Language at once.
        if (QCoreApplication *app = QCoreApplication::instance())
            app->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance()) {
            const int columns = columnCount(), rows = rowCount();
            if (columns > 0) {
                Q_EMIT headerDataChanged(Qt::Horizontal, 0, columns - 1);
                if (rows > 0)
                    Q_EMIT dataChanged(index(0, 0), index(rows - 1, columns - 1), {Qt::DisplayRole, Qt::ToolTipRole});
            }
        }
        return QAbstractTableModel::eventFilter(watched, event);
    }

protected:
    // `key(row)` identifies a row across snapshots; `same(old, new, column)`
    // tells whether a cell still shows the same thing. Rows that stay keep
    // their position; new rows are appended in snapshot order.
    template <typename Row, typename KeyFn, typename SameFn>
    void applySnapshot(QList<Row> &rows, const QList<Row> &next, KeyFn key, SameFn same)
    {
        using Key = decltype(key(next.value(0)));
        QHash<Key, qsizetype> nextIndex;
        nextIndex.reserve(next.size());
        for (qsizetype i = 0; i < next.size(); ++i)
            nextIndex.insert(key(next[i]), i);

        // Bottom-up, one signal pair per contiguous block of vanished rows.
        for (qsizetype i = rows.size() - 1; i >= 0;) {
            if (nextIndex.contains(key(rows[i]))) {
                --i;
                continue;
            }
            const qsizetype last = i;
            while (i >= 0 && !nextIndex.contains(key(rows[i])))
                --i;
            beginRemoveRows({}, int(i + 1), int(last));
            rows.remove(i + 1, last - i);
            endRemoveRows();
        }

        int top = INT_MAX, left = INT_MAX, bottom = -1, right = -1;
        const int columns = columnCount();
        QSet<Key> present;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            const Row &fresh = next[nextIndex.value(key(rows[r]))];
            for (int c = 0; c < columns; ++c) {
                if (same(rows[r], fresh, c))
                    continue;
                top = std::min(top, int(r));
                bottom = std::max(bottom, int(r));
                left = std::min(left, c);
                right = std::max(right, c);
            }
            rows[r] = fresh;
            present.insert(key(fresh));
        }
        if (bottom >= 0)
            Q_EMIT dataChanged(index(top, left), index(bottom, right));

        QList<Row> added;
        for (const Row &row : next) {
            if (present.contains(key(row)))
                continue;
            added << row;
            present.insert(key(row));   // a key twice in one snapshot makes one row
        }
        if (added.isEmpty())
            return;
        beginInsertRows({}, int(rows.size()), int(rows.size() + added.size() - 1));
        rows += added;
        endInsertRows();
    }

    template <typename Row>
    void clearRows(QList<Row> &rows)
    {
        if (rows.isEmpty())
            return;
        beginRemoveRows({}, 0, int(rows.size() - 1));
        rows.clear();
        endRemoveRows();
    }
};

} // namespace baton
