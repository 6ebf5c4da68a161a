#include "OutputDock.h"

#include "LogFeed.h"
#include "LogView.h"
#include "baton/LogFilterModel.h"
#include "baton/LogLineModel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace baton {

OutputDock::OutputDock(LogFeed *feed, QWidget *parent)
    : QWidget(parent), m_feed(feed), m_view(new LogView(feed->model(), this)), m_title(new QLabel(this)), m_message(new QLabel(this)),
      m_stack(new QStackedWidget(this)), m_open(new QPushButton(this))
{
    // The service is in the title; the columns that matter in a small pane stay.
    m_view->setColumnHidden(LogLineModel::ServiceColumn, true);
    m_view->setColumnHidden(LogLineModel::StreamColumn, true);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_message);
    connect(m_open, &QPushButton::clicked, this, [this] { Q_EMIT openRequested(m_service); });

    auto *header = new QHBoxLayout;
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    header->addWidget(m_title, 1);
    header->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);
    connect(feed, &LogFeed::stateChanged, this, &OutputDock::updateState);
    setService({});
    retranslate();
}

// Every text, again on QEvent::LanguageChange; filters and lines stay.
void OutputDock::retranslate()
{
    m_open->setText(tr("Open in Logs"));
    m_open->setToolTip(tr("Show this service's output on the Logs page, with filters, search and save"));
    updateTitle();
    updateState();
}

void OutputDock::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void OutputDock::updateTitle()
{
    m_title->setText(m_service.isEmpty() ? tr("Worker output") : tr("Worker output of %1").arg(m_service));
}

void OutputDock::setService(const QString &service)
{
    m_service = service;
    m_view->filter()->setService(service);
    // Without a service selected it shows nothing rather than everything.
    m_view->filter()->setPid(service.isEmpty() ? std::optional<qint64>(-1) : std::nullopt);
    updateTitle();
    m_open->setEnabled(!service.isEmpty());
    m_view->setFollow(true);
}

QString OutputDock::title() const
{
    return m_title->text();
}

void OutputDock::updateState()
{
    const LogFeed::State state = m_feed->state();
    if (state == LogFeed::State::Denied || state == LogFeed::State::Failed) {
        m_message->setText(state == LogFeed::State::Denied ? tr("batond does not show you worker output: %1").arg(m_feed->errorText())
                                                           : tr("Could not load worker output: %1").arg(m_feed->errorText()));
        m_stack->setCurrentWidget(m_message);
        return;
    }
    m_stack->setCurrentWidget(m_view);
}

} // namespace baton
