#include "baton/WorkerModel.h"

#include <QLocale>

namespace baton {

namespace {

const QString NotSampled = QStringLiteral("–");

} // namespace

WorkerModel::WorkerModel(QObject *parent)
    : SnapshotTableModel(parent)
{
}

QString WorkerModel::stateText(const QString &state)
{
    if (state == QLatin1String("starting"))
        return tr("starting");
    if (state == QLatin1String("ready"))
        return tr("ready");
    if (state == QLatin1String("draining"))
        return tr("draining");
    return state;
}

QString WorkerModel::formatUptime(qint64 ms)
{
    if (ms < 0)
        return NotSampled;
    const qint64 s = ms / 1000;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString WorkerModel::formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return NotSampled;
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

void WorkerModel::updateFromStatus(const QVariantMap &status)
{
    QList<Row> next;
    for (const QVariant &s : status.value(QStringLiteral("services")).toList()) {
        const QVariantMap service = s.toMap();
        const QString name = service.value(QStringLiteral("name")).toString();
        for (const QVariant &w : service.value(QStringLiteral("workers")).toList()) {
            const QVariantMap worker = w.toMap();
            Row row;
            row.pid = worker.value(QStringLiteral("pid")).toLongLong();
            row.service = name;
            row.generation = worker.value(QStringLiteral("generation")).toInt();
            row.slot = worker.value(QStringLiteral("slot")).toInt();
            row.state = worker.value(QStringLiteral("state")).toString();
            row.uptimeMs = worker.value(QStringLiteral("uptime_ms")).toLongLong();
            row.fds = worker.value(QStringLiteral("fds"), -1).toLongLong();
            row.rssBytes = worker.value(QStringLiteral("rss_bytes"), -1).toLongLong();
            row.cpuPercent = worker.value(QStringLiteral("cpu_percent"), -1).toDouble();
            row.status = worker.value(QStringLiteral("status")).toString();
            row.restartRefused = worker.value(QStringLiteral("restart_refused")).toString();
            row.raw = worker;
            next << row;
        }
    }
    applySnapshot(m_rows, next, [](const Row &r) { return r.pid; }, [](const Row &a, const Row &b, int column) {
        // Uptime is compared as shown: a new millisecond count alone repaints nothing.
        if (column == UptimeColumn)
            return formatUptime(a.uptimeMs) == formatUptime(b.uptimeMs);
        // A changed restart verdict is a change of the state cell: what acts on
        // the row (the Restart action) hears of it in the tick's dataChanged.
        if (column == StateColumn && a.restartRefused != b.restartRefused)
            return false;
        return rawValue(a, column) == rawValue(b, column);
    });
}

void WorkerModel::clear()
{
    clearRows(m_rows);
}

int WorkerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WorkerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkerModel::rawValue(const Row &row, int column)
{
    switch (column) {
    case PidColumn: return row.pid;
    case ServiceColumn: return row.service;
    case GenerationColumn: return row.generation;
    case StateColumn: return row.state;
    case UptimeColumn: return row.uptimeMs;
    case FdsColumn: return row.fds;
    case RssColumn: return row.rssBytes;
    case CpuColumn: return row.cpuPercent;
    case StatusColumn: return row.status;
    default: return {};
    }
}

QVariant WorkerModel::display(const Row &row, int column)
{
    switch (column) {
    case PidColumn: return QString::number(row.pid);
    case ServiceColumn: return row.service;
    case GenerationColumn: return QString::number(row.generation);
    case StateColumn: return stateText(row.state);
    case UptimeColumn: return formatUptime(row.uptimeMs);
    case FdsColumn: return row.fds < 0 ? NotSampled : QString::number(row.fds);
    case RssColumn: return formatBytes(row.rssBytes);
    case CpuColumn: return row.cpuPercent < 0 ? NotSampled : tr("%1 %").arg(QLocale().toString(row.cpuPercent, 'f', 1));
    case StatusColumn: return row.status;
    default: return {};
    }
}

QVariant WorkerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case UnderlyingDataRole: return rawValue(row, index.column());
    case PidRole: return row.pid;
    case WorkerMapRole: return row.raw;
    case RestartRefusalRole: return row.restartRefused;
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && !row.status.isEmpty())
            return row.status;
        if (index.column() == PidColumn)
            return tr("Slot %1 of generation %2").arg(row.slot).arg(row.generation);
        if (row.fds < 0 && (index.column() == FdsColumn || index.column() == RssColumn || index.column() == CpuColumn))
            return tr("Not sampled yet");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == StateColumn || index.column() == ServiceColumn)
            return {};
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
    }
}

QVariant WorkerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PidColumn: return tr("PID");
    case ServiceColumn: return tr("Service");
    case GenerationColumn: return tr("Generation");
    case StateColumn: return tr("State");
    case UptimeColumn: return tr("Uptime");
    case FdsColumn: return tr("FDs");
    case RssColumn: return tr("RSS");
    case CpuColumn: return tr("CPU");
    case StatusColumn: return tr("Status");
    default: return {};
    }
}

int WorkerModel::rowOfPid(qint64 pid) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].pid == pid)
            return int(i);
    }
    return -1;
}

} // namespace baton
