// Typed values of baton.toml: durations, signal names, listen addresses;
// and the ISO time of every control-protocol record.
#include "baton/Duration.h"
#include "baton/IsoTime.h"
#include "baton/ListenAddress.h"
#include "baton/SignalNames.h"

#include <QTest>

#include <csignal>
#include <limits>

using namespace baton;

class ValuesTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The hand-written formatter writes what Qt's does, and Qt reads it back.
    void isoTimesAsQtWritesThem()
    {
        const qint64 samples[] = {0, 1, 999, 1000, -1, -999, -1000, -1001, 951782400000 /* 2000-02-29 */,
                                  1796083200123 /* 2026-12-01 */, 253402300799999 /* 9999-12-31T23:59:59.999 */,
                                  -62135596800000 /* 0001-01-01 */, 4102444800000 + 86399999};
        for (const qint64 ms : samples) {
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms).toUTC();
            QCOMPARE(isoTimeUtc(ms), time.toString(Qt::ISODateWithMs));
            QCOMPARE(isoTimeUtc(time.toLocalTime()), time.toString(Qt::ISODateWithMs));
            QCOMPARE(QDateTime::fromString(isoTimeUtc(ms), Qt::ISODateWithMs).toMSecsSinceEpoch(), ms);
        }
        // Outside 1..9999 (Qt has no year 0) it is Qt's own answer.
        for (const qint64 ms : {qint64(-62135596800001), qint64(-62167219200000), qint64(253402300800000),
                                std::numeric_limits<qint64>::min() / 2}) {
            QCOMPARE(isoTimeUtc(ms), QDateTime::fromMSecsSinceEpoch(ms).toUTC().toString(Qt::ISODateWithMs));
        }
        QCOMPARE(isoTimeUtc(QDateTime()), QString());
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected");   // -1 = invalid
        QTest::newRow("ms") << "250ms" << qint64(250);
        QTest::newRow("s") << "10s" << qint64(10000);
        QTest::newRow("fraction") << "1.5s" << qint64(1500);
        QTest::newRow("m") << "2m" << qint64(120000);
        QTest::newRow("h") << "1h" << qint64(3600000);
        QTest::newRow("compound") << "1m30s" << qint64(90000);
        QTest::newRow("zero") << "0s" << qint64(0);
        QTest::newRow("no unit") << "10" << qint64(-1);
        QTest::newRow("bad unit") << "10x" << qint64(-1);
        QTest::newRow("negative") << "-1s" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("too long") << "9000h" << qint64(-1);
        QTest::newRow("trailing junk") << "10s!" << qint64(-1);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        QString error;
        const auto parsed = parseDuration(text, &error);
        if (expected < 0) {
            QVERIFY(!parsed);
            QVERIFY(!error.isEmpty());
        } else {
            QVERIFY2(parsed, qPrintable(error));
            QCOMPARE(parsed->count(), expected);
            QCOMPARE(parseDuration(formatDuration(*parsed))->count(), expected);
        }
    }

    void signals_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("expected");
        QTest::newRow("SIGTERM") << "SIGTERM" << int(SIGTERM);
        QTest::newRow("short") << "QUIT" << int(SIGQUIT);
        QTest::newRow("lower") << "sigusr2" << int(SIGUSR2);
        QTest::newRow("unknown") << "SIGFOO" << 0;
        QTest::newRow("not a stop signal") << "SIGSEGV" << 0;
    }
    void signals()
    {
        QFETCH(QString, name);
        QFETCH(int, expected);
        const auto parsed = parseSignalName(name);
        QCOMPARE(parsed.value_or(0), expected);
        if (expected)
            QCOMPARE(parseSignalName(signalName(expected)).value_or(0), expected);
    }

    void addresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");   // empty = invalid
        QTest::newRow("v4") << "127.0.0.1:8080" << "127.0.0.1:8080";
        QTest::newRow("v6") << "[::1]:8080" << "[::1]:8080";
        QTest::newRow("wildcard") << "*:80" << "0.0.0.0:80";
        QTest::newRow("localhost") << "localhost:80" << "127.0.0.1:80";
        QTest::newRow("unix relative") << "unix:run/a.sock" << "unix:/etc/baton/run/a.sock";
        QTest::newRow("unix absolute") << "unix:/run/x.sock" << "unix:/run/x.sock";
        QTest::newRow("port 0") << "127.0.0.1:0" << "";
        QTest::newRow("port too big") << "127.0.0.1:65536" << "";
        QTest::newRow("no port") << "127.0.0.1" << "";
        QTest::newRow("v6 no brackets") << "::1:80" << "";
        QTest::newRow("hostname") << "example.org:80" << "";
        QTest::newRow("bad v4") << "300.1.1.1:80" << "";
        QTest::newRow("empty unix") << "unix:" << "";
        QTest::newRow("unix too long") << "unix:/" + QString(200, QLatin1Char('a')) << "";
    }
    void addresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QString error;
        const auto parsed = parseListenAddress(text, QDir(QStringLiteral("/etc/baton")), &error);
        if (canonical.isEmpty()) {
            QVERIFY(!parsed);
            QVERIFY(!error.isEmpty());
        } else {
            QVERIFY2(parsed, qPrintable(error));
            QCOMPARE(parsed->toString(), canonical);
        }
    }

    void conflicts()
    {
        const QDir dir(QStringLiteral("/"));
        auto a = [&](const char *t) { return *parseListenAddress(QString::fromLatin1(t), dir); };
        QVERIFY(a("127.0.0.1:80").conflictsWith(a("127.0.0.1:80")));
        QVERIFY(a("0.0.0.0:80").conflictsWith(a("127.0.0.1:80")));
        QVERIFY(!a("127.0.0.1:80").conflictsWith(a("127.0.0.1:81")));
        QVERIFY(!a("127.0.0.1:80").conflictsWith(a("[::1]:80")));
        QVERIFY(a("[::]:80").conflictsWith(a("[::1]:80")));
        QVERIFY(a("unix:/a").conflictsWith(a("unix:/a")));
    }
};

QTEST_GUILESS_MAIN(ValuesTest)
#include "tst_values.moc"
