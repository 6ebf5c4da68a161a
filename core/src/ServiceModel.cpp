#include "baton/ServiceModel.h"

namespace baton {

ServiceModel::ServiceModel(QObject *parent)
    : SnapshotTableModel(parent)
{
}

QString ServiceModel::stateText(const QString &state)
{
    if (state == QLatin1String("starting"))
        return tr("starting");
    if (state == QLatin1String("running"))
        return tr("running");
    if (state == QLatin1String("reloading"))
        return tr("reloading");
    if (state == QLatin1String("degraded"))
        return tr("degraded");
    if (state == QLatin1String("failed"))
        return tr("failed");
    if (state == QLatin1String("stopping"))
        return tr("stopping");
    if (state == QLatin1String("stopped"))
        return tr("stopped");
    return state;
}

ServiceModel::Row ServiceModel::rowFrom(const QVariantMap &service)
{
    Row row;
    row.name = service.value(QStringLiteral("name")).toString();
    row.state = service.value(QStringLiteral("state")).toString();
    row.failure = service.value(QStringLiteral("failure")).toString();
    row.stoppedByRequest = service.value(QStringLiteral("stopped_by_request")).toBool();
    row.generation = service.value(QStringLiteral("generation")).toInt();
    row.workersWanted = service.value(QStringLiteral("workers_wanted")).toInt();
    row.restarts = service.value(QStringLiteral("restarts_in_window")).toInt();
    row.generations = service.value(QStringLiteral("generations")).toList();
    // "Ready" counts what serves now, as batond counts it (never re-derived here).
    row.workersReady = service.value(QStringLiteral("ready_workers")).toInt();
    row.raw = service;
    return row;
}

void ServiceModel::updateFromStatus(const QVariantMap &status)
{
    QList<Row> next;
    for (const QVariant &s : status.value(QStringLiteral("services")).toList())
        next << rowFrom(s.toMap());
    applySnapshot(m_rows, next, [](const Row &r) { return r.name; }, [](const Row &a, const Row &b, int column) {
        // The generation cell also stands for the draining/starting ones
        // (GenerationsRole), so their changes count there.
        if (column == GenerationColumn && a.generations != b.generations)
            return false;
        if (column == StateColumn && a.failure != b.failure)   // its tooltip
            return false;
        return rawValue(a, column) == rawValue(b, column);
    });
}

void ServiceModel::clear()
{
    clearRows(m_rows);
}

int ServiceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServiceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServiceModel::rawValue(const Row &row, int column)
{
    switch (column) {
    case NameColumn: return row.name;
    case StateColumn: return row.stoppedByRequest ? QStringLiteral("stopped by request") : row.state;
    case GenerationColumn: return row.generation;
    case WorkersColumn: return row.workersReady * 1000 + row.workersWanted;   // sorts by ready, then wanted
    case RestartsColumn: return row.restarts;
    default: return {};
    }
}

QVariant ServiceModel::display(const Row &row, int column) const
{
    switch (column) {
    case NameColumn: return row.name;
    case StateColumn: return row.stoppedByRequest ? tr("stopped by request") : stateText(row.state);
    case GenerationColumn: return row.generation > 0 ? QString::number(row.generation) : QStringLiteral("–");
    case WorkersColumn: return QStringLiteral("%1/%2").arg(row.workersReady).arg(row.workersWanted);
    case RestartsColumn: return row.restarts;
    default: return {};
    }
}

QVariant ServiceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case UnderlyingDataRole: return rawValue(row, index.column());
    case NameRole: return row.name;
    case StateRole: return row.state;
    case GenerationsRole: return row.generations;
    case ServiceMapRole: return row.raw;
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && !row.failure.isEmpty())
            return row.failure;   // batond's words: why, and what starts it again
        if (index.column() == WorkersColumn)
            return tr("Ready workers of the current generation: %1 of %2 wanted").arg(row.workersReady).arg(row.workersWanted);
        if (index.column() == RestartsColumn)
            return tr("Crash restarts within the restart window");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= GenerationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant ServiceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Service");
    case StateColumn: return tr("State");
    case GenerationColumn: return tr("Generation");
    case WorkersColumn: return tr("Ready");
    case RestartsColumn: return tr("Restarts");
    default: return {};
    }
}

int ServiceModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].name == name)
            return int(i);
    }
    return -1;
}

QStringList ServiceModel::names() const
{
    QStringList out;
    for (const Row &row : m_rows)
        out << row.name;
    return out;
}

QVariantMap ServiceModel::service(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? QVariantMap{} : m_rows[row].raw;
}

} // namespace baton
