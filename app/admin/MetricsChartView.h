#pragma once

#include "MetricsHistory.h"

#include <QChartView>
#include <QHash>
#include <QPointer>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace baton {

// One live chart of MetricsHistory: a line per worker and a bold total,
// over the last ten minutes, with dashed vertical markers where the
// service's current generation changed. While offline the chart stays as
// the last data, dimmed and labelled, never scrolling as if live.
class MetricsChartView final : public QChartView {
    Q_OBJECT
public:
    MetricsChartView(MetricsHistory *history, MetricsHistory::Metric metric, QWidget *parent = nullptr);

    void setService(const QString &service);   // "" = every service
    void setLive(bool live);
    int seriesCount() const;                   // worker lines and the total, for tests

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    QLineSeries *workerSeries(qint64 pid);
    double scaled(double value) const;
    void applyPalette();

    QPointer<MetricsHistory> m_history;
    MetricsHistory::Metric m_metric;
    QString m_service;
    bool m_live = true;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    QLineSeries *m_total;
    QHash<qint64, QLineSeries *> m_workers;
};

} // namespace baton
