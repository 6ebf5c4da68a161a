#include "baton/EventModel.h"

#include "baton/Event.h"
#include "baton/EventText.h"
#include "baton/TimeFormat.h"
#include "baton/ExitCause.h"

#include <QCoreApplication>
#include <QEvent>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace baton {

EventModel::EventModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    // Models get no LanguageChange of their own: watch the application's,
    // so headers and sentences follow View > Language at once.
    if (QCoreApplication *app = QCoreApplication::instance())
        app->installEventFilter(this);
}

bool EventModel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance()) {
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size() - 1), ColumnCount - 1), {Qt::DisplayRole, Qt::ToolTipRole});
    }
    return QAbstractTableModel::eventFilter(watched, event);
}

EventModel::Category EventModel::category(const QVariantMap &event)
{
    const QString kind = event.value(QStringLiteral("kind")).toString();
    if (kind == EventKind::Exit || kind == EventKind::Kill) {
        // batond decided the cause (ExitCause.h); only failures are crashes,
        // its own kills and drains never are.
        if (const auto cause = exitCauseFromName(event.value(QStringLiteral("cause")).toString()))
            return kind == EventKind::Exit && isFailure(*cause) ? Category::Crash : Category::Lifecycle;
        if (kind == EventKind::Kill)
            return Category::Lifecycle;
        // Logs written before exit causes existed: the message ends with the
        // worker's state at exit, and a draining worker was told to stop.
        static const QRegularExpression draining(QStringLiteral("\\(draining\\)\\s*$"));
        return draining.match(event.value(QStringLiteral("message")).toString()).hasMatch() ? Category::Lifecycle : Category::Crash;
    }
    if (kind == EventKind::ExecFailed || kind == EventKind::WatchdogTimeout)
        return Category::Crash;
    if (kind == EventKind::RestartScheduled)
        return Category::Restart;
    if (kind == EventKind::StormBreaker)
        return Category::StormBreaker;
    if (kind == EventKind::ReloadRolledBack || kind == EventKind::ReloadRejected)
        return Category::Rollback;
    if (kind == EventKind::ReloadFinished)   // its reason lists the services rolled back
        return event.value(QStringLiteral("reason")).toString().isEmpty() ? Category::Reload : Category::Rollback;
    if (kind == EventKind::ReloadStarted || kind == EventKind::GenerationReady || kind == EventKind::Scale || kind == EventKind::Reset)
        return Category::Reload;
    if (kind == EventKind::ConfigApplied || kind == EventKind::ConfigChanged)
        return Category::Config;
    if (kind.startsWith(QLatin1String("daemon-")))
        return Category::Daemon;
    return Category::Lifecycle;
}

QString EventModel::causeText(const QString &cause)
{
    switch (exitCauseFromName(cause).value_or(ExitCause::Crash)) {
    case ExitCause::Crash: return tr("Crashed");
    case ExitCause::Drained: return tr("Drained");
    case ExitCause::KilledDrainDeadline: return tr("Killed at the drain deadline");
    case ExitCause::KilledNotReady: return tr("Killed: never ready");
    case ExitCause::KilledRollback: return tr("Killed: rolled back");
    case ExitCause::KilledWatchdog: return tr("Killed: watchdog");
    case ExitCause::KilledStop: return tr("Killed: stopping");
    case ExitCause::OomKilled: return tr("Killed: out of memory");
    case ExitCause::SignalNotFromBatond: return tr("Killed by an outside signal");
    case ExitCause::SignalledByRequest: return tr("Exited after an operator's signal");
    case ExitCause::RestartedByRequest: return tr("Restarted on request");
    case ExitCause::StoppedByRequest: return tr("Stopped on request");
    }
    return {};
}

QString EventModel::kindText(const QString &kind, Category category, const QString &cause)
{
    if (kind == EventKind::Exit && exitCauseFromName(cause))
        return causeText(cause);
    if (kind == EventKind::Exit)
        return category == Category::Crash ? tr("Crashed") : tr("Exited");
    if (kind == EventKind::Spawn)
        return tr("Spawned");
    if (kind == EventKind::Ready)
        return tr("Ready");
    if (kind == EventKind::ExecFailed)
        return tr("Exec failed");
    if (kind == EventKind::GenerationReady)
        return tr("Generation ready");
    if (kind == EventKind::GenerationHolding)
        return tr("Generation holding");
    if (kind == EventKind::RestartScheduled)
        return tr("Restart scheduled");
    if (kind == EventKind::StormBreaker)
        return tr("Storm breaker");
    if (kind == EventKind::Drain)
        return tr("Draining");
    if (kind == EventKind::Kill)
        return tr("Killed");
    if (kind == EventKind::ReloadStarted)
        return tr("Reload started");
    if (kind == EventKind::ReloadFinished)
        return category == Category::Rollback ? tr("Reload finished, rolled back") : tr("Reload finished");
    if (kind == EventKind::ReloadRolledBack)
        return tr("Rolled back");
    if (kind == EventKind::ReloadRejected)
        return tr("Reload rejected");
    if (kind == EventKind::Scale)
        return tr("Scaled");
    if (kind == EventKind::WatchdogTimeout)
        return tr("Watchdog timeout");
    if (kind == EventKind::Reset)
        return tr("Reset");
    if (kind == EventKind::ConfigApplied)
        return tr("Config applied");
    if (kind == EventKind::ConfigChanged)
        return tr("Config changed on disk");
    if (kind == EventKind::DaemonStarted)
        return tr("Daemon started");
    if (kind == EventKind::DaemonStopping)
        return tr("Daemon stopping");
    if (kind == EventKind::DaemonStopped)
        return tr("Daemon stopped");
    return kind;
}

QString EventModel::categoryText(Category category)
{
    switch (category) {
    case Category::Lifecycle: return tr("Worker lifecycle");
    case Category::Crash: return tr("Crashes");
    case Category::Restart: return tr("Restarts");
    case Category::Reload: return tr("Reloads");
    case Category::Rollback: return tr("Rollbacks");
    case Category::StormBreaker: return tr("Storm breaker");
    case Category::Config: return tr("Configuration");
    case Category::Daemon: return tr("Daemon");
    }
    return {};
}

QList<EventModel::Category> EventModel::categories()
{
    return {Category::Crash,  Category::Restart, Category::StormBreaker, Category::Reload,
            Category::Rollback, Category::Config, Category::Lifecycle,   Category::Daemon};
}

EventModel::Row EventModel::rowFrom(const QVariantMap &event)
{
    Row row;
    row.seq = event.value(QStringLiteral("seq")).toLongLong();
    row.time = QDateTime::fromString(event.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    row.kind = event.value(QStringLiteral("kind")).toString();
    row.service = event.value(QStringLiteral("service")).toString();
    row.generation = event.value(QStringLiteral("generation")).toInt();
    row.pid = event.value(QStringLiteral("pid")).toLongLong();
    row.message = event.value(QStringLiteral("message")).toString();
    row.category = category(event);
    row.raw = event;
    return row;
}

int EventModel::mergeEvents(const QVariantList &events)
{
    const auto bySeq = [](const Row &row, qint64 seq) { return row.seq < seq; };
    QList<Row> fresh;
    for (const QVariant &e : events) {
        Row row = rowFrom(e.toMap());
        if (row.seq <= 0)
            continue;
        const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), row.seq, bySeq);
        if (it == m_rows.cend() || it->seq != row.seq)
            fresh << std::move(row);
    }
    std::sort(fresh.begin(), fresh.end(), [](const Row &a, const Row &b) { return a.seq < b.seq; });
    fresh.erase(std::unique(fresh.begin(), fresh.end(), [](const Row &a, const Row &b) { return a.seq == b.seq; }), fresh.end());
    if (fresh.isEmpty())
        return 0;

    // One insertion per run of events that land at the same place: the
    // usual cases (live events appended, a backlog before them) are one each.
    for (qsizetype i = 0; i < fresh.size();) {
        const qsizetype pos = std::lower_bound(m_rows.cbegin(), m_rows.cend(), fresh[i].seq, bySeq) - m_rows.cbegin();
        qsizetype end = i + 1;
        while (end < fresh.size() && (pos == m_rows.size() || fresh[end].seq < m_rows[pos].seq))
            ++end;
        beginInsertRows({}, int(pos), int(pos + end - i - 1));
        m_rows.insert(pos, end - i, Row{});
        std::move(fresh.begin() + i, fresh.begin() + end, m_rows.begin() + pos);
        endInsertRows();
        i = end;
    }
    trim();
    return int(fresh.size());
}

void EventModel::setEvents(const QVariantList &events)
{
    beginResetModel();
    m_rows.clear();
    for (const QVariant &e : events) {
        Row row = rowFrom(e.toMap());
        if (row.seq > 0)
            m_rows << std::move(row);
    }
    std::sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) { return a.seq < b.seq; });
    m_rows.erase(std::unique(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) { return a.seq == b.seq; }), m_rows.end());
    if (m_rows.size() > m_maxEvents)
        m_rows.remove(0, m_rows.size() - m_maxEvents);
    endResetModel();
}

void EventModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_rows.size() - 1));
    m_rows.clear();
    endRemoveRows();
}

void EventModel::setMaxEvents(int max)
{
    m_maxEvents = std::max(1, max);
    trim();
}

void EventModel::trim()
{
    const qsizetype excess = m_rows.size() - m_maxEvents;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, int(excess - 1));
    m_rows.remove(0, excess);
    endRemoveRows();
}

qint64 EventModel::lastSeq() const
{
    return m_rows.isEmpty() ? 0 : m_rows.last().seq;
}

QVariantMap EventModel::eventAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].raw : QVariantMap{};
}

int EventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventModel::rawValue(const Row &row, int column)
{
    switch (column) {
    case TimeColumn: return row.time;
    case ServiceColumn: return row.service;
    case KindColumn: return row.kind;
    case GenerationColumn: return row.generation;
    case PidColumn: return row.pid;
    case MessageColumn: return row.message;
    default: return {};
    }
}

QVariant EventModel::display(const Row &row, int column) const
{
    switch (column) {
    case TimeColumn: return formatDateTime(row.time);
    case ServiceColumn: return row.service;
    case KindColumn: return kindText(row.kind, row.category, row.raw.value(QStringLiteral("cause")).toString());
    case GenerationColumn: return row.generation > 0 ? QString::number(row.generation) : QString();
    case PidColumn: return row.pid > 0 ? QString::number(row.pid) : QString();
    case MessageColumn: return EventText::message(row.raw);   // in the app's language; batond's own in the tooltip
    default: return {};
    }
}

QVariant EventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case UnderlyingDataRole: return rawValue(row, index.column());
    case SeqRole: return row.seq;
    case CategoryRole: return int(row.category);
    case KindRole: return row.kind;
    case TimeRole: return row.time;
    case EventMapRole: return row.raw;
    case Qt::ToolTipRole: {
        // The whole sentence where the column cuts it, then batond's own words.
        if (index.column() != MessageColumn && index.column() != KindColumn)
            return {};
        const QString ours = EventText::message(row.raw);
        return ours == row.message ? row.message : ours + QLatin1Char('\n') + row.message;
    }
    default: return {};
    }
}

QVariant EventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case ServiceColumn: return tr("Service");
    case KindColumn: return tr("Event");
    case GenerationColumn: return tr("Generation");
    case PidColumn: return tr("PID");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

} // namespace baton
