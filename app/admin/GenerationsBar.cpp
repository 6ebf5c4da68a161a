#include "GenerationsBar.h"

#include "Icons.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>

namespace baton {

namespace {

int roleOrder(const QString &role)
{
    // Left to right as a reload progresses: the old one leaves, the new one comes.
    if (role == QLatin1String("draining"))
        return 0;
    if (role == QLatin1String("current"))
        return 1;
    return 2;   // starting, failed
}

} // namespace

GenerationsBar::GenerationsBar(QWidget *parent)
    : QWidget(parent), m_layout(new QHBoxLayout(this)), m_empty(new QLabel(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addWidget(m_empty);
    m_layout->addStretch(1);
    m_empty->setText(tr("No generation"));   // again in changeEvent()
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_tick.setInterval(500);
    connect(&m_tick, &QTimer::timeout, this, &GenerationsBar::tick);
}

QString GenerationsBar::formatCountdown(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, (ms + 999) / 1000);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void GenerationsBar::setService(const QVariantMap &service)
{
    m_generations.clear();
    for (const QVariant &v : service.value(QStringLiteral("generations")).toList()) {
        const QVariantMap map = v.toMap();
        Generation g;
        g.number = map.value(QStringLiteral("number")).toInt();
        g.role = map.value(QStringLiteral("role")).toString();
        g.workers = map.value(QStringLiteral("workers")).toInt();
        g.drainDeadlineMs = map.value(QStringLiteral("drain_deadline_ms"), -1).toLongLong();
        g.ready = map.value(QStringLiteral("ready")).toInt();   // as batond counts it
        // Out of how many: the service's wanted count (what the worker list
        // shows), not the live ones, which a crash storm makes "0/0".
        g.wanted = service.value(QStringLiteral("workers_wanted"), g.workers).toInt();
        m_generations << g;
    }
    std::sort(m_generations.begin(), m_generations.end(), [](const Generation &a, const Generation &b) {
        return roleOrder(a.role) != roleOrder(b.role) ? roleOrder(a.role) < roleOrder(b.role) : a.number < b.number;
    });
    m_received.start();
    rebuild();
}

void GenerationsBar::rebuild()
{
    while (m_chips.size() > m_generations.size())
        delete m_chips.takeLast();
    while (m_chips.size() < m_generations.size()) {
        auto *chip = new QLabel(this);
        chip->setTextFormat(Qt::RichText);
        m_layout->insertWidget(int(m_chips.size()), chip);
        m_chips << chip;
    }
    bool draining = false;
    for (qsizetype i = 0; i < m_generations.size(); ++i) {
        m_chips[i]->setText(chipText(m_generations[i]));
        // An equal sheet set again still repolishes: a relayout and repaint per snapshot.
        if (const QString style = chipStyle(m_generations[i].role); m_chips[i]->styleSheet() != style)
            m_chips[i]->setStyleSheet(style);
        draining = draining || m_generations[i].drainDeadlineMs >= 0;
    }
    m_empty->setVisible(m_generations.isEmpty());
    if (draining)
        m_tick.start();
    else
        m_tick.stop();
}

void GenerationsBar::tick()
{
    for (qsizetype i = 0; i < m_generations.size() && i < m_chips.size(); ++i) {
        if (m_generations[i].drainDeadlineMs >= 0)
            m_chips[i]->setText(chipText(m_generations[i]));
    }
}

QString GenerationsBar::chipText(const Generation &g) const
{
    const QString title = QStringLiteral("<b>%1</b>").arg(tr("Generation %1").arg(g.number).toHtmlEscaped());
    QString detail;
    if (g.role == QLatin1String("current")) {
        detail = tr("current · %1/%2 ready").arg(g.ready).arg(g.wanted);
    } else if (g.role == QLatin1String("starting")) {
        detail = tr("starting · %1/%2 ready").arg(g.ready).arg(g.wanted);
    } else if (g.role == QLatin1String("draining")) {
        detail = tr("draining · %1 left").arg(g.workers);
        if (g.drainDeadlineMs >= 0)
            detail += QStringLiteral(" · ") + tr("killed in %1").arg(formatCountdown(g.drainDeadlineMs - m_received.elapsed()));
    } else if (g.role == QLatin1String("failed")) {
        detail = tr("failed, rolling back");
    } else {
        detail = g.role;
    }
    return title + QStringLiteral(" · ") + detail.toHtmlEscaped();
}

QString GenerationsBar::chipStyle(const QString &role) const
{
    QColor accent;
    if (role == QLatin1String("current"))
        accent = icons::serviceStateColor(QStringLiteral("running"), palette());
    else if (role == QLatin1String("starting"))
        accent = icons::serviceStateColor(QStringLiteral("reloading"), palette());
    else if (role == QLatin1String("draining"))
        accent = icons::serviceStateColor(QStringLiteral("degraded"), palette());
    else
        accent = icons::serviceStateColor(QStringLiteral("failed"), palette());
    const QColor base = palette().color(QPalette::Base);
    const QColor background = QColor::fromRgbF(base.redF() * 0.85 + accent.redF() * 0.15, base.greenF() * 0.85 + accent.greenF() * 0.15,
                                               base.blueF() * 0.85 + accent.blueF() * 0.15);
    return QStringLiteral("QLabel { border: 1px solid %1; border-radius: 4px; padding: 3px 8px; background: %2; color: %3; }")
        .arg(accent.name(), background.name(), palette().color(QPalette::Text).name());
}

QStringList GenerationsBar::chipTexts() const
{
    QStringList out;
    for (const QLabel *chip : m_chips) {
        QString text = chip->text();
        text.remove(QStringLiteral("<b>")).remove(QStringLiteral("</b>"));
        out << text;
    }
    return out;
}

void GenerationsBar::changeEvent(QEvent *event)
{
    // The chips are told again from their data: no wait for the next snapshot.
    if (event->type() == QEvent::LanguageChange)
        m_empty->setText(tr("No generation"));
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::LanguageChange)
        rebuild();
    QWidget::changeEvent(event);
}

} // namespace baton
