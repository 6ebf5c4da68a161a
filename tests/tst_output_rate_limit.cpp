// log_rate's token bucket (core/src/OutputRateLimit.cpp), with time as an
// input, and its config spelling (parseLogRate / formatLogRate).
#include "baton/ByteSize.h"
#include "baton/OutputRateLimit.h"

#include <QTest>

#include <limits>

using namespace baton;
using namespace std::chrono_literals;
using Clock = OutputRateLimit::Clock;

class TstOutputRateLimit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unlimitedNeverWaits();
    void startsWithOneSecondAndRefillsAtTheRate();
    void holdsAtMostOneSecond();
    void fractionsAccrue();
    void pausedWaitCoversMinGrant();
    void debtFromTheExitPathIsBounded();
    void pausedTimeIsTheUnionOfWaits();
    void rateChangeKeepsContentWithinNewSize();
    void longIdleDoesNotOverflow();
    void parsesAndFormats_data();
    void parsesAndFormats();
};

void TstOutputRateLimit::unlimitedNeverWaits()
{
    OutputRateLimit r(0);
    const auto t = Clock::time_point(1h);
    QCOMPARE(r.available(t), std::numeric_limits<qint64>::max());
    r.take(1LL << 40, t);
    QCOMPARE(r.available(t), std::numeric_limits<qint64>::max());
    QCOMPARE(r.untilReadable(t), Milliseconds(0));
    QCOMPARE(r.pausedMs(), 0);
}

void TstOutputRateLimit::startsWithOneSecondAndRefillsAtTheRate()
{
    OutputRateLimit r(1'000'000);
    const auto t0 = Clock::time_point(1h);
    QCOMPARE(r.available(t0), 1'000'000);
    r.take(1'000'000, t0);
    QCOMPARE(r.available(t0), 0);
    QCOMPARE(r.available(t0 + 100ms), 100'000);
    QCOMPARE(r.available(t0 + 250ms), 250'000);
    r.take(250'000, t0 + 250ms);
    QCOMPARE(r.available(t0 + 250ms), 0);
    QCOMPARE(r.available(t0 + 1250ms), 1'000'000);
}

void TstOutputRateLimit::holdsAtMostOneSecond()
{
    OutputRateLimit r(500'000);
    const auto t0 = Clock::time_point(1h);
    QCOMPARE(r.available(t0 + 10s), 500'000);
    r.take(100'000, t0 + 10s);
    QCOMPARE(r.available(t0 + 20s), 500'000);
}

void TstOutputRateLimit::fractionsAccrue()
{
    // At 64 KiB/s no single microsecond is worth a byte; a second of them is 64 KiB.
    OutputRateLimit r(64 * 1024);
    const auto t0 = Clock::time_point(1h);
    r.take(64 * 1024, t0);
    qint64 got = 0;
    for (int us = 1; us <= 1'000'000; us += 1) {
        const auto t = t0 + std::chrono::microseconds(us);
        const qint64 a = r.available(t);
        got += a;
        r.take(a, t);
    }
    QVERIFY2(got >= 64 * 1024 - 1 && got <= 64 * 1024 + 4, qPrintable(QString::number(got)));
}

void TstOutputRateLimit::pausedWaitCoversMinGrant()
{
    OutputRateLimit r(1024 * 1024);
    const auto t0 = Clock::time_point(1h);
    r.take(1024 * 1024, t0);
    // 64 KiB at 1 MiB/s: 62.5 ms, rounded up so the wake-up finds them there.
    const Milliseconds wait = r.untilReadable(t0);
    QCOMPARE(wait, Milliseconds(63));
    QVERIFY(r.available(t0 + wait) >= OutputRateLimit::MinGrant);
    QCOMPARE(r.untilReadable(t0 + wait), Milliseconds(0));
    // A bucket smaller than MinGrant (the lowest rate) waits for all of itself.
    OutputRateLimit small(OutputRateLimit::MinGrant);
    small.take(OutputRateLimit::MinGrant, t0);
    QCOMPARE(small.untilReadable(t0), Milliseconds(1000));
}

void TstOutputRateLimit::debtFromTheExitPathIsBounded()
{
    OutputRateLimit r(100'000);
    const auto t0 = Clock::time_point(1h);
    r.take(10'000'000, t0);   // a pipe read to its end whatever the bucket held
    QCOMPARE(r.available(t0), 0);
    QCOMPARE(r.available(t0 + 500ms), 0);
    QCOMPARE(r.available(t0 + 1s), 0);            // a second of debt at most...
    QCOMPARE(r.available(t0 + 1500ms), 50'000);   // ...then it refills as usual
}

void TstOutputRateLimit::pausedTimeIsTheUnionOfWaits()
{
    OutputRateLimit r(1024 * 1024);
    const auto t0 = Clock::time_point(1h);
    r.take(1024 * 1024, t0);
    QCOMPARE(r.untilReadable(t0), Milliseconds(63));
    // Two more workers of the service pause within the same wait: no time twice.
    r.untilReadable(t0 + 10ms);
    r.untilReadable(t0 + 20ms);
    QVERIFY2(r.pausedMs() <= 63, qPrintable(QString::number(r.pausedMs())));
    QVERIFY(r.pausedMs() >= 62);
}

void TstOutputRateLimit::rateChangeKeepsContentWithinNewSize()
{
    OutputRateLimit r(4 * 1024 * 1024);
    const auto t0 = Clock::time_point(1h);
    QCOMPARE(r.available(t0), 4 * 1024 * 1024);
    r.setRate(1024 * 1024);
    QCOMPARE(r.available(t0), 1024 * 1024);
    r.setRate(0);
    QCOMPARE(r.available(t0), std::numeric_limits<qint64>::max());
}

void TstOutputRateLimit::longIdleDoesNotOverflow()
{
    OutputRateLimit r(1024LL * 1024 * 1024);   // MaxLogRate
    const auto t0 = Clock::time_point(1h);
    r.take(1024LL * 1024 * 1024, t0);
    QCOMPARE(r.available(t0 + std::chrono::hours(24 * 365)), 1024LL * 1024 * 1024);
}

void TstOutputRateLimit::parsesAndFormats_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");   // -1: rejected
    QTest::newRow("MiB/s") << "4MiB/s" << 4LL * 1024 * 1024;
    QTest::newRow("KiB/s") << "512KiB/s" << 512LL * 1024;
    QTest::newRow("unlimited") << "unlimited" << 0LL;
    QTest::newRow("the least") << "64KiB/s" << 64LL * 1024;
    QTest::newRow("the most") << "1GiB/s" << 1024LL * 1024 * 1024;
    QTest::newRow("no /s") << "4MiB" << -1LL;
    QTest::newRow("too low") << "1KiB/s" << -1LL;
    QTest::newRow("too high") << "2GiB/s" << -1LL;
    QTest::newRow("zero") << "0B/s" << -1LL;
    QTest::newRow("words") << "fast" << -1LL;
}

void TstOutputRateLimit::parsesAndFormats()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    QString why;
    const auto parsed = parseLogRate(text, &why);
    if (bytes < 0) {
        QVERIFY(!parsed);
        QVERIFY(!why.isEmpty());
        return;
    }
    QCOMPARE(parsed.value_or(-1), bytes);
    QCOMPARE(parseLogRate(formatLogRate(bytes)).value_or(-1), bytes);
}

QTEST_GUILESS_MAIN(TstOutputRateLimit)
#include "tst_output_rate_limit.moc"
