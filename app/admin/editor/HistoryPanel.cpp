#include "HistoryPanel.h"

#include "ControlClient.h"
#include "DiffController.h"
#include "DiffPanel.h"
#include "NoticeBar.h"
#include "RunningConfig.h"
#include "baton/TimeFormat.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QEvent>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

namespace baton {

HistoryPanel::HistoryPanel(ControlClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_running(new RunningConfig(client, this)),
      m_validator(new ConfigValidator(client, this)), m_model(new QStandardItemModel(0, ColumnCount, this)),
      m_view(new QTreeView(this)), m_diff(new DiffPanel(this)), m_notice(new NoticeBar(this)),
      m_refresh(new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), QString(), this)),
      m_rollback(new QPushButton(this)), m_splitter(new QSplitter(Qt::Vertical, this))
{
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->header()->setStretchLastSection(true);
    for (int column : {VersionColumn, TimeColumn, AuthorColumn})
        m_view->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    retranslate();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_refresh);
    buttons->addStretch(1);
    buttons->addWidget(m_rollback);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(buttons);
    topLayout->addWidget(m_view, 1);
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_diff);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({200, 400});   // the diff gets most of the height
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_notice);
    layout->addWidget(m_splitter, 1);

    connect(m_refresh, &QPushButton::clicked, this, &HistoryPanel::refresh);
    connect(m_rollback, &QPushButton::clicked, this, &HistoryPanel::rollbackRequested);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showVersion(current.data(IdRole).toInt()); });
    connect(m_validator, &ConfigValidator::validated, this, &HistoryPanel::onValidated);
    connect(m_running, &RunningConfig::changed, this, &HistoryPanel::showDiff);
    connect(m_running, &RunningConfig::changed, this, &HistoryPanel::updateActions);
    connect(m_running, &RunningConfig::versionAnnounced, this, &HistoryPanel::refresh);
    connect(client, &ControlClient::connected, this, [this] {
        m_notice->dismiss();
        refresh();
    });
    connect(client, &ControlClient::disconnected, this, [this] {
        m_notice->showNotice(NoticeBar::Kind::Information,
                             [](const QStringList &) { return tr("Not connected to batond: the list is as last read."); });
        updateActions();
    });
    updateActions();
    if (client->isConnected())
        refresh();
}

int HistoryPanel::selectedId() const
{
    return m_view->currentIndex().data(IdRole).toInt();
}

void HistoryPanel::selectId(int id)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->item(row)->data(IdRole).toInt() == id) {
            m_view->setCurrentIndex(m_model->index(row, 0));
            return;
        }
    }
}

void HistoryPanel::refresh()
{
    if (!m_client || !m_client->isConnected())
        return;
    m_running->fetch();
    const int sequence = ++m_historySequence;
    const QPointer<HistoryPanel> self(this);
    m_client->call(QStringLiteral("history"), {},
                   [self, sequence](const QVariantMap &reply, const std::optional<ClientError> &error) {
        if (!self || sequence != self->m_historySequence)
            return;
        if (error) {
            self->m_notice->showNotice(NoticeBar::Kind::Error,
                                       [](const QStringList &f) { return tr("Could not read the history: %1").arg(f.value(0)); },
                                       {error->message});
            return;
        }
        self->onHistory(reply.value(QStringLiteral("versions")).toList());
    });
}

void HistoryPanel::retranslate()
{
    m_refresh->setText(tr("Refresh"));
    m_rollback->setText(tr("Roll Back to This Version…"));
    m_model->setHorizontalHeaderLabels({tr("Version"), tr("Applied"), tr("Author"), tr("Comment")});
    m_diff->setPlaceholder(tr("Select a version to see what rolling back to it would change."));
}

void HistoryPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void HistoryPanel::onHistory(const QVariantList &versions)
{
    const int keep = selectedId();
    m_model->removeRows(0, m_model->rowCount());
    for (const QVariant &v : versions) {
        const QVariantMap m = v.toMap();
        const int id = m.value(QStringLiteral("id")).toInt();
        const bool current = m.value(QStringLiteral("current")).toBool();
        const QDateTime time = QDateTime::fromString(m.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        QList<QStandardItem *> row{
            new QStandardItem(current ? tr("#%1 (running)").arg(id) : tr("#%1").arg(id)),
            new QStandardItem(time.isValid() ? formatDateTime(time) : m.value(QStringLiteral("time")).toString()),
            new QStandardItem(m.value(QStringLiteral("author")).toString()),
            new QStandardItem(m.value(QStringLiteral("comment")).toString())};
        row[VersionColumn]->setToolTip(tr("Hash %1").arg(shortVersion(m.value(QStringLiteral("hash")).toString())));
        row[CommentColumn]->setToolTip(row[CommentColumn]->text());
        for (QStandardItem *item : row) {
            item->setData(id, IdRole);
            item->setData(current, CurrentRole);
            item->setData(m.value(QStringLiteral("hash")).toString(), HashRole);
            if (current) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
        }
        m_model->appendRow(row);
    }
    if (keep)
        selectId(keep);
    updateActions();
}

void HistoryPanel::showVersion(int id)
{
    updateActions();
    if (!id || !m_client || !m_client->isConnected())
        return;
    const int sequence = ++m_versionSequence;
    const QPointer<HistoryPanel> self(this);
    m_client->call(QStringLiteral("get_version"), {{QStringLiteral("id"), id}},
                   [self, sequence, id](const QVariantMap &reply, const std::optional<ClientError> &error) {
        if (!self || sequence != self->m_versionSequence)
            return;
        if (error) {
            self->m_notice->showNotice(NoticeBar::Kind::Error,
                                       [](const QStringList &f) { return tr("Could not read version #%1: %2").arg(f.value(0), f.value(1)); },
                                       {QString::number(id), error->message});
            return;
        }
        self->m_shownId = id;
        self->m_shownText = reply.value(QStringLiteral("text")).toString();
        self->m_shownPlan.clear();
        self->showDiff();
        self->m_validator->validateText(self->m_shownText);   // for the plan
    });
}

void HistoryPanel::showDiff()
{
    if (!m_shownId || !m_running->isKnown())
        return;
    m_validator->setRunningConfig(m_running->text(), m_running->path());
    m_diff->setTitles(tr("running, version %1").arg(shortVersion(m_running->version())), tr("version #%1").arg(m_shownId));
    m_diff->controller()->setTexts(m_running->text(), m_shownText);
    if (m_shownText == m_running->text())
        m_diff->setPlanMessage(tr("This is the running configuration."));
    else if (m_shownPlan.isEmpty())
        m_diff->setPlanMessage(tr("Checking…"));
}

void HistoryPanel::onValidated(const ValidationResult &result)
{
    if (result.text != m_shownText)
        return;
    m_shownPlan = result.planKnown ? result.plan : QStringList();
    if (m_shownText == m_running->text())
        m_diff->setPlanMessage(tr("This is the running configuration."));
    else if (!result.valid)
        m_diff->setPlanMessage(tr("This version is not valid any more (%1); rolling back to it would be refused.")
                                   .arg(result.diagnostics.isEmpty() ? QString() : result.diagnostics.first().message));
    else if (result.planKnown)
        m_diff->setPlan(result.plan);
}

void HistoryPanel::rollbackRequested()
{
    const int id = selectedId();
    if (!id)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Roll Back"),
                                tr("Roll back to version #%1?").arg(id), QMessageBox::NoButton, this);
    QString details = tr("batond validates it, writes it as a new version and reloads.");
    if (id == m_shownId && !m_shownPlan.isEmpty())
        details += QLatin1Char('\n') + tr("Plan:") + QStringLiteral("\n• ") + m_shownPlan.join(QStringLiteral("\n• "));
    box->setInformativeText(details);
    QPushButton *confirm = box->addButton(tr("Roll Back"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(confirm);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("rollbackConfirmation"));
    connect(box, &QMessageBox::buttonClicked, this, [this, id, confirm](QAbstractButton *clicked) {
        if (clicked == confirm)
            rollbackTo(id);
    });
    box->open();
}

void HistoryPanel::rollbackTo(int id)
{
    if (m_busy || !m_client || !m_client->isConnected())
        return;
    m_busy = true;
    updateActions();
    m_notice->showNotice(NoticeBar::Kind::Information,
                         [](const QStringList &f) { return tr("Rolling back to version #%1…").arg(f.value(0)); }, {QString::number(id)});
    const QPointer<HistoryPanel> self(this);
    m_client->call(QStringLiteral("rollback"),
                   {{QStringLiteral("id"), id}, {QStringLiteral("comment"), tr("rollback to #%1").arg(id)}},
                   [self, id](const QVariantMap &reply, const std::optional<ClientError> &error) {
        if (self)
            self->onRollbackReply(id, reply, error);
    });
}

void HistoryPanel::onRollbackReply(int id, const QVariantMap &reply, const std::optional<ClientError> &error)
{
    m_busy = false;
    updateActions();
    if (error) {
        QStringList fields{QString::number(id), error->message};   // then the daemon's diagnostics, one a line
        for (const Diagnostic &d : diagnosticsFromVariant(error->data.value(QStringLiteral("diagnostics")).toList()))
            fields << d.message;
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) {
            return (QStringList{tr("Not rolled back to #%1: %2").arg(f.value(0), f.value(1))} + f.mid(2)).join(QLatin1Char('\n'));
        }, fields);
        Q_EMIT rollbackFinished(false);
        return;
    }
    const QString version = shortVersion(reply.value(QStringLiteral("version")).toString());
    const QString outcome = reply.value(QStringLiteral("outcome")).toString();
    const QStringList rolledBack = reply.value(QStringLiteral("rolled_back")).toStringList();
    const bool ok = reply.value(QStringLiteral("ok")).toBool() && rolledBack.isEmpty();
    if (ok) {
        m_notice->showNotice(NoticeBar::Kind::Positive, [](const QStringList &f) {
            return tr("Rolled back to #%1: now running version %2 (history #%3). %4").arg(f.value(0), f.value(1), f.value(2), f.value(3));
        }, {QString::number(id), version, QString::number(reply.value(QStringLiteral("history_id")).toInt()), outcome});
    } else {
        m_notice->showNotice(NoticeBar::Kind::Warning, [](const QStringList &f) {
            QString message = tr("Version #%1 was written, but the reload did not go through: %2").arg(f.value(0), f.value(1));
            if (!f.value(2).isEmpty())
                message += QLatin1Char(' ') + tr("Still running the old generation: %1.").arg(f.value(2));
            return message;
        }, {QString::number(id), outcome, rolledBack.join(QStringLiteral(", "))});
    }
    refresh();
    Q_EMIT rollbackFinished(ok);
}

void HistoryPanel::updateActions()
{
    const bool connected = m_client && m_client->isConnected();
    // "Running" is the text that serves, which an older entry can hold too
    // (#3 after a rollback to it recorded #5): no rollback to what runs.
    const QString hash = m_view->currentIndex().data(HashRole).toString();
    const bool current = m_view->currentIndex().data(CurrentRole).toBool()
        || (m_running->isKnown() && !hash.isEmpty() && !m_running->version().isEmpty()
            && (hash.startsWith(m_running->version()) || m_running->version().startsWith(hash)));
    m_refresh->setEnabled(connected);
    m_rollback->setEnabled(connected && !m_busy && selectedId() && !current);
    m_rollback->setToolTip(!connected ? tr("Not connected to batond")
                           : current  ? tr("This version is running")
                                      : tr("Apply the selected version again, after a confirmation"));
}

QByteArray HistoryPanel::saveState() const
{
    return m_splitter->saveState();
}

bool HistoryPanel::restoreState(const QByteArray &state)
{
    return m_splitter->restoreState(state);
}

} // namespace baton
