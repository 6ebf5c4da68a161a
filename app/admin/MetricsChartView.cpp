#include "MetricsChartView.h"

#include "Icons.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QScatterSeries>
#include <QToolTip>
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

// The points of a line the picture needs: inside a run of equal values
// only the run's ends (the rest lie on the same horizontal segment). An idle
// worker's FD count or RSS is one value for minutes; Qt Charts keeps each
// point several times over per series (geometry, path, hover outline).
void dropFlatInterior(QList<QPointF> &points)
{
    qsizetype kept = 0;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const bool interior = i > 0 && i + 1 < points.size() && points[i].y() == points[kept - 1].y()
                              && points[i].y() == points[i + 1].y();
        if (!interior)
            points[kept++] = points[i];
    }
    points.resize(kept);
}

// A round axis range over `maximum` in `intervals` ticks, with labels to
// match the metric.
void fitAxis(QValueAxis *axis, double maximum, MetricsHistory::Metric metric, int intervals)
{
    double step = niceStep(maximum * 1.1 / intervals);
    if (metric == MetricsHistory::Metric::Fds)
        step = std::max(step, 1.0);
    axis->setLabelFormat(metric == MetricsHistory::Metric::Fds || step >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    axis->setTickCount(intervals + 1);
    axis->setRange(0, step * intervals);
}

QString titleOf(MetricsHistory::Metric metric)
{
    switch (metric) {
    case MetricsHistory::Metric::Fds: return MetricsChartView::tr("Open file descriptors");
    case MetricsHistory::Metric::Rss: return MetricsChartView::tr("Resident memory (MiB)");
    case MetricsHistory::Metric::Cpu: return MetricsChartView::tr("CPU (% of one core)");
    case MetricsHistory::Metric::Requests: return MetricsChartView::tr("Requests per second");
    }
    return {};
}

} // namespace

MetricsChartView::MetricsChartView(MetricsHistory *history, MetricsHistory::Metric metric, QWidget *parent)
    : QChartView(parent), m_history(history), m_metric(metric), m_axisX(new QDateTimeAxis), m_axisY(new QValueAxis),
      m_axisWorkers(new QValueAxis), m_reloadMarks(new QScatterSeries), m_crashMarks(new QScatterSeries)
{
    // The view's own chart: setChart() would only release that one, not delete it.
    QChart *chart = this->chart();
    chart->setTitle(titleOf(metric));
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    chart->legend()->setFont(legendFont);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    m_axisX->setTickCount(5);
    for (QValueAxis *axis : {m_axisY, m_axisWorkers}) {
        axis->setTickCount(Intervals + 1);
        axis->setMin(0);
    }
    m_axisY->setTitleText(tr("total"));
    m_axisWorkers->setTitleText(tr("per worker"));
    m_axisWorkers->setGridLineVisible(false);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    chart->addAxis(m_axisWorkers, Qt::AlignRight);
    for (QScatterSeries *marks : {m_reloadMarks, m_crashMarks}) {
        marks->setMarkerSize(9);
        marks->setBorderColor(Qt::transparent);
        chart->addSeries(marks);
        marks->attachAxis(m_axisX);
        marks->attachAxis(m_axisY);
    }
    m_reloadMarks->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_crashMarks->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_reloadMarks->setName(tr("new generation"));
    m_crashMarks->setName(tr("crash"));
    // The symbols explain themselves in their tooltips: the legend is for lines.
    for (QScatterSeries *marks : {m_reloadMarks, m_crashMarks}) {
        for (QLegendMarker *marker : chart->legend()->markers(marks))
            marker->setVisible(false);
    }
    connect(m_reloadMarks, &QScatterSeries::hovered, this, [this](const QPointF &p, bool on) {
        if (on)
            showMarkerTip(p, false);
    });
    connect(m_crashMarks, &QScatterSeries::hovered, this, [this](const QPointF &p, bool on) {
        if (on)
            showMarkerTip(p, true);
    });
    setRenderHint(QPainter::Antialiasing);
    // Room for the title, the legend, the time axis and some plot: 180 px left
    // baton-admin taller than 640 px in Chinese (a CJK font's taller lines).
    setMinimumHeight(140);
    applyPalette();
    connect(history, &MetricsHistory::changed, this, &MetricsChartView::refresh);
    refresh();
}

void MetricsChartView::setService(const QString &service)
{
    if (service == m_service)
        return;
    m_service = service;
    refresh();
}

void MetricsChartView::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    refresh();
}

void MetricsChartView::refresh()
{
    if (isVisible())
        rebuild();
    else
        m_stale = true;
}

void MetricsChartView::upToDate() const
{
    if (m_stale)
        const_cast<MetricsChartView *>(this)->rebuild();
}

void MetricsChartView::showEvent(QShowEvent *event)
{
    QChartView::showEvent(event);
    if (m_stale)
        rebuild();
}

int MetricsChartView::seriesCount() const
{
    upToDate();
    return int(m_workers.size()) + (m_total.isEmpty() ? 0 : 1);
}

QList<QList<QPointF>> MetricsChartView::totalSegments() const
{
    upToDate();
    QList<QList<QPointF>> out;
    for (const QLineSeries *s : m_total)
        out << s->points();
    return out;
}

QList<QList<QPointF>> MetricsChartView::workerSegments(qint64 pid) const
{
    upToDate();
    QList<QList<QPointF>> out;
    for (const QLineSeries *s : m_workers.value(pid))
        out << s->points();
    return out;
}

QString MetricsChartView::legendLabel(qint64 pid) const
{
    upToDate();
    const QList<QLineSeries *> lines = m_workers.value(pid);
    if (lines.isEmpty())
        return {};
    const auto markers = chart()->legend()->markers(lines.first());
    return !markers.isEmpty() && markers.first()->isVisible() ? lines.first()->name() : QString();
}

int MetricsChartView::markerCount() const
{
    upToDate();
    return int(m_reloadMarks->count() + m_crashMarks->count());
}

double MetricsChartView::scaled(double value) const
{
    return m_metric == MetricsHistory::Metric::Rss ? value / MiB : value;
}

void MetricsChartView::setSegments(QList<QLineSeries *> &lines, const QList<QList<QPointF>> &segments, QValueAxis *axis)
{
    while (lines.size() < std::max<qsizetype>(segments.size(), 1)) {
        auto *series = new QLineSeries(this);
        chart()->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(axis);
        if (!lines.isEmpty()) {   // a continuation: the first's colour, no legend entry of its own
            series->setPen(lines.first()->pen());
            for (QLegendMarker *marker : chart()->legend()->markers(series))
                marker->setVisible(false);
        }
        lines << series;
    }
    while (lines.size() > std::max<qsizetype>(segments.size(), 1)) {
        QLineSeries *series = lines.takeLast();
        chart()->removeSeries(series);
        delete series;
    }
    for (qsizetype i = 0; i < lines.size(); ++i) {
        lines[i]->replace(i < segments.size() ? segments[i] : QList<QPointF>());
        if (i > 0)
            lines[i]->setPen(lines.first()->pen());
    }
}

void MetricsChartView::rebuild()
{
    m_stale = false;
    if (!m_history)
        return;
    const auto convert = [this](const QList<QPointF> &points, double *maximum) {
        QList<QPointF> out;
        out.reserve(points.size());
        for (const QPointF &p : points) {
            out << QPointF(p.x(), scaled(p.y()));
            *maximum = std::max(*maximum, scaled(p.y()));
        }
        QList<QList<QPointF>> segments = m_history->segments(out);
        for (QList<QPointF> &segment : segments)
            dropFlatInterior(segment);
        return segments;
    };

    double workerMax = 0, totalMax = 0;
    QSet<qint64> shown;
    int named = 0;
    const QList<const MetricsHistory::Worker *> workers = m_history->workers(m_service);
    // Legend: live workers first, then exited ones, up to MaxLegendWorkers.
    QList<const MetricsHistory::Worker *> legendOrder = workers;
    std::stable_sort(legendOrder.begin(), legendOrder.end(), [this](const auto *a, const auto *b) {
        return m_history->inLastSample(a->pid) > m_history->inLastSample(b->pid);
    });
    for (const MetricsHistory::Worker *w : workers) {
        QList<QLineSeries *> &lines = m_workers[w->pid];
        setSegments(lines, convert(w->points(m_metric), &workerMax), m_axisWorkers);
        const bool exited = !m_history->inLastSample(w->pid);
        const QString who = m_service.isEmpty() ? tr("%1 %2").arg(w->service).arg(w->pid) : QString::number(w->pid);
        lines.first()->setName(exited ? tr("%1 (exited)").arg(who) : who);
        shown.insert(w->pid);
    }
    for (const MetricsHistory::Worker *w : std::as_const(legendOrder)) {
        const bool show = named < MaxLegendWorkers;
        named += show ? 1 : 0;
        for (QLegendMarker *marker : chart()->legend()->markers(m_workers.value(w->pid).first()))
            marker->setVisible(show);
    }
    for (auto it = m_workers.begin(); it != m_workers.end();) {
        if (shown.contains(it.key())) {
            ++it;
            continue;
        }
        for (QLineSeries *series : std::as_const(it.value())) {
            chart()->removeSeries(series);
            delete series;
        }
        it = m_workers.erase(it);
    }
    setSegments(m_total, convert(m_history->total(m_service, m_metric), &totalMax), m_axisY);
    m_total.first()->setName(tr("Total"));
    QPen totalPen(palette().color(QPalette::Text), 2.5);
    for (QLineSeries *series : std::as_const(m_total))
        series->setPen(totalPen);

    // The window ends at the last sample: offline, the picture stands still.
    // Until ten minutes of data exist, it spans what there is (at least a minute).
    const qint64 end = m_history->lastSampleMs() > 0 ? m_history->lastSampleMs() : QDateTime::currentMSecsSinceEpoch();
    qint64 start = end - MetricsHistory::WindowMs;
    if (m_history->firstSampleMs() > start)
        start = std::min(m_history->firstSampleMs(), end - MinimumSpanMs);
    // The locale's own time format (with seconds over short spans).
    const QString timeFormat = QLocale().timeFormat(QLocale::ShortFormat);
    m_axisX->setFormat(end - start <= 5 * 60 * 1000 && !timeFormat.contains(QLatin1Char('s'))
                           ? QString(timeFormat).replace(QStringLiteral("mm"), QStringLiteral("mm:ss"))
                           : timeFormat);
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(end));
    // As many ticks as fit: a label needs about two text lines of height,
    // or Qt Charts elides every one of them to "...".
    const int lineHeight = QFontMetrics(m_axisY->labelsFont()).height();
    const int intervals = std::clamp(int(chart()->plotArea().height() / (2.2 * lineHeight)), 2, Intervals);
    fitAxis(m_axisY, totalMax, m_metric, intervals);
    fitAxis(m_axisWorkers, workerMax, m_metric, intervals);

    // Markers along the top edge of the plot.
    m_shownMarkers = m_history->markers(m_service);
    QList<QPointF> reloads, crashes;
    const double top = m_axisY->max();
    for (const MetricsHistory::Marker &m : std::as_const(m_shownMarkers))
        (m.crashedPid > 0 ? crashes : reloads) << QPointF(double(m.timeMs), top);
    m_reloadMarks->replace(reloads);
    m_crashMarks->replace(crashes);
    viewport()->update();
}

void MetricsChartView::showMarkerTip(const QPointF &point, bool crash)
{
    QStringList lines;
    for (const MetricsHistory::Marker &m : std::as_const(m_shownMarkers)) {
        if ((m.crashedPid > 0) != crash || std::abs(double(m.timeMs) - point.x()) > 1000)
            continue;
        const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(m.timeMs).time(), QLocale::LongFormat);
        lines << (crash ? tr("%1 %2: worker %3 crashed").arg(when, m.service).arg(m.crashedPid)
                        : tr("%1 %2: generation %3 took over").arg(when, m.service).arg(m.generation));
    }
    if (!lines.isEmpty())
        QToolTip::showText(QCursor::pos(), lines.join(QLatin1Char('\n')), this);
}

void MetricsChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    if (!m_history || m_total.isEmpty())
        return;
    const QRectF plot = chart()->plotArea();
    painter->save();
    // A faint line down from each marker: where in the data it happened.
    for (const MetricsHistory::Marker &m : std::as_const(m_shownMarkers)) {
        const QPointF at = chart()->mapToScene(chart()->mapToPosition(QPointF(double(m.timeMs), 0), m_total.first()));
        if (at.x() < plot.left() || at.x() > plot.right())
            continue;
        const bool crash = m.crashedPid > 0;
        QColor color = icons::eventCategoryColor(crash ? EventModel::Category::Crash : EventModel::Category::Reload, palette());
        color.setAlphaF(0.35);
        painter->setPen(QPen(color, 1, crash ? Qt::DotLine : Qt::DashLine));
        painter->drawLine(QPointF(at.x(), plot.top()), QPointF(at.x(), plot.bottom()));
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
                          last > 0 ? tr("Offline: last sample at %1")
                                         .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(last).time(), QLocale::LongFormat))
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
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_axisX), static_cast<QAbstractAxis *>(m_axisY),
                                static_cast<QAbstractAxis *>(m_axisWorkers)}) {
        axis->setLabelsColor(p.color(QPalette::Text));
        axis->setTitleBrush(p.color(QPalette::PlaceholderText));
        QColor grid = p.color(QPalette::Text);
        grid.setAlphaF(0.15);
        axis->setGridLineColor(grid);
    }
    m_reloadMarks->setColor(icons::eventCategoryColor(EventModel::Category::Reload, p));
    m_crashMarks->setColor(icons::eventCategoryColor(EventModel::Category::Crash, p));
    QFont title = font();
    title.setBold(true);
    chart()->setTitleFont(title);
    QFont axisTitle = font();
    axisTitle.setPointSizeF(axisTitle.pointSizeF() * 0.85);
    m_axisY->setTitleFont(axisTitle);
    m_axisWorkers->setTitleFont(axisTitle);
}

void MetricsChartView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    refresh();   // the tick count follows the height
}

void MetricsChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        refresh();
    }
}

} // namespace baton
