// LogLineModel (the admin app's ring of worker output) and LogFilterModel.
#include "baton/LogFilterModel.h"
#include "baton/LogLineModel.h"

#include <QSignalSpy>
#include <QTest>

using namespace baton;

namespace {

QVariantMap line(qint64 seq, const QString &service = QStringLiteral("web"), int generation = 1, qint64 pid = 100,
                 const QString &stream = QStringLiteral("stdout"), int priority = 6, const QString &text = {})
{
    return {{QStringLiteral("seq"), seq},
            {QStringLiteral("time"), QStringLiteral("2026-12-01T11:00:00.000Z")},
            {QStringLiteral("service"), service},
            {QStringLiteral("generation"), generation},
            {QStringLiteral("pid"), pid},
            {QStringLiteral("stream"), stream},
            {QStringLiteral("priority"), priority},
            {QStringLiteral("text"), text.isEmpty() ? QStringLiteral("line %1").arg(seq) : text}};
}

QVariantList lines(qint64 from, qint64 to)
{
    QVariantList out;
    for (qint64 seq = from; seq <= to; ++seq)
        out << line(seq);
    return out;
}

QList<qint64> seqs(const QAbstractItemModel &model)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(LogLineModel::SeqRole).toLongLong();
    return out;
}

} // namespace

class TestLogModel final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneInsertionPerBatch();
    void mergesBySeq();
    void boundedRingDropsOldest();
    void batchLargerThanTheRing();
    void rolesAndColumns();
    void filters();
    void filterFollowsAppends();
    void hundredThousandLines();
};

void TestLogModel::oneInsertionPerBatch()
{
    LogLineModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.appendLines(lines(1, 500)), 500);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 499);
    QCOMPARE(model.appendLines(lines(501, 510)), 10);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 500);
    QCOMPARE(model.lastSeq(), 510);
}

void TestLogModel::mergesBySeq()
{
    LogLineModel model;
    model.appendLines(lines(1, 10));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // A backlog that overlaps the live lines: only the new ones count, once.
    QCOMPARE(model.appendLines(lines(5, 12)), 2);
    QCOMPARE(model.appendLines(lines(3, 12)), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(seqs(model).last(), 12);
    // Not a LogLine: ignored.
    QCOMPARE(model.appendLines({QVariant(42), QVariantMap{{QStringLiteral("seq"), 99}}}), 0);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.lastSeq(), 0);
    QCOMPARE(model.appendLines(lines(1, 3)), 3);   // a new daemon starts over at 1
}

void TestLogModel::boundedRingDropsOldest()
{
    LogLineModel model(nullptr, 100);
    model.appendLines(lines(1, 90));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendLines(lines(91, 120));
    QCOMPARE(removed.size(), 1);   // one removal of the 20 oldest, then one insertion
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 19);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(seqs(model).first(), 21);
    QCOMPARE(seqs(model).last(), 120);
    QCOMPARE(model.droppedHere(), 20);
    model.setMaxLines(10);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(seqs(model).first(), 111);
}

void TestLogModel::batchLargerThanTheRing()
{
    LogLineModel model(nullptr, 10);
    model.appendLines(lines(1, 5));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.appendLines(lines(6, 40)), 10);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(seqs(model), (QList<qint64>{31, 32, 33, 34, 35, 36, 37, 38, 39, 40}));
    QCOMPARE(model.droppedHere(), 30);
}

void TestLogModel::rolesAndColumns()
{
    LogLineModel model;
    model.appendLines({line(7, QStringLiteral("api"), 3, 4242, QStringLiteral("stderr"), 3, QStringLiteral("boom"))});
    const QModelIndex text = model.index(0, LogLineModel::TextColumn);
    QCOMPARE(text.data().toString(), QStringLiteral("boom"));
    QCOMPARE(text.data(LogLineModel::StderrRole).toBool(), true);
    QCOMPARE(text.data(LogLineModel::PriorityRole).toInt(), 3);
    QCOMPARE(model.index(0, LogLineModel::PidColumn).data(LogLineModel::UnderlyingDataRole).toLongLong(), 4242);
    QCOMPARE(model.index(0, LogLineModel::GenerationColumn).data(LogLineModel::UnderlyingDataRole).toInt(), 3);
    QCOMPARE(model.index(0, LogLineModel::ServiceColumn).data(LogLineModel::UnderlyingDataRole).toString(), QStringLiteral("api"));
    QVERIFY(model.index(0, LogLineModel::StreamColumn).data().toString().contains(QStringLiteral("err")));
    QVERIFY(LogLineModel::lineText(model.lineAt(0)).endsWith(QStringLiteral("api#3[4242] stderr: boom")));
}

void TestLogModel::filters()
{
    LogLineModel model;
    model.appendLines({line(1, QStringLiteral("web"), 1, 10, QStringLiteral("stdout"), 6, QStringLiteral("hello")),
                       line(2, QStringLiteral("web"), 2, 20, QStringLiteral("stderr"), 3, QStringLiteral("Error: boom")),
                       line(3, QStringLiteral("api"), 1, 30, QStringLiteral("stdout"), 4, QStringLiteral("careful")),
                       line(4, QStringLiteral("web"), 2, 21, QStringLiteral("stdout"), 7, QStringLiteral("debug ERROR-ish"))});
    LogFilterModel filter;
    filter.setSourceModel(&model);
    QCOMPARE(seqs(filter), (QList<qint64>{1, 2, 3, 4}));
    filter.setService(QStringLiteral("web"));
    QCOMPARE(seqs(filter), (QList<qint64>{1, 2, 4}));
    filter.setGeneration(2);
    QCOMPARE(seqs(filter), (QList<qint64>{2, 4}));
    filter.setPid(21);
    QCOMPARE(seqs(filter), (QList<qint64>{4}));
    filter.setPid(std::nullopt);
    filter.setStderrOnly(true);
    QCOMPARE(seqs(filter), (QList<qint64>{2}));
    filter.setStderrOnly(false);
    filter.setGeneration(std::nullopt);
    filter.setService({});
    filter.setMaxPriority(4);   // warning and worse
    QCOMPARE(seqs(filter), (QList<qint64>{2, 3}));
    filter.setMaxPriority(std::nullopt);
    filter.setSearchText(QStringLiteral("error"));   // case-insensitive
    QCOMPARE(seqs(filter), (QList<qint64>{2, 4}));
}

void TestLogModel::filterFollowsAppends()
{
    LogLineModel model(nullptr, 5);
    LogFilterModel filter;
    filter.setSourceModel(&model);
    filter.setGeneration(2);
    model.appendLines({line(1, QStringLiteral("web"), 1), line(2, QStringLiteral("web"), 2)});
    QCOMPARE(seqs(filter), (QList<qint64>{2}));
    model.appendLines({line(3, QStringLiteral("web"), 2), line(4, QStringLiteral("web"), 1)});
    QCOMPARE(seqs(filter), (QList<qint64>{2, 3}));
    // The ring drops the oldest: so does the filter.
    model.appendLines({line(5, QStringLiteral("web"), 1), line(6, QStringLiteral("web"), 1), line(7, QStringLiteral("web"), 2)});
    QCOMPARE(seqs(filter), (QList<qint64>{3, 7}));
}

void TestLogModel::hundredThousandLines()
{
    LogLineModel model;
    LogFilterModel filter;
    filter.setSourceModel(&model);
    QElapsedTimer timer;
    timer.start();
    for (qint64 batch = 0; batch < 120; ++batch)
        model.appendLines(lines(batch * 1000 + 1, batch * 1000 + 1000));
    QCOMPARE(model.rowCount(), LogLineModel::DefaultMaxLines);
    QCOMPARE(filter.rowCount(), LogLineModel::DefaultMaxLines);
    QCOMPARE(seqs(model).first(), 20001);
    filter.setSearchText(QStringLiteral("line 11999"));   // 119990..119999; 11999 itself is gone
    QCOMPARE(filter.rowCount(), 10);
    qInfo("120 batches of 1000 lines into a ring of 100,000, filtered and searched: %lld ms", timer.elapsed());
    QVERIFY2(timer.elapsed() < 20000, "stays fluid");
}

QTEST_GUILESS_MAIN(TestLogModel)
#include "tst_log_model.moc"
