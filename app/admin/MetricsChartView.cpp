#include "MetricsChartView.h"

#include "Icons.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QValueAxis>

#include <cmath>

namespace baton {

namespace {

constexpr double MiB = 1024.0 * 1024.0;

constexpr int Intervals = 5;
constexpr int MaxLegendWorkers = 6;
constexpr qint64 MinimumSpanMs = 60 * 1000;

// 1, 2, 5 × 10^n at or above `value`: a round tick step.
double niceStep(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

MetricsChartView::MetricsChartView(MetricsHistory *history, MetricsHistory::Metric metric, QWidget *parent)
    : QChartView(parent), m_history(history), m_metric(metric), m_axisX(new QDateTimeAxis), m_axisY(new QValueAxis),
      m_total(new QLineSeries)
{
    auto *chart = new QChart;
    chart->setTitle(metric == MetricsHistory::Metric::Fds ? tr("Open file descriptors") : tr("Resident memory (MiB)"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    chart->legend()->setFont(legendFont);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    m_axisX->setFormat(QStringLiteral("HH:mm"));
    m_axisX->setTickCount(5);
    m_axisY->setTickCount(Intervals + 1);
    m_axisY->setMin(0);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_total->setName(tr("Total"));
    chart->addSeries(m_total);
    m_total->attachAxis(m_axisX);
    m_total->attachAxis(m_axisY);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    applyPalette();
    connect(history, &MetricsHistory::changed, this, &MetricsChartView::rebuild);
    rebuild();
}

void MetricsChartView::setService(const QString &service)
{
    if (service == m_service)
        return;
    m_service = service;
    rebuild();
}

void MetricsChartView::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    rebuild();
}

int MetricsChartView::seriesCount() const
{
    return int(chart()->series().size());
}

double MetricsChartView::scaled(double value) const
{
    return m_metric == MetricsHistory::Metric::Rss ? value / MiB : value;
}

QLineSeries *MetricsChartView::workerSeries(qint64 pid)
{
    if (QLineSeries *series = m_workers.value(pid))
        return series;
    auto *series = new QLineSeries(this);
    chart()->addSeries(series);
    series->attachAxis(m_axisX);
    series->attachAxis(m_axisY);
    m_workers.insert(pid, series);
    return series;
}

void MetricsChartView::rebuild()
{
    if (!m_history)
        return;
    double maximum = 0;
    const auto convert = [&](const QList<QPointF> &points) {
        QList<QPointF> out;
        out.reserve(points.size());
        for (const QPointF &p : points) {
            out << QPointF(p.x(), scaled(p.y()));
            maximum = std::max(maximum, scaled(p.y()));
        }
        return out;
    };

    QSet<qint64> shown;
    for (const MetricsHistory::Worker *w : m_history->workers(m_service)) {
        QLineSeries *series = workerSeries(w->pid);
        series->setName(m_service.isEmpty() ? tr("%1 PID %2").arg(w->service).arg(w->pid) : tr("PID %1").arg(w->pid));
        series->replace(convert(m_metric == MetricsHistory::Metric::Fds ? w->fds : w->rss));
        shown.insert(w->pid);
    }
    for (auto it = m_workers.begin(); it != m_workers.end();) {
        if (shown.contains(it.key())) {
            ++it;
            continue;
        }
        chart()->removeSeries(it.value());
        delete it.value();
        it = m_workers.erase(it);
    }
    // The legend names the workers alive now; the lines of gone ones stay as history.
    int named = 0;
    for (auto it = m_workers.cbegin(); it != m_workers.cend(); ++it) {
        const bool show = m_history->inLastSample(it.key()) && named < MaxLegendWorkers;
        named += show ? 1 : 0;
        for (QLegendMarker *marker : chart()->legend()->markers(it.value()))
            marker->setVisible(show);
    }
    m_total->replace(convert(m_history->total(m_service, m_metric)));
    QPen totalPen(palette().color(QPalette::Text), 2.5);
    m_total->setPen(totalPen);

    // The window ends at the last sample: offline, the picture stands still.
    // Until ten minutes of data exist, it spans what there is (at least a minute).
    const qint64 end = m_history->lastSampleMs() > 0 ? m_history->lastSampleMs() : QDateTime::currentMSecsSinceEpoch();
    qint64 start = end - MetricsHistory::WindowMs;
    if (m_history->firstSampleMs() > start)
        start = std::min(m_history->firstSampleMs(), end - MinimumSpanMs);
    m_axisX->setFormat(end - start <= 5 * 60 * 1000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(end));
    // Round ticks: whole FD counts, whole MiB unless the values are tiny.
    double step = niceStep(maximum * 1.1 / Intervals);
    if (m_metric == MetricsHistory::Metric::Fds)
        step = std::max(step, 1.0);
    m_axisY->setLabelFormat(m_metric == MetricsHistory::Metric::Fds || step >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    m_axisY->setRange(0, step * Intervals);
    viewport()->update();
}

void MetricsChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    if (!m_history)
        return;
    const QRectF plot = chart()->plotArea();
    painter->save();
    const QColor reloadColor = icons::eventCategoryColor(EventModel::Category::Reload, palette());
    const QColor crashColor = icons::eventCategoryColor(EventModel::Category::Crash, palette());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter->setFont(small);
    for (const MetricsHistory::Marker &m : m_history->markers(m_service)) {
        const QPointF at = chart()->mapToScene(chart()->mapToPosition(QPointF(double(m.timeMs), 0), m_total));
        if (at.x() < plot.left() || at.x() > plot.right())
            continue;
        // Generation switches dashed, crashes dotted: a reload never looks like a crash.
        const bool crash = m.crashedPid > 0;
        painter->setPen(QPen(crash ? crashColor : reloadColor, 1.2, crash ? Qt::DotLine : Qt::DashLine));
        painter->drawLine(QPointF(at.x(), plot.top()), QPointF(at.x(), plot.bottom()));
        QString label = crash ? tr("crash %1").arg(m.crashedPid) : tr("gen. %1").arg(m.generation);
        if (m_service.isEmpty())
            label = m.service + QLatin1Char(' ') + label;
        const int line = painter->fontMetrics().height();
        painter->drawText(QPointF(at.x() + 3, plot.top() + painter->fontMetrics().ascent() + (crash ? line : 0)), label);
    }
    if (!m_live) {
        // Dim and say so: the lines are the last known data, not live.
        QColor veil = palette().color(QPalette::Window);
        veil.setAlphaF(0.6);
        painter->fillRect(plot, veil);
        painter->setPen(palette().color(QPalette::Text));
        QFont bold = font();
        bold.setBold(true);
        painter->setFont(bold);
        const qint64 last = m_history->lastSampleMs();
        painter->drawText(plot, Qt::AlignCenter,
                          last > 0 ? tr("Offline: last sample at %1").arg(QDateTime::fromMSecsSinceEpoch(last).toString(QStringLiteral("HH:mm:ss")))
                                   : tr("Offline: no data"));
    } else if (m_history->lastSampleMs() == 0) {
        painter->setPen(palette().color(QPalette::PlaceholderText));
        painter->drawText(plot, Qt::AlignCenter, tr("Waiting for the first sample…"));
    }
    painter->restore();
}

void MetricsChartView::applyPalette()
{
    const QPalette p = palette();
    chart()->setTheme(icons::isDark(p) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart()->setBackgroundBrush(p.color(QPalette::Base));
    chart()->setTitleBrush(p.color(QPalette::Text));
    chart()->legend()->setLabelColor(p.color(QPalette::Text));
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_axisX), static_cast<QAbstractAxis *>(m_axisY)}) {
        axis->setLabelsColor(p.color(QPalette::Text));
        QColor grid = p.color(QPalette::Text);
        grid.setAlphaF(0.15);
        axis->setGridLineColor(grid);
    }
    QFont title = font();
    title.setBold(true);
    chart()->setTitleFont(title);
}

void MetricsChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        rebuild();
    }
}

} // namespace baton
