#include "LogsPage.h"

#include "Icons.h"
#include "LogFeed.h"
#include "LogView.h"
#include "baton/LogFilterModel.h"
#include "baton/LogLineModel.h"
#include "baton/WorkerModel.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace baton {

namespace {

// The "Show" filter: every line, stderr only, or at least this important.
enum ShowFilter { ShowAll, ShowStderr, ShowWarnings, ShowErrors };

} // namespace

LogsPage::LogsPage(LogFeed *feed, QWidget *parent)
    : QWidget(parent), m_feed(feed), m_view(new LogView(feed->model(), this)), m_stack(new QStackedWidget(this))
{
    m_message = new QLabel(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMargin(24);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_message);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildFilterBar());
    layout->addWidget(m_stack, 1);
    auto *footer = new QHBoxLayout;
    m_stateLabel = new QLabel(this);
    m_count = new QLabel(this);
    m_dropped = new QLabel(this);
    for (QLabel *label : {m_stateLabel, m_count})
        label->setForegroundRole(QPalette::PlaceholderText);
    footer->addWidget(m_stateLabel);
    footer->addStretch(1);
    footer->addWidget(m_dropped);
    m_heldBack = new QLabel(this);
    footer->addWidget(m_heldBack);
    footer->addWidget(m_count);
    layout->addLayout(footer);

    LogLineModel *lines = feed->model();
    connect(lines, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) { noteRows(first, last); });
    connect(lines, &QAbstractItemModel::modelReset, this, [this] {
        m_seen.clear();
        noteRows(0, m_feed->model()->rowCount() - 1);
    });
    QAbstractItemModel *shown = m_view->filter();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(shown, signal, this, &LogsPage::updateCount);
    connect(shown, &QAbstractItemModel::modelReset, this, &LogsPage::updateCount);
    connect(shown, &QAbstractItemModel::layoutChanged, this, &LogsPage::updateCount);
    connect(feed, &LogFeed::stateChanged, this, &LogsPage::updateState);
    connect(feed, &LogFeed::countersChanged, this, &LogsPage::updateCounters);
    noteRows(0, lines->rowCount() - 1);
    retranslate();
}

void LogsPage::retranslate()
{
    const QStringList shows{tr("All lines"), tr("stderr only"), tr("Warnings and errors"), tr("Errors only")};
    for (int i = 0; i < shows.size(); ++i)
        m_show->setItemText(i, shows[i]);
    m_search->setPlaceholderText(tr("Search the output… (Ctrl+F)"));
    m_follow->setText(tr("Follow"));
    m_follow->setToolTip(tr("Keep the newest lines in view; scrolling up pauses, scrolling to the end follows again"));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the selected lines (Ctrl+C)"));
    m_save->setText(tr("Save…"));
    m_save->setToolTip(tr("Save the lines shown to a file"));
    m_serviceLabel->setText(tr("Service:"));
    m_generationLabel->setText(tr("Generation:"));
    m_workerLabel->setText(tr("Worker:"));
    rebuildCombos();   // "All", "PID …"; the choices stay
    updateState();
    updateCount();
    updateCounters();
}

void LogsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

QWidget *LogsPage::buildFilterBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);

    m_service = new QComboBox(bar);
    m_generation = new QComboBox(bar);
    m_worker = new QComboBox(bar);
    for (QComboBox *combo : {m_service, m_generation, m_worker}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(combo, &QComboBox::currentIndexChanged, this, [this, combo] {
            if (m_rebuilding)
                return;
            if (combo != m_worker)
                rebuildCombos();   // the narrower lists follow the wider choice
            applyFilters();
        });
    }
    m_show = new QComboBox(bar);
    for (const int show : {ShowAll, ShowStderr, ShowWarnings, ShowErrors})
        m_show->addItem(QString(), show);   // texts: retranslate()
    connect(m_show, &QComboBox::currentIndexChanged, this, &LogsPage::applyFilters);

    m_search = new QLineEdit(bar);
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_view, &LogView::setSearchText);

    m_follow = new QToolButton(bar);
    m_follow->setCheckable(true);
    m_follow->setChecked(m_view->follows());
    m_follow->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_follow->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    connect(m_follow, &QToolButton::toggled, m_view, &LogView::setFollow);
    connect(m_view, &LogView::followChanged, m_follow, &QToolButton::setChecked);

    auto *copy = m_copy = new QToolButton(bar);
    connect(copy, &QToolButton::clicked, m_view, &LogView::copySelection);
    auto *save = m_save = new QToolButton(bar);
    connect(save, &QToolButton::clicked, this, &LogsPage::saveRequested);

    m_serviceLabel = new QLabel(bar);
    m_generationLabel = new QLabel(bar);
    m_workerLabel = new QLabel(bar);
    layout->addWidget(m_serviceLabel);
    layout->addWidget(m_service);
    layout->addWidget(m_generationLabel);
    layout->addWidget(m_generation);
    layout->addWidget(m_workerLabel);
    layout->addWidget(m_worker);
    layout->addWidget(m_show);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_follow);
    layout->addWidget(copy);
    layout->addWidget(save);
    rebuildCombos();
    return bar;
}

void LogsPage::noteRows(int first, int last)
{
    const LogLineModel *lines = m_feed->model();
    bool changed = false;
    for (int row = std::max(0, first); row <= last; ++row) {
        const LogLineModel::Line &l = lines->lineAt(row);
        QSet<qint64> &pids = m_seen[l.service][l.generation];
        if (!pids.contains(l.pid)) {
            pids.insert(l.pid);
            changed = true;
        }
    }
    if (!changed || m_combosDirty)
        return;
    // A flood of new workers rebuilds the combos once per loop turn, not per batch.
    m_combosDirty = true;
    QTimer::singleShot(0, this, [this] {
        m_combosDirty = false;
        rebuildCombos();
    });
}

void LogsPage::rebuildCombos()
{
    const QString service = m_service->currentData().toString();
    const int generation = m_generation->currentData().toInt();
    const qint64 pid = m_worker->currentData().toLongLong();
    m_rebuilding = true;
    const auto refill = [](QComboBox *combo, const QString &all, const QList<std::pair<QString, QVariant>> &items, const QVariant &current) {
        combo->clear();
        combo->addItem(all, QVariant());
        for (const auto &[text, data] : items)
            combo->addItem(text, data);
        int index = current.isNull() ? 0 : combo->findData(current);
        if (index < 0) {   // chosen from outside (Show output): keep it even before its lines arrive
            combo->addItem(current.toString(), current);
            index = combo->count() - 1;
        }
        combo->setCurrentIndex(index);
    };
    QList<std::pair<QString, QVariant>> services;
    for (auto it = m_seen.cbegin(); it != m_seen.cend(); ++it)
        services.append({it.key(), it.key()});
    refill(m_service, tr("All services"), services, service.isEmpty() ? QVariant() : QVariant(service));

    QMap<int, QSet<qint64>> generations;
    for (auto it = m_seen.cbegin(); it != m_seen.cend(); ++it) {
        if (!service.isEmpty() && it.key() != service)
            continue;
        for (auto g = it->cbegin(); g != it->cend(); ++g)
            generations[g.key()].unite(g.value());
    }
    QList<std::pair<QString, QVariant>> gens;
    for (auto it = generations.cbegin(); it != generations.cend(); ++it)
        gens.prepend({QString::number(it.key()), it.key()});   // newest first
    refill(m_generation, tr("All"), gens, generation > 0 ? QVariant(generation) : QVariant());

    QList<qint64> pids;
    for (auto it = generations.cbegin(); it != generations.cend(); ++it) {
        if (generation <= 0 || it.key() == generation)
            pids += QList<qint64>(it->cbegin(), it->cend());
    }
    std::sort(pids.begin(), pids.end(), std::greater<>());
    QList<std::pair<QString, QVariant>> workers;
    for (qint64 p : std::as_const(pids))
        workers.append({tr("PID %1").arg(p), p});
    refill(m_worker, tr("All"), workers, pid > 0 ? QVariant(pid) : QVariant());
    m_rebuilding = false;
}

void LogsPage::applyFilters()
{
    LogFilterModel *filter = m_view->filter();
    filter->setService(m_service->currentData().toString());
    const int generation = m_generation->currentData().toInt();
    filter->setGeneration(generation > 0 ? std::optional(generation) : std::nullopt);
    const qint64 pid = m_worker->currentData().toLongLong();
    filter->setPid(pid > 0 ? std::optional(pid) : std::nullopt);
    const int show = m_show->currentData().toInt();
    filter->setStderrOnly(show == ShowStderr);
    filter->setMaxPriority(show == ShowWarnings ? std::optional(4) : show == ShowErrors ? std::optional(3) : std::nullopt);
}

void LogsPage::showWorker(const QString &service, int generation, qint64 pid)
{
    m_rebuilding = true;
    // Set from the widest down, each seeded so the rebuild keeps it.
    m_service->clear();
    m_service->addItem(service, service);
    m_generation->clear();
    if (generation > 0)
        m_generation->addItem(QString::number(generation), generation);
    else
        m_generation->addItem(tr("All"), QVariant());
    m_worker->clear();
    if (pid > 0)
        m_worker->addItem(tr("PID %1").arg(pid), pid);
    else
        m_worker->addItem(tr("All"), QVariant());
    m_rebuilding = false;
    rebuildCombos();
    m_show->setCurrentIndex(0);
    m_search->clear();
    applyFilters();
    m_view->setFollow(true);
}

void LogsPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LogsPage::saveRequested()
{
    auto *dialog = new QFileDialog(this, tr("Save Output"), QStringLiteral("baton-output.log"), tr("Log files (*.log *.txt);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QString error;
        if (!saveTo(path, &error))
            QMessageBox::warning(this, tr("Save Output"), tr("Cannot save %1: %2").arg(path, error));
    });
    dialog->open();
}

bool LogsPage::saveTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_view->shownText(false).toUtf8()) < 0 || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

bool LogsPage::showsMessage() const
{
    return m_stack->currentWidget() == m_message;
}

void LogsPage::updateState()
{
    switch (m_feed->state()) {
    case LogFeed::State::Denied:
        m_message->setText(tr("<h3>Worker output is not available to you</h3><p>batond refused to show it: %1</p>"
                              "<p>Reading worker output needs the rights of a sensitive read: root, batond's user or a member "
                              "of its admin_group (on the system bus, the polkit action io.github.baton.manage).</p>")
                               .arg(m_feed->errorText().toHtmlEscaped()));
        m_stack->setCurrentWidget(m_message);
        m_stateLabel->setText(tr("Access refused"));
        return;
    case LogFeed::State::Failed:
        m_message->setText(tr("<h3>Could not load worker output</h3><p>%1</p>").arg(m_feed->errorText().toHtmlEscaped()));
        m_stack->setCurrentWidget(m_message);
        m_stateLabel->setText(tr("Failed"));
        return;
    case LogFeed::State::Offline: m_stateLabel->setText(tr("Offline: the lines shown are not live")); break;
    case LogFeed::State::Loading: m_stateLabel->setText(tr("Loading…")); break;
    case LogFeed::State::Live: m_stateLabel->setText(tr("Live")); break;
    }
    m_stack->setCurrentWidget(m_view);
}

void LogsPage::updateCount()
{
    const int total = m_feed->model()->rowCount();
    const int shown = m_view->filter()->rowCount();
    m_count->setText(shown == total ? tr("Lines: %1").arg(QLocale().toString(total))
                                    : tr("Lines: %1 of %2").arg(QLocale().toString(shown), QLocale().toString(total)));
}

void LogsPage::updateCounters()
{
    // Output a worker waits to write is not lost but late: say which service and for how long.
    QStringList held;
    const QMap<QString, qint64> heldBack = m_feed->heldBack();
    for (auto it = heldBack.cbegin(); it != heldBack.cend(); ++it) {
        if (it.value() > 0)
            held << QStringLiteral("%1: %2").arg(it.key(), WorkerModel::formatUptime(std::max<qint64>(it.value(), 1000)));
    }
    m_heldBack->setVisible(!held.isEmpty());
    m_heldBack->setText(tr("Held back by log_rate: %1").arg(held.join(QStringLiteral(", "))));
    m_heldBack->setToolTip(tr("Time batond left these services' output waiting because they printed faster than their log_rate; "
                              "their workers waited in write() meanwhile. Nothing was dropped for it; raise log_rate to take more."));

    const QMap<QString, qint64> dropped = m_feed->dropped();
    QStringList parts;
    for (auto it = dropped.cbegin(); it != dropped.cend(); ++it) {
        if (it.value() > 0)
            parts << QStringLiteral("%1: %2").arg(it.key(), QLocale().toString(it.value()));
    }
    m_dropped->setVisible(!parts.isEmpty());
    m_dropped->setText(tr("Dropped by batond (log_buffer full): %1").arg(parts.join(QStringLiteral(", "))));
    m_dropped->setToolTip(tr("Lines batond let go before anyone read them; raise log_buffer in the service's configuration to keep more."));
}

} // namespace baton
