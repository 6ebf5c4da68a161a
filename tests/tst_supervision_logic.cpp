// The pure parts of supervision: notify datagrams, restart backoff, event log.
#include "baton/EventLog.h"
#include "baton/NotifyMessage.h"
#include "baton/RestartBackoff.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace baton;
using namespace std::chrono_literals;

class SupervisionLogicTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void notifyParses()
    {
        const auto m = NotifyMessage::parse("READY=1\nSTATUS=serving 3 requests\nMAINPID=4242\nFOO=bar\n");
        QVERIFY(m);
        QVERIFY(m->ready);
        QCOMPARE(m->status.value_or(QString()), QStringLiteral("serving 3 requests"));
        QCOMPARE(m->mainPid.value_or(0), 4242);
        QVERIFY(!m->watchdog);
        QVERIFY(NotifyMessage::parse("WATCHDOG=1")->watchdog);
        QVERIFY(NotifyMessage::parse("STOPPING=1\nRELOADING=1")->stopping);
        QVERIFY(!NotifyMessage::parse("READY=0")->ready);
        QVERIFY(!m->requests);
    }

    // X_BATON_REQUESTS (README, worker contract): optional; a value that is not
    // a count is ignored, never a reason to drop the rest of the datagram.
    void notifyRequestCount()
    {
        const auto m = NotifyMessage::parse("STATUS=busy\nX_BATON_REQUESTS=1234\n");
        QVERIFY(m);
        QCOMPARE(m->requests.value_or(-1), 1234);
        for (const char *bad : {"X_BATON_REQUESTS=abc", "X_BATON_REQUESTS=-5", "X_BATON_REQUESTS="}) {
            const auto ignored = NotifyMessage::parse(QByteArray("READY=1\n") + bad);
            QVERIFY2(ignored && ignored->ready && !ignored->requests, bad);
        }
    }

    void notifyRejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no equals") << QByteArray("READY\n");
        QTest::newRow("NUL") << QByteArray("READY=1\0", 8);
        QTest::newRow("bad MAINPID") << QByteArray("MAINPID=abc");
        QTest::newRow("MAINPID 1") << QByteArray("MAINPID=1");
        QTest::newRow("oversized") << QByteArray("STATUS=") + QByteArray(5000, 'x');
        QTest::newRow("leading equals") << QByteArray("=1");
    }
    void notifyRejectsMalformed()
    {
        QFETCH(QByteArray, datagram);
        QVERIFY(!NotifyMessage::parse(datagram));
    }

    void backoffDoublesUpToMax()
    {
        RestartPolicy policy;
        policy.initialDelay = 100ms;
        policy.maxDelay = 1000ms;
        policy.maxRestarts = 10;
        policy.window = 60s;
        RestartBackoff backoff(policy);
        const auto t0 = RestartBackoff::Clock::now();
        QList<qint64> delays;
        for (int i = 0; i < 6; ++i)
            delays << backoff.onCrash(t0 + std::chrono::seconds(i), 10ms, 0.0).delay.count();
        QCOMPARE(delays, (QList<qint64>{100, 200, 400, 800, 1000, 1000}));
        QCOMPARE(backoff.restartsInWindow(t0 + 6s), 6);
    }

    void jitterStaysWithinTenPercent()
    {
        RestartBackoff backoff;
        const auto now = RestartBackoff::Clock::now();
        QCOMPARE(backoff.onCrash(now, 0ms, 1.0).delay.count(), 110);
        backoff.reset();
        QCOMPARE(backoff.onCrash(now, 0ms, -1.0).delay.count(), 90);
    }

    void stormBreakerOpensAfterMaxRestarts()
    {
        RestartPolicy policy;
        policy.maxRestarts = 3;
        policy.window = 10s;
        RestartBackoff backoff(policy);
        const auto t0 = RestartBackoff::Clock::now();
        for (int i = 0; i < 3; ++i)
            QVERIFY(backoff.onCrash(t0 + std::chrono::milliseconds(i * 100), 1ms, 0).restart);
        const auto fourth = backoff.onCrash(t0 + 400ms, 1ms, 0);
        QVERIFY(!fourth.restart);
        QCOMPARE(fourth.restartsInWindow, 3);
        QVERIFY(backoff.isOpen());
        QVERIFY(!backoff.onCrash(t0 + 60s, 1ms, 0).restart);   // stays open until reset
        backoff.reset();
        QVERIFY(backoff.onCrash(t0 + 61s, 1ms, 0).restart);
    }

    void oldRestartsLeaveTheWindow()
    {
        RestartPolicy policy;
        policy.maxRestarts = 2;
        policy.window = 1s;
        RestartBackoff backoff(policy);
        const auto t0 = RestartBackoff::Clock::now();
        QVERIFY(backoff.onCrash(t0, 1ms, 0).restart);
        QVERIFY(backoff.onCrash(t0 + 100ms, 1ms, 0).restart);
        QVERIFY(backoff.onCrash(t0 + 2s, 1ms, 0).restart);   // the first two have expired
    }

    void longUptimeResetsTheDelay()
    {
        RestartBackoff backoff;   // window 60s
        const auto t0 = RestartBackoff::Clock::now();
        QCOMPARE(backoff.onCrash(t0, 1ms, 0).delay.count(), 100);
        QCOMPARE(backoff.onCrash(t0 + 1s, 1ms, 0).delay.count(), 200);
        QCOMPARE(backoff.onCrash(t0 + 2min, 90s, 0).delay.count(), 100);
    }

    void eventLogPersistsAndRotates()
    {
        QTemporaryDir dir;
        QString error;
        {
            EventLog log;
            log.setFileLimit(600);
            QVERIFY2(log.open(dir.path(), &error), qPrintable(error));
            for (int i = 0; i < 10; ++i) {
                Event e;
                e.kind = EventKind::Exit;
                e.service = QStringLiteral("web");
                e.pid = 100 + i;
                e.exitCode = 3;
                e.signal = 9;
                e.message = QStringLiteral("exit %1").arg(i);
                QCOMPARE(log.append(e).seq, qint64(i + 1));
            }
            QCOMPARE(log.since(8).size(), 2);
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("events.jsonl.1"))));   // rotated
        EventLog reopened;
        QVERIFY(reopened.open(dir.path(), &error));
        QVERIFY(reopened.lastSeq() == 10);   // sequence numbers go on after a restart
        const QList<Event> tail = reopened.since(9);
        QCOMPARE(tail.size(), 1);
        QCOMPARE(tail[0].pid, 109);
        QCOMPARE(tail[0].exitCode.value_or(0), 3);
        QCOMPARE(tail[0].signal.value_or(0), 9);
        Event next;
        next.kind = EventKind::Spawn;
        QCOMPARE(reopened.append(next).seq, qint64(11));
    }
};

QTEST_GUILESS_MAIN(SupervisionLogicTest)
#include "tst_supervision_logic.moc"
