#pragma once

#include "MetricsHistory.h"

#include <QChartView>
#include <QHash>
#include <QPointer>

class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace baton {

// One live chart of MetricsHistory over the last ten minutes: a bold total
// on the left axis, a line per worker on a right axis of its own (a worker
// uses a fraction of the total and would sit flat at the bottom), and event
// markers as symbols along the top with the details in a tooltip (a reload
// as a circle, a crash as a triangle: no text that could overlap). A line
// is drawn only through samples that came within twice the sampling
// interval of each other: an outage or a service without workers is a gap,
// never a straight line; inside a run of equal values only its ends are
// kept (the same picture). Exited workers keep their legend entry, marked so.
// While offline the chart stays as the last data, dimmed and labelled.
class MetricsChartView final : public QChartView {
    Q_OBJECT
public:
    MetricsChartView(MetricsHistory *history, MetricsHistory::Metric metric, QWidget *parent = nullptr);

    void setService(const QString &service);   // "" = every service
    void setLive(bool live);
    // What is drawn, for tests (brought up to date first, even while hidden):
    int seriesCount() const;                   // worker lines and the total (not their gap segments)
    // the total's segments, and a worker's
    QList<QList<QPointF>> totalSegments() const;
    QList<QList<QPointF>> workerSegments(qint64 pid) const;
    QString legendLabel(qint64 pid) const;     // "" when it has none
    int markerCount() const;

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    // A chart on a hidden tab or page is not rebuilt: Qt Charts recomputes
    // each series' path and hover shape on every replace and axis move, for
    // nobody. It is marked stale and catches up when shown.
    void refresh();
    void rebuild();
    void upToDate() const;   // for the test accessors
    // Makes `lines` hold one series per segment, styled like the first.
    void setSegments(QList<QLineSeries *> &lines, const QList<QList<QPointF>> &segments, QValueAxis *axis);
    double scaled(double value) const;
    void applyPalette();
    void showMarkerTip(const QPointF &point, bool crash);

    QPointer<MetricsHistory> m_history;
    MetricsHistory::Metric m_metric;
    QString m_service;
    bool m_live = true;
    bool m_stale = false;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;          // the total
    QValueAxis *m_axisWorkers;    // each worker
    QList<QLineSeries *> m_total;
    QHash<qint64, QList<QLineSeries *>> m_workers;
    QScatterSeries *m_reloadMarks;
    QScatterSeries *m_crashMarks;
    QList<MetricsHistory::Marker> m_shownMarkers;
};

} // namespace baton
