#include "baton/LogFilterModel.h"

#include "baton/LogLineModel.h"

namespace baton {

LogFilterModel::LogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);   // new lines are filtered as they come; no sort column is ever set
}

// Qt 6.4 has no begin/endFilterChange: invalidateFilter() after each change.
void LogFilterModel::setService(const QString &service)
{
    if (service == m_service)
        return;
    m_service = service;
    invalidateFilter();
}

void LogFilterModel::setGeneration(std::optional<int> generation)
{
    if (generation == m_generation)
        return;
    m_generation = generation;
    invalidateFilter();
}

void LogFilterModel::setPid(std::optional<qint64> pid)
{
    if (pid == m_pid)
        return;
    m_pid = pid;
    invalidateFilter();
}

void LogFilterModel::setStderrOnly(bool on)
{
    if (on == m_stderrOnly)
        return;
    m_stderrOnly = on;
    invalidateFilter();
}

void LogFilterModel::setMaxPriority(std::optional<int> priority)
{
    if (priority == m_maxPriority)
        return;
    m_maxPriority = priority;
    invalidateFilter();
}

void LogFilterModel::setSearchText(const QString &text)
{
    if (text == m_search)
        return;
    m_search = text;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex index = source->index(sourceRow, LogLineModel::TextColumn, sourceParent);
    // Reading the ring directly keeps a filter pass over 100,000 lines quick;
    // through a proxy (colours) fall back to the roles.
    const auto *lines = qobject_cast<const LogLineModel *>(source);
    if (lines) {
        const LogLineModel::Line &l = lines->lineAt(sourceRow);
        return (m_service.isEmpty() || l.service == m_service) && (!m_generation || l.generation == *m_generation)
               && (!m_pid || l.pid == *m_pid) && (!m_stderrOnly || l.stderrStream) && (!m_maxPriority || l.priority <= *m_maxPriority)
               && (m_search.isEmpty() || l.text.contains(m_search, Qt::CaseInsensitive));
    }
    if (!m_service.isEmpty() && index.data(LogLineModel::ServiceRole).toString() != m_service)
        return false;
    if (m_generation && index.data(LogLineModel::GenerationRole).toInt() != *m_generation)
        return false;
    if (m_pid && index.data(LogLineModel::PidRole).toLongLong() != *m_pid)
        return false;
    if (m_stderrOnly && !index.data(LogLineModel::StderrRole).toBool())
        return false;
    if (m_maxPriority && index.data(LogLineModel::PriorityRole).toInt() > *m_maxPriority)
        return false;
    return m_search.isEmpty() || index.data(LogLineModel::TextRole).toString().contains(m_search, Qt::CaseInsensitive);
}

} // namespace baton
