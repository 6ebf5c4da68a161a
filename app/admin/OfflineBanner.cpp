#include "OfflineBanner.h"

#include "ConnectionManager.h"
#include "Icons.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QEvent>
#include <QPushButton>

namespace baton {

OfflineBanner::OfflineBanner(ConnectionManager *connection, QWidget *parent)
    : QFrame(parent), m_connection(connection), m_icon(new QLabel(this)), m_label(new QLabel(this)),
      m_retry(new QPushButton(this)), m_choose(new QPushButton(icons::themed("network-connect", "action-connect.svg"), QString(), this))
{
    setAutoFillBackground(false);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_retry);
    layout->addWidget(m_choose);
    connect(m_retry, &QPushButton::clicked, connection, &ConnectionManager::reconnectNow);
    connect(m_choose, &QPushButton::clicked, this, &OfflineBanner::connectionDialogRequested);
    connect(connection, &ConnectionManager::stateChanged, this, &OfflineBanner::refresh);
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &OfflineBanner::refresh);
    retranslate();
}

void OfflineBanner::retranslate()
{
    m_retry->setText(tr("Retry Now"));
    m_choose->setText(tr("Connection…"));
    refresh();
}

void OfflineBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

QString OfflineBanner::text() const
{
    return m_label->text();
}

void OfflineBanner::refresh()
{
    const auto state = m_connection->state();
    setVisible(state != ConnectionManager::State::Connected);
    if (state == ConnectionManager::State::Connected) {
        m_countdown.stop();
        return;
    }
    const QString where = m_connection->profile().title().toHtmlEscaped();
    if (state == ConnectionManager::State::Connecting) {
        m_icon->setPixmap(icons::pixmap(icons::overall(DaemonMonitor::Overall::Reloading), m_icon, 22));
        m_label->setText(tr("<b>Connecting to %1…</b>").arg(where));
        m_retry->setEnabled(false);
        m_countdown.stop();
        return;
    }
    m_icon->setPixmap(icons::pixmap(icons::overall(DaemonMonitor::Overall::Offline), m_icon, 22));
    QString text = tr("<b>Offline: not connected to batond (%1).</b> Nothing shown is live.").arg(where);
    const QString error = m_connection->lastError();
    if (!error.isEmpty())
        text += QStringLiteral("<br>") + error.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    const QDateTime next = m_connection->nextAttempt();
    if (next.isValid()) {
        const qint64 seconds = std::max<qint64>(0, QDateTime::currentDateTime().secsTo(next));
        text += QStringLiteral("<br>") + tr("Next attempt in %1 s.").arg(seconds);
        m_countdown.start();
    }
    m_label->setText(text);
    m_retry->setEnabled(true);
}

void OfflineBanner::paintEvent(QPaintEvent *event)
{
    // A warning tint that works on light and dark palettes alike.
    QPainter painter(this);
    const QColor accent = icons::serviceStateColor(QStringLiteral("degraded"), palette());
    QColor fill = palette().color(QPalette::Window);
    fill = QColor::fromRgbF(fill.redF() * 0.8 + accent.redF() * 0.2, fill.greenF() * 0.8 + accent.greenF() * 0.2,
                            fill.blueF() * 0.8 + accent.blueF() * 0.2);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(accent, 1));
    painter.setBrush(fill);
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    QFrame::paintEvent(event);
}

} // namespace baton
