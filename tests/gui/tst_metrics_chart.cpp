// The dashboard's charts draw only what was sampled (issue 14, "Charts
// invent data"): checked on the series data, not on pixels. The snapshots
// have the shape of batond's `status` (metrics notifications).
#include "MetricsChartView.h"
#include "MetricsHistory.h"

#include <QApplication>
#include <QTest>
#include <QValueAxis>

using namespace baton;

namespace {

QVariantMap worker(qint64 pid, int generation, qint64 fds, qint64 rss, double cpu)
{
    return {{QStringLiteral("pid"), pid}, {QStringLiteral("generation"), generation}, {QStringLiteral("fds"), fds},
            {QStringLiteral("rss_bytes"), rss}, {QStringLiteral("cpu_percent"), cpu}};
}

QVariantMap status(int generation, const QVariantList &workers)
{
    return {{QStringLiteral("services"),
             QVariantList{QVariantMap{{QStringLiteral("name"), QStringLiteral("web")},
                                      {QStringLiteral("generation"), generation},
                                      {QStringLiteral("workers"), workers}}}}};
}

constexpr qint64 T0 = 1'700'000'000'000;

bool hasPointBetween(const QList<QList<QPointF>> &segments, double from, double to)
{
    for (const auto &segment : segments) {
        for (const QPointF &p : segment) {
            if (p.x() > from && p.x() < to)
                return true;
        }
    }
    return false;
}

} // namespace

class MetricsChartTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void an_outage_is_a_gap_not_a_line()
    {
        MetricsHistory history;
        MetricsChartView chart(&history, MetricsHistory::Metric::Fds);
        const QVariantList two{worker(11, 1, 10, 1 << 20, 1), worker(12, 1, 12, 1 << 20, 2)};
        for (int s = 0; s <= 5; ++s)
            history.addSample(status(1, two), T0 + s * 1000);
        // 16 s without a sample (batond was down), then sampling again.
        for (int s = 21; s <= 25; ++s)
            history.addSample(status(1, two), T0 + s * 1000);
        const auto total = chart.totalSegments();
        QCOMPARE(total.size(), 2);
        QCOMPARE(total[0].last().x(), double(T0 + 5000));
        QCOMPARE(total[1].first().x(), double(T0 + 21000));
        QCOMPARE(chart.workerSegments(11).size(), 2);
        QCOMPARE(chart.seriesCount(), 3);   // two workers and the total, whatever their segments
    }

    void no_workers_is_a_gap_not_a_ramp()
    {
        MetricsHistory history;
        MetricsChartView chart(&history, MetricsHistory::Metric::Rss);
        for (int s = 0; s <= 3; ++s)
            history.addSample(status(1, {worker(11, 1, 10, 4 << 20, 1)}), T0 + s * 1000);
        for (int s = 4; s <= 23; ++s)   // 20 s with 0 workers (a crash storm, a stopped service)
            history.addSample(status(1, {}), T0 + s * 1000);
        for (int s = 24; s <= 26; ++s)
            history.addSample(status(2, {worker(21, 2, 10, 4 << 20, 1)}), T0 + s * 1000);
        const auto total = chart.totalSegments();
        QCOMPARE(total.size(), 2);
        QVERIFY(!hasPointBetween(total, double(T0 + 3000), double(T0 + 24000)));
    }

    void exited_workers_keep_a_legend_entry()
    {
        MetricsHistory history;
        MetricsChartView chart(&history, MetricsHistory::Metric::Fds);
        for (int s = 0; s <= 3; ++s)
            history.addSample(status(1, {worker(11, 1, 10, 1 << 20, 1)}), T0 + s * 1000);
        for (int s = 4; s <= 6; ++s)
            history.addSample(status(2, {worker(21, 2, 10, 1 << 20, 1)}), T0 + s * 1000);
        chart.resize(600, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(chart.legendLabel(11), QStringLiteral("web 11 (exited)"));
        QCOMPARE(chart.legendLabel(21), QStringLiteral("web 21"));
        QCOMPARE(chart.markerCount(), 1);   // generation 2 took over: one symbol, no text
    }

    void workers_have_an_axis_of_their_own_and_cpu_is_charted()
    {
        MetricsHistory history;
        MetricsChartView cpu(&history, MetricsHistory::Metric::Cpu);
        QVariantList many;
        for (int i = 0; i < 16; ++i)
            many << worker(100 + i, 1, 10, 1 << 20, 5);
        for (int s = 0; s <= 3; ++s)
            history.addSample(status(1, many), T0 + s * 1000);
        const auto total = cpu.totalSegments();
        QCOMPARE(total.size(), 1);
        QCOMPARE(total[0].last().y(), 80.0);   // 16 × 5 %
        QCOMPARE(cpu.workerSegments(100).first().last().y(), 5.0);
        // Each worker is scaled on its own axis: not a flat line at the bottom of 80.
        QList<QValueAxis *> axes;
        for (QAbstractAxis *a : cpu.chart()->axes(Qt::Vertical))
            axes << qobject_cast<QValueAxis *>(a);
        QCOMPARE(axes.size(), 2);
        const double lowMax = std::min(axes[0]->max(), axes[1]->max());
        const double highMax = std::max(axes[0]->max(), axes[1]->max());
        QVERIFY2(lowMax <= 10 && highMax >= 80, qPrintable(QStringLiteral("%1 %2").arg(lowMax).arg(highMax)));
    }

    // batond's metrics_history, loaded after the first live snapshots: the
    // older samples go in front; 10 s apart while batond sampled every 10 s
    // is one line with the live 1 s ones, and a real hole stays a gap.
    void loaded_history_goes_in_front_with_its_own_intervals()
    {
        MetricsHistory history;
        MetricsChartView chart(&history, MetricsHistory::Metric::Fds);
        for (int s = 100; s <= 102; ++s)
            history.addSample(status(1, {worker(11, 1, 10, 1 << 20, 1)}), T0 + s * 1000);
        records::MetricsHistory loaded;
        loaded.intervalMs = 1000;
        for (int s : {0, 10, 20, 60, 70, 80, 90, 100, 101}) {   // 20 s → 60 s: batond was down
            records::MetricsSample sample;
            sample.timeMs = T0 + s * 1000;
            sample.intervalMs = s >= 100 ? 1000 : 10000;
            sample.workers << records::WorkerSample{11, QStringLiteral("web"), 1, 9, 1 << 20, 1.0, std::nullopt};
            loaded.samples << sample;
        }
        history.loadHistory(loaded, T0 + 102000);
        const auto total = chart.totalSegments();
        QCOMPARE(total.size(), 2);
        QCOMPARE(total[0].first().x(), double(T0));
        QCOMPARE(total[0].last().x(), double(T0 + 20000));
        QCOMPARE(total[1].first().x(), double(T0 + 60000));
        // batond's samples of the live ones (100 s, 101 s) are not kept twice.
        const QList<QPointF> kept = history.total(QString(), MetricsHistory::Metric::Fds);
        QCOMPARE(kept.size(), 3 + 4 + 3);
        QCOMPARE(kept[6], QPointF(double(T0 + 90000), 9.0));
        QCOMPARE(kept[7], QPointF(double(T0 + 100000), 10.0));
        // Drawn: each flat run by its ends.
        QCOMPARE(total[1], (QList<QPointF>{{double(T0 + 60000), 9.0}, {double(T0 + 90000), 9.0}, {double(T0 + 100000), 10.0},
                                           {double(T0 + 102000), 10.0}}));
    }

    // Requests/s from the deltas of `requests` between samples; a worker that
    // does not report it has no line.
    void request_rate_from_deltas_only_where_reported()
    {
        MetricsHistory history;
        MetricsChartView chart(&history, MetricsHistory::Metric::Requests);
        history.setSamplingInterval(2000);
        const qint64 counts[] = {5, 15, 35, 35};
        for (int s = 0; s < 4; ++s) {
            QVariantMap counted = worker(11, 1, 10, 1 << 20, 1);
            counted.insert(QStringLiteral("requests"), counts[s]);
            history.addSample(status(1, {counted, worker(12, 1, 10, 1 << 20, 1)}), T0 + s * 2000);
        }
        const auto total = chart.totalSegments();
        QCOMPARE(total.size(), 1);
        QCOMPARE(total[0], (QList<QPointF>{{double(T0 + 2000), 5.0}, {double(T0 + 4000), 10.0}, {double(T0 + 6000), 0.0}}));
        QVERIFY(chart.workerSegments(12).value(0).isEmpty());
        QCOMPARE(chart.workerSegments(11).value(0).size(), 3);
    }
    // Issue 15: a chart nobody sees (another tab) builds no series per
    // sample; shown, it catches up at once.
    void a_hidden_chart_builds_nothing_until_shown()
    {
        MetricsHistory history;
        MetricsChartView chart(&history, MetricsHistory::Metric::Fds);
        const int marks = int(chart.chart()->series().size());   // the reload and crash symbols
        for (int s = 0; s <= 3; ++s)
            history.addSample(status(1, {worker(11, 1, 10, 1 << 20, 1), worker(12, 1, 12, 1 << 20, 2)}), T0 + s * 1000);
        QCOMPARE(chart.chart()->series().size(), marks);
        chart.resize(600, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(chart.chart()->series().size(), marks + 3);   // two workers and the total
        history.addSample(status(1, {worker(11, 1, 10, 1 << 20, 1)}), T0 + 4000);
        QCOMPARE(chart.chart()->series().size(), marks + 3);   // 12 exited: its line stays, visible or not
        chart.hide();
        history.addSample(status(1, {}), T0 + 700'000);   // both lines are out of the window now
        QCOMPARE(chart.chart()->series().size(), marks + 3);
        chart.show();
        QCOMPARE(chart.chart()->series().size(), marks + 1);   // only the total is left (an empty one)
    }
    // Issue 15: an idle worker's value is the same for minutes; its line is
    // drawn from the run's ends, every change kept.
    void a_flat_run_is_drawn_by_its_ends()
    {
        MetricsHistory history;
        MetricsChartView chart(&history, MetricsHistory::Metric::Fds);
        const qint64 fds[] = {9, 9, 9, 9, 12, 12, 9, 9, 9};
        for (int s = 0; s < 9; ++s)
            history.addSample(status(1, {worker(11, 1, fds[s], 1 << 20, 1)}), T0 + s * 1000);
        const auto segments = chart.workerSegments(11);
        QCOMPARE(segments.size(), 1);
        QCOMPARE(segments[0], (QList<QPointF>{{double(T0), 9}, {double(T0 + 3000), 9}, {double(T0 + 4000), 12},
                                              {double(T0 + 5000), 12}, {double(T0 + 6000), 9}, {double(T0 + 8000), 9}}));
        QCOMPARE(history.workers(QStringLiteral("web")).first()->points(MetricsHistory::Metric::Fds).size(), 9);
    }
};

QTEST_MAIN(MetricsChartTest)
#include "tst_metrics_chart.moc"
