#include "OutcomeBanner.h"

#include "DaemonMonitor.h"
#include "Icons.h"
#include "baton/EventText.h"
#include "editor/EditorColors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVariantAnimation>

namespace baton {

OutcomeBanner::OutcomeBanner(OutcomeTracker *tracker, QWidget *parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_headline(new QLabel(this)), m_details(new QLabel(this)),
      m_showOutput(new QPushButton(this)), m_dismiss(new QToolButton(this)), m_fade(new QVariantAnimation(this))
{
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dismiss->setAutoRaise(true);
    m_dismiss->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    connect(m_dismiss, &QToolButton::clicked, this, &OutcomeBanner::dismiss);
    connect(m_showOutput, &QPushButton::clicked, this, [this] {
        if (!m_outcome || m_outcome->failures.isEmpty())
            return;
        const Outcome::Failure &f = m_outcome->failures.first();
        Q_EMIT showOutputRequested(f.service, f.generation, f.pid);
    });

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_headline);
    text->addWidget(m_details);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 4, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    layout->addWidget(m_showOutput, 0, Qt::AlignTop);
    layout->addWidget(m_dismiss, 0, Qt::AlignTop);

    m_fadeTimer.setSingleShot(true);
    m_fadeTimer.setInterval(SuccessVisibleMs);
    connect(&m_fadeTimer, &QTimer::timeout, this, &OutcomeBanner::fadeOut);
    m_fade->setDuration(FadeMs);
    m_fade->setStartValue(1.0);
    m_fade->setEndValue(0.0);
    connect(m_fade, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        m_opacity = value.toReal();
        update();
    });
    connect(m_fade, &QVariantAnimation::finished, this, &QWidget::hide);
    connect(tracker, &OutcomeTracker::outcomeChanged, this, &OutcomeBanner::onOutcome);
    retranslate();
    hide();
}

void OutcomeBanner::retranslate()
{
    m_showOutput->setText(tr("Show output"));
    m_showOutput->setToolTip(tr("The failing worker's output on the Logs page"));
    m_dismiss->setToolTip(tr("Dismiss"));
    if (m_outcome) {   // the same outcome, told in the new language; it neither reappears nor restarts its fade
        m_headline->setText(headline(*m_outcome));
        m_details->setText(detailsHtml(*m_outcome));
    }
}

void OutcomeBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

QString OutcomeBanner::headline(const Outcome &o)
{
    if (o.kind == Outcome::Kind::Rejected)
        return tr("Reload rejected: nothing changed");
    if (o.kind == Outcome::Kind::Apply)
        return o.ok ? tr("Configuration applied: every service runs it")
                    : tr("Applying the configuration failed: rolled back, the previous version keeps running");
    if (o.service.isEmpty())
        return o.ok ? tr("Reload finished: every changed service is on its new generation")
                    : tr("Reload failed: rolled back, the old generation keeps serving");
    return o.ok ? tr("%1 reloaded: the new generation is serving").arg(o.service)
                : tr("Reload of %1 failed: rolled back, the old generation keeps serving").arg(o.service);
}

QString OutcomeBanner::detailsHtml(const Outcome &o)
{
    QStringList parts;
    // The apply's events in the app's language, from their fields (EventText).
    if (o.kind == Outcome::Kind::Apply && !o.applyEvent.isEmpty())
        parts << EventText::message(o.applyEvent).toHtmlEscaped();
    if (o.kind == Outcome::Kind::Rejected)
        parts << (o.reason.isEmpty() ? o.message : o.reason).toHtmlEscaped();
    else if (o.ok)
        parts << o.message.toHtmlEscaped();
    for (const Outcome::Failure &f : o.failures) {
        parts << tr("%1, generation %2: %3").arg(f.service).arg(f.generation).arg(f.reason).toHtmlEscaped();
        QStringList quoted;
        for (auto it = f.stderrTail.crbegin(); it != f.stderrTail.crend() && quoted.size() < QuotedLines; ++it) {
            if (!it->trimmed().isEmpty())
                quoted.prepend(it->toHtmlEscaped());
        }
        if (!quoted.isEmpty())
            parts << tr("Last output of PID %1:").arg(f.pid).toHtmlEscaped()
                         + QStringLiteral("<br><code>%1</code>").arg(quoted.join(QStringLiteral("<br>")));
    }
    if (o.failures.isEmpty() && !o.ok && o.kind != Outcome::Kind::Rejected)
        parts << (o.reason.isEmpty() ? o.message : o.reason).toHtmlEscaped();
    if (!o.restoredMessage.isEmpty())
        parts << o.restoredMessage.toHtmlEscaped();
    return parts.join(QStringLiteral("<br>"));
}

QString OutcomeBanner::text() const
{
    if (isHidden())
        return {};
    return m_headline->text() + QLatin1Char('\n') + QTextDocumentFragment::fromHtml(m_details->text()).toPlainText();
}

void OutcomeBanner::onOutcome(const Outcome &outcome, bool fresh)
{
    if (!fresh && isHidden())
        return;   // dismissed (or faded): a late detail does not bring it back
    m_outcome = outcome;
    m_fade->stop();
    m_opacity = 1.0;
    m_headline->setText(headline(outcome));
    m_details->setText(detailsHtml(outcome));
    const bool failed = !outcome.ok;
    m_icon->setPixmap(icons::pixmap(icons::overall(failed ? DaemonMonitor::Overall::Failed : DaemonMonitor::Overall::Ok), m_icon, 16));
    m_showOutput->setVisible(failed && !outcome.failures.isEmpty());
    if (failed)
        m_fadeTimer.stop();   // stays until dismissed
    else if (fresh)
        m_fadeTimer.start();
    show();
    update();
}

void OutcomeBanner::dismiss()
{
    m_fadeTimer.stop();
    m_fade->stop();
    hide();
}

void OutcomeBanner::fadeOut()
{
    m_fade->start();
}

QColor OutcomeBanner::accentColor() const
{
    if (m_outcome && !m_outcome->ok)
        return editorColors::error(palette());
    return editorColors::positive(palette());
}

void OutcomeBanner::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    // Fading blends the strip into the window; the text goes with the widget when it hides.
    const QColor window = palette().color(QPalette::Window);
    const QColor accent = editorColors::mix(window, accentColor(), m_opacity);
    painter.setPen(QPen(accent, 1));
    painter.setBrush(editorColors::mix(window, accentColor(), 0.15 * m_opacity));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

} // namespace baton
