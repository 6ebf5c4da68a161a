#include "baton/EventFilterModel.h"

namespace baton {

EventFilterModel::EventFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EventModel::UnderlyingDataRole);
}

void EventFilterModel::setService(const QString &service)
{
    if (service == m_service)
        return;
    m_service = service;
    invalidateRowsFilter();
}

void EventFilterModel::setCategory(std::optional<EventModel::Category> category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidateRowsFilter();
}

void EventFilterModel::setKind(const QString &kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    invalidateRowsFilter();
}

void EventFilterModel::setTimeRange(const QDateTime &from, const QDateTime &to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    invalidateRowsFilter();
}

void EventFilterModel::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    invalidateRowsFilter();
}

bool EventFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QVariantMap event = index.data(EventModel::EventMapRole).toMap();
    if (!m_service.isEmpty() && event.value(QStringLiteral("service")).toString() != m_service)
        return false;
    const auto category = EventModel::Category(index.data(EventModel::CategoryRole).toInt());
    if (m_category && category != *m_category)
        return false;
    if (!m_kind.isEmpty() && event.value(QStringLiteral("kind")).toString() != m_kind)
        return false;
    if (m_from.isValid() || m_to.isValid()) {
        const QDateTime time = index.data(EventModel::TimeRole).toDateTime();
        if ((m_from.isValid() && time < m_from) || (m_to.isValid() && time > m_to))
            return false;
    }
    if (m_search.isEmpty())
        return true;
    const QString kind = event.value(QStringLiteral("kind")).toString();
    const QStringList haystack{
        event.value(QStringLiteral("message")).toString(),
        kind,
        EventModel::kindText(kind, category),
        event.value(QStringLiteral("service")).toString(),
        event.value(QStringLiteral("pid")).toString(),
        event.value(QStringLiteral("reason")).toString(),
        event.value(QStringLiteral("exit_code")).toString(),
        event.value(QStringLiteral("signal")).toString(),
    };
    for (const QString &text : haystack) {
        if (text.contains(m_search, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool EventFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == EventModel::TimeColumn)
        return left.data(EventModel::SeqRole).toLongLong() < right.data(EventModel::SeqRole).toLongLong();
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace baton
