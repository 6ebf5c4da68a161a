#include "baton/LogLineModel.h"

#include "baton/LogBuffer.h"
#include "baton/TimeFormat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>

#include <algorithm>
#include <iterator>

namespace baton {

LogLineModel::LogLineModel(QObject *parent, int maxLines)
    : QAbstractTableModel(parent), m_maxLines(std::max(1, maxLines))
{
    // Headers follow View > Language at once (models get no LanguageChange
    // of their own); the lines are the workers' words, never translated.
    if (QCoreApplication *app = QCoreApplication::instance())
        app->installEventFilter(this);
}

bool LogLineModel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance())
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    return QAbstractTableModel::eventFilter(watched, event);
}

QString LogLineModel::intern(const QString &service)
{
    const auto it = m_services.constFind(service);
    if (it != m_services.constEnd())
        return *it;
    m_services.insert(service);
    return service;
}

int LogLineModel::appendLines(const QVariantList &lines)
{
    std::vector<Line> batch;
    batch.reserve(size_t(lines.size()));
    qint64 last = m_lastSeq;
    for (const QVariant &value : lines) {
        QString service;
        const std::optional<LogLine> l = LogLine::fromMap(value, &service);
        if (!l || l->seq <= last)
            continue;   // not a line, or one we have (a backlog racing the live stream)
        last = l->seq;
        batch.push_back({l->seq, l->timeMs, intern(service), l->generation, l->pid, l->stream == LogStream::Stderr,
                         int(l->priority), l->cut, QString::fromUtf8(l->text)});
    }
    if (batch.empty())
        return 0;
    m_lastSeq = last;
    // A batch larger than the ring: only its newest lines can stay.
    const size_t keep = std::min(batch.size(), size_t(m_maxLines));
    m_droppedHere += qint64(batch.size() - keep);
    trimTo(int(size_t(m_maxLines) - keep));
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(keep) - 1);
    std::move(batch.end() - qsizetype(keep), batch.end(), std::back_inserter(m_lines));
    endInsertRows();
    return int(keep);
}

void LogLineModel::trimTo(int max)
{
    const int excess = int(m_lines.size()) - max;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_lines.erase(m_lines.begin(), m_lines.begin() + excess);
    m_droppedHere += excess;
    endRemoveRows();
}

void LogLineModel::clear()
{
    beginResetModel();
    m_lines.clear();
    m_services.clear();
    m_lastSeq = 0;
    m_droppedHere = 0;
    endResetModel();
}

void LogLineModel::setMaxLines(int max)
{
    m_maxLines = std::max(1, max);
    trimTo(m_maxLines);
}

QString LogLineModel::lineText(const Line &line)
{
    return QStringLiteral("%1 %2#%3[%4] %5: %6")
        .arg(QDateTime::fromMSecsSinceEpoch(line.timeMs).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")), line.service)
        .arg(line.generation)
        .arg(line.pid)
        .arg(line.stderrStream ? QStringLiteral("stderr") : QStringLiteral("stdout"), line.text);
}

int LogLineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int LogLineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogLineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_lines.size()))
        return {};
    const Line &l = m_lines[size_t(index.row())];
    switch (role) {
    case SeqRole: return l.seq;
    case ServiceRole: return l.service;
    case GenerationRole: return l.generation;
    case PidRole: return l.pid;
    case StderrRole: return l.stderrStream;
    case PriorityRole: return l.priority;
    case TextRole: return l.text;
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:   // the date in the tooltip, the column stays narrow
            return role == Qt::ToolTipRole ? formatDateTime(QDateTime::fromMSecsSinceEpoch(l.timeMs), true)
                                           : formatTime(QDateTime::fromMSecsSinceEpoch(l.timeMs), true);
        case ServiceColumn: return l.service;
        case GenerationColumn: return l.generation;
        case PidColumn: return l.pid;
        case StreamColumn:
            if (l.priority == DefaultLogPriority)
                return l.stderrStream ? tr("stderr") : tr("stdout");
            return QStringLiteral("%1 <%2>").arg(l.stderrStream ? tr("stderr") : tr("stdout"), logPriorityName(l.priority));
        case TextColumn: return l.text;
        default: return {};
        }
    case UnderlyingDataRole:
        switch (index.column()) {
        case TimeColumn: return QDateTime::fromMSecsSinceEpoch(l.timeMs).toUTC();
        case ServiceColumn: return l.service;
        case GenerationColumn: return l.generation;
        case PidColumn: return l.pid;
        case StreamColumn: return l.stderrStream ? QStringLiteral("stderr") : QStringLiteral("stdout");
        case TextColumn: return l.text;
        default: return {};
        }
    default: return {};
    }
}

QVariant LogLineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case ServiceColumn: return tr("Service");
    case GenerationColumn: return tr("Gen.");
    case PidColumn: return tr("PID");
    case StreamColumn: return tr("Stream");
    case TextColumn: return tr("Output");
    default: return {};
    }
}

} // namespace baton
