#include "TimelinePage.h"

#include "DaemonMonitor.h"
#include "DecoratedModel.h"
#include "Icons.h"
#include "baton/Event.h"
#include "baton/EventFilterModel.h"
#include "baton/EventModel.h"
#include "baton/EventText.h"
#include "baton/ExitCause.h"
#include "baton/TimeFormat.h"
#include "baton/WorkerModel.h"

#include <QComboBox>
#include <QDataStream>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace baton {

namespace {

constexpr quint32 StateMagic = 0xBA70E701;

QString categoryIconFile(EventModel::Category category)
{
    switch (category) {
    case EventModel::Category::Crash: return QStringLiteral("event-crash.svg");
    case EventModel::Category::Restart: return QStringLiteral("event-restart.svg");
    case EventModel::Category::StormBreaker: return QStringLiteral("event-breaker.svg");
    case EventModel::Category::Reload: return QStringLiteral("event-reload.svg");
    case EventModel::Category::Rollback: return QStringLiteral("event-rollback.svg");
    case EventModel::Category::Config: return QStringLiteral("event-config.svg");
    case EventModel::Category::Daemon: return QStringLiteral("event-daemon.svg");
    case EventModel::Category::Lifecycle: return QStringLiteral("event-lifecycle.svg");
    }
    return {};
}

} // namespace

TimelinePage::TimelinePage(DaemonMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_filter(new EventFilterModel(this)), m_view(new QTreeView(this)),
      m_details(new QTextBrowser(this)), m_showOutput(new QPushButton(this)),
      m_splitter(new QSplitter(Qt::Vertical, this))
{
    auto *decorated = new DecoratedModel([this](const QModelIndex &source, int role) -> QVariant {
        if (source.column() != EventModel::KindColumn)
            return {};
        const auto category = EventModel::Category(source.data(EventModel::CategoryRole).toInt());
        switch (role) {
        case Qt::DecorationRole: return icons::eventCategory(category);
        case Qt::ForegroundRole: return icons::eventCategoryColor(category, palette());
        case Qt::FontRole:
            if (category == EventModel::Category::Crash || category == EventModel::Category::StormBreaker) {
                QFont bold = font();
                bold.setBold(true);
                return bold;
            }
            return {};
        default: return {};
        }
    }, this);
    decorated->setSourceModel(monitor->events());
    m_filter->setSourceModel(decorated);

    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(EventModel::TimeColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->resizeSection(EventModel::TimeColumn, 160);
    m_view->header()->resizeSection(EventModel::ServiceColumn, 90);
    m_view->header()->resizeSection(EventModel::KindColumn, 190);
    m_view->header()->resizeSection(EventModel::GenerationColumn, 90);
    m_view->header()->resizeSection(EventModel::PidColumn, 70);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TimelinePage::showCurrent);

    m_details->setOpenLinks(false);
    m_showOutput->setEnabled(false);
    connect(m_showOutput, &QPushButton::clicked, this, [this] {
        const QVariantMap event = m_view->currentIndex().data(EventModel::EventMapRole).toMap();
        Q_EMIT showOutputRequested(event.value(QStringLiteral("service")).toString(), event.value(QStringLiteral("generation")).toInt(),
                                   event.value(QStringLiteral("pid")).toLongLong());
    });
    auto *detailsBox = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(detailsBox);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_details, 1);
    auto *detailsButtons = new QHBoxLayout;
    detailsButtons->addStretch(1);
    detailsButtons->addWidget(m_showOutput);
    detailsLayout->addLayout(detailsButtons);

    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(detailsBox);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildFilterBar());
    layout->addWidget(m_splitter, 1);

    EventModel *events = monitor->events();
    connect(events, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { updateServices(first, last); });
    connect(events, &QAbstractItemModel::modelReset, this, [this] { updateServices(0, m_monitor->events()->rowCount() - 1); });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &TimelinePage::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &TimelinePage::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &TimelinePage::updateCount);
    m_timeWindow.setInterval(30 * 1000);
    connect(&m_timeWindow, &QTimer::timeout, this, &TimelinePage::applyTimeFilter);
    updateServices(0, events->rowCount() - 1);
    retranslate();
}

void TimelinePage::retranslate()
{
    m_showOutput->setText(tr("Show output"));
    m_showOutput->setToolTip(tr("The worker's output around this event, on the Logs page"));
    m_details->setPlaceholderText(tr("Select an event to see its details."));
    m_serviceLabel->setText(tr("Service:"));
    m_kindLabel->setText(tr("Show:"));
    m_timeLabel->setText(tr("Time:"));
    m_serviceCombo->setItemText(0, tr("All services"));
    m_kindCombo->setItemText(0, tr("All events"));
    for (int i = 1; i < m_kindCombo->count(); ++i)
        m_kindCombo->setItemText(i, EventModel::categoryText(EventModel::Category(m_kindCombo->itemData(i).toInt())));
    const QStringList times{tr("Any time"), tr("Last 15 minutes"), tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days")};
    for (int i = 0; i < times.size() && i < m_timeCombo->count(); ++i)
        m_timeCombo->setItemText(i, times[i]);
    m_search->setPlaceholderText(tr("Search messages, PIDs, exit codes, signals… (Ctrl+F)"));
    fitKindColumn();
    updateCount();
    showCurrent();   // the details pane, in the new language; the selection stays
}

// The Event column holds the longest kind text in this language ("Killed by
// an outside signal" was cut), in bold as crashes are; never narrower than
// the user made it.
void TimelinePage::fitKindColumn()
{
    QFont bold = m_view->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    int widest = 0;
    for (int cause = int(ExitCause::Crash); cause <= int(ExitCause::StoppedByRequest); ++cause)
        widest = std::max(widest, fm.horizontalAdvance(EventModel::causeText(exitCauseName(ExitCause(cause)))));
    for (const QString &kind : {EventKind::ReloadFinished, EventKind::ConfigChanged, EventKind::WatchdogTimeout})
        widest = std::max(widest, fm.horizontalAdvance(EventModel::kindText(kind, EventModel::Category::Rollback)));
    const int wanted = widest + 16 + 24;   // the category icon, margins
    if (m_view->header()->sectionSize(EventModel::KindColumn) < wanted)
        m_view->header()->resizeSection(EventModel::KindColumn, wanted);
}

void TimelinePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

QWidget *TimelinePage::buildFilterBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);

    m_serviceCombo = new QComboBox(bar);
    // Texts of the items and labels: retranslate(). Combos never shrink
    // below their longest item ("Worker lifecycle" was cut at 1024×640):
    // the search field gives way instead.
    m_serviceCombo->addItem(QString(), QString());
    m_serviceCombo->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    m_serviceCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_serviceCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setService(m_serviceCombo->currentData().toString()); });

    m_kindCombo = new QComboBox(bar);
    m_kindCombo->addItem(QString(), -1);
    m_kindCombo->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    for (EventModel::Category category : EventModel::categories())
        m_kindCombo->addItem(icons::eventCategory(category), EventModel::categoryText(category), int(category));
    m_kindCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &TimelinePage::applyKindFilter);

    m_timeCombo = new QComboBox(bar);
    for (const int seconds : {0, 15 * 60, 3600, 24 * 3600, 7 * 24 * 3600})
        m_timeCombo->addItem(QString(), seconds);
    m_timeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_timeCombo->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    connect(m_timeCombo, &QComboBox::currentIndexChanged, this, &TimelinePage::applyTimeFilter);

    m_search = new QLineEdit(bar);
    m_search->setMinimumWidth(120);
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_filter, &EventFilterModel::setSearchText);

    m_count = new QLabel(bar);
    m_count->setForegroundRole(QPalette::PlaceholderText);

    m_serviceLabel = new QLabel(bar);
    m_kindLabel = new QLabel(bar);
    m_timeLabel = new QLabel(bar);
    layout->addWidget(m_serviceLabel);
    layout->addWidget(m_serviceCombo);
    layout->addWidget(m_kindLabel);
    layout->addWidget(m_kindCombo);
    layout->addWidget(m_timeLabel);
    layout->addWidget(m_timeCombo);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_count);
    return bar;
}

void TimelinePage::updateServices(int first, int last)
{
    QStringList known;
    for (int i = 1; i < m_serviceCombo->count(); ++i)
        known << m_serviceCombo->itemData(i).toString();
    QStringList names = known;
    const EventModel *events = m_monitor->events();
    for (int row = first; row <= last; ++row) {
        const QString service = events->index(row, EventModel::ServiceColumn).data(EventModel::UnderlyingDataRole).toString();
        if (!service.isEmpty() && !names.contains(service))
            names << service;
    }
    if (names.size() == known.size())
        return;
    std::sort(names.begin(), names.end());
    const QString current = m_serviceCombo->currentData().toString();
    const QSignalBlocker blocker(m_serviceCombo);
    while (m_serviceCombo->count() > 1)
        m_serviceCombo->removeItem(1);
    for (const QString &name : std::as_const(names))
        m_serviceCombo->addItem(name, name);
    m_serviceCombo->setCurrentIndex(std::max(0, m_serviceCombo->findData(current)));
}

void TimelinePage::setServiceFilter(const QString &service)
{
    int index = m_serviceCombo->findData(service);
    if (index < 0 && !service.isEmpty()) {
        m_serviceCombo->addItem(service, service);
        index = m_serviceCombo->count() - 1;
    }
    m_serviceCombo->setCurrentIndex(std::max(0, index));
}

void TimelinePage::applyKindFilter()
{
    const int category = m_kindCombo->currentData().toInt();
    m_filter->setCategory(category < 0 ? std::nullopt : std::optional(EventModel::Category(category)));
}

void TimelinePage::applyTimeFilter()
{
    const int seconds = m_timeCombo->currentData().toInt();
    if (seconds <= 0) {
        m_timeWindow.stop();
        m_filter->setTimeRange({});
        return;
    }
    m_filter->setTimeRange(QDateTime::currentDateTimeUtc().addSecs(-seconds));
    m_timeWindow.start();
}

void TimelinePage::updateCount()
{
    const int total = m_monitor->events()->rowCount();
    const int shown = m_filter->rowCount();
    m_count->setText(shown == total ? tr("Events: %1").arg(total) : tr("Events: %1 of %2").arg(shown).arg(total));
}

void TimelinePage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void TimelinePage::showCurrent()
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid()) {
        m_details->clear();
        m_showOutput->setEnabled(false);
        return;
    }
    const QVariantMap event = index.data(EventModel::EventMapRole).toMap();
    m_details->setHtml(detailsHtml(event));
    // A worker's event, or a generation's (a rollback): there is output to see.
    m_showOutput->setEnabled(!event.value(QStringLiteral("service")).toString().isEmpty()
                             && (event.value(QStringLiteral("pid")).toLongLong() > 0 || event.value(QStringLiteral("generation")).toInt() > 0));
}

QString TimelinePage::detailsHtml(const QVariantMap &event)
{
    const auto category = EventModel::category(event);
    const QString kind = event.value(QStringLiteral("kind")).toString();
    QList<std::pair<QString, QString>> rows;
    const auto add = [&rows](const QString &label, const QString &value) {
        if (!value.isEmpty())
            rows.append({label, value});
    };
    const QDateTime time = QDateTime::fromString(event.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    add(tr("Time"), formatDateTime(time));
    add(tr("Service"), event.value(QStringLiteral("service")).toString());
    if (event.value(QStringLiteral("generation")).toInt() > 0)
        add(tr("Generation"), event.value(QStringLiteral("generation")).toString());
    if (event.value(QStringLiteral("pid")).toLongLong() > 0)
        add(tr("PID"), event.value(QStringLiteral("pid")).toString());
    if (event.contains(QStringLiteral("exit_code")))
        add(tr("Exit code"), event.value(QStringLiteral("exit_code")).toString());
    if (event.contains(QStringLiteral("signal"))) {
        QString signal = event.value(QStringLiteral("signal")).toString();
        if (event.value(QStringLiteral("core_dumped")).toBool())
            signal += QLatin1Char(' ') + tr("(core dumped)");
        add(tr("Signal"), signal);
    }
    if (event.contains(QStringLiteral("uptime_ms")))
        add(tr("Uptime"), WorkerModel::formatUptime(event.value(QStringLiteral("uptime_ms")).toLongLong()));
    if (event.contains(QStringLiteral("delay_ms")))
        add(tr("Restart delay"), tr("%1 ms").arg(event.value(QStringLiteral("delay_ms")).toLongLong()));
    if (event.contains(QStringLiteral("attempt")))
        add(tr("Attempt"), event.value(QStringLiteral("attempt")).toString());
    add(tr("Reason"), event.value(QStringLiteral("reason")).toString());
    add(tr("Cause"), event.value(QStringLiteral("cause")).toString());
    add(tr("Sequence"), event.value(QStringLiteral("seq")).toString());
    // batond's own sentence (English, as in its log), when ours differs.
    const QString daemonMessage = event.value(QStringLiteral("message")).toString();
    if (EventText::knows(kind))
        add(tr("Daemon message"), daemonMessage);

    QString html = QStringLiteral("<p><img src=\":/icons/%1\" width=\"16\" height=\"16\"> <b>%2</b> <small>(%3 · %4)</small></p>")
                       .arg(categoryIconFile(category), EventModel::kindText(kind, category, event.value(QStringLiteral("cause")).toString()).toHtmlEscaped(),
                            EventModel::categoryText(category).toHtmlEscaped(), kind.toHtmlEscaped());
    html += QStringLiteral("<p>%1</p><table cellspacing=\"2\" cellpadding=\"2\">")
                .arg(EventText::message(event).toHtmlEscaped());
    for (const auto &[label, value] : rows)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    html += QStringLiteral("</table>");
    const QString lastStatus = event.value(QStringLiteral("last_status")).toString();
    if (!lastStatus.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Last status:").toHtmlEscaped(), lastStatus.toHtmlEscaped());
    // What it printed last on stderr (batond keeps these with the exit; the Logs page may have lost them).
    const QStringList tail = event.value(QStringLiteral("stderr_tail")).toStringList();
    if (!tail.isEmpty()) {
        QStringList lines;
        for (const QString &line : tail)
            lines << line.toHtmlEscaped();
        html += QStringLiteral("<p><b>%1</b></p><pre>%2</pre>").arg(tr("Last lines on stderr:").toHtmlEscaped(), lines.join(QLatin1Char('\n')));
    }
    return html;
}

QByteArray TimelinePage::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateMagic << m_splitter->saveState() << m_view->header()->saveState() << m_kindCombo->currentIndex()
        << m_timeCombo->currentIndex();
    return state;
}

bool TimelinePage::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray splitter, header;
    int kind = 0, time = 0;
    in >> magic >> splitter >> header >> kind >> time;
    if (magic != StateMagic || in.status() != QDataStream::Ok)
        return false;
    m_splitter->restoreState(splitter);
    m_view->header()->restoreState(header);
    m_kindCombo->setCurrentIndex(std::clamp(kind, 0, m_kindCombo->count() - 1));
    m_timeCombo->setCurrentIndex(std::clamp(time, 0, m_timeCombo->count() - 1));
    return true;
}

} // namespace baton
