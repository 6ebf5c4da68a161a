#pragma once

#include "baton/EventModel.h"

#include <QDateTime>
#include <QSortFilterProxyModel>
#include <QString>

#include <optional>

namespace baton {

// The timeline's filters over an EventModel: service, category, kind, a
// time window and free-text search (message, kind, service, PID, reason,
// exit code, signal; case-insensitive). Every filter is off when empty.
// Sorting the time column sorts by seq, so events of the same millisecond
// keep the daemon's order.
class EventFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit EventFilterModel(QObject *parent = nullptr);

    void setService(const QString &service);
    void setCategory(std::optional<EventModel::Category> category);
    void setKind(const QString &kind);
    void setTimeRange(const QDateTime &from, const QDateTime &to = {});
    void setSearchText(const QString &text);

    QString service() const { return m_service; }
    std::optional<EventModel::Category> category() const { return m_category; }
    QString kind() const { return m_kind; }
    QString searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_service;
    std::optional<EventModel::Category> m_category;
    QString m_kind;
    QDateTime m_from;
    QDateTime m_to;
    QString m_search;
};

} // namespace baton
