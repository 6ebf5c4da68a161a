// The worker-output line splitter, ring buffer and filter (core/src/LogBuffer.cpp).
#include "baton/ByteSize.h"
#include "baton/LogBuffer.h"

#include <QTest>

using namespace baton;

class TstLogBuffer : public QObject {
    Q_OBJECT
private:
    static QList<LineSplitter::Piece> split(const QList<QByteArray> &chunks, bool eof)
    {
        LineSplitter s;
        QList<LineSplitter::Piece> out;
        auto sink = [&](LineSplitter::Piece p) { out << p; };
        for (const QByteArray &c : chunks)
            s.feed(c, sink);
        if (eof)
            s.finish(sink);
        return out;
    }

private Q_SLOTS:
    void splitter_data()
    {
        QTest::addColumn<QList<QByteArray>>("chunks");
        QTest::addColumn<bool>("eof");
        QTest::addColumn<QList<QByteArray>>("lines");
        QTest::addColumn<QList<int>>("priorities");
        QTest::newRow("one line") << QList<QByteArray>{"hello\n"} << false << QList<QByteArray>{"hello"} << QList<int>{6};
        QTest::newRow("two in one chunk") << QList<QByteArray>{"a\nb\n"} << false << QList<QByteArray>{"a", "b"} << QList<int>{6, 6};
        QTest::newRow("across chunks") << QList<QByteArray>{"hel", "lo\nwor", "ld\n"} << false << QList<QByteArray>{"hello", "world"} << QList<int>{6, 6};
        QTest::newRow("partial kept") << QList<QByteArray>{"a\npartial"} << false << QList<QByteArray>{"a"} << QList<int>{6};
        QTest::newRow("partial at eof") << QList<QByteArray>{"a\npartial"} << true << QList<QByteArray>{"a", "partial"} << QList<int>{6, 6};
        QTest::newRow("crlf") << QList<QByteArray>{"dos\r\n"} << false << QList<QByteArray>{"dos"} << QList<int>{6};
        QTest::newRow("empty line") << QList<QByteArray>{"\n"} << false << QList<QByteArray>{""} << QList<int>{6};
        QTest::newRow("sd-daemon prefix") << QList<QByteArray>{"<3>broken\n<7>debug\n"} << false << QList<QByteArray>{"broken", "debug"} << QList<int>{3, 7};
        QTest::newRow("syslog PRI with facility") << QList<QByteArray>{"<30>daemon info\n"} << false << QList<QByteArray>{"daemon info"} << QList<int>{6};
        QTest::newRow("not a prefix") << QList<QByteArray>{"<x>a\n<3 b\n x<3>c\n"} << false << QList<QByteArray>{"<x>a", "<3 b", " x<3>c"} << QList<int>{6, 6, 6};
        QTest::newRow("prefix split across chunks") << QList<QByteArray>{"<", "4>warn\n"} << false << QList<QByteArray>{"warn"} << QList<int>{4};
        QTest::newRow("invalid utf-8") << QList<QByteArray>{"bad \xff\xfe end\n"} << false << QList<QByteArray>{"bad \xef\xbf\xbd\xef\xbf\xbd end"} << QList<int>{6};
        QTest::newRow("truncated sequence") << QList<QByteArray>{"cut \xe2\x82\n"} << false << QList<QByteArray>{"cut \xef\xbf\xbd\xef\xbf\xbd"} << QList<int>{6};
        QTest::newRow("valid utf-8 kept") << QList<QByteArray>{"\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80\n"} << false
                                          << QList<QByteArray>{"\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80"} << QList<int>{6};
    }

    void splitter()
    {
        QFETCH(QList<QByteArray>, chunks);
        QFETCH(bool, eof);
        QFETCH(QList<QByteArray>, lines);
        QFETCH(QList<int>, priorities);
        const auto pieces = split(chunks, eof);
        QList<QByteArray> texts;
        QList<int> prios;
        for (const auto &p : pieces) {
            texts << p.text;
            prios << p.priority;
            QVERIFY(!p.cut);
        }
        QCOMPARE(texts, lines);
        QCOMPARE(prios, priorities);
    }

    void longLinesAreCut_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("parts");
        QTest::newRow("exactly the limit") << int(MaxLogLineBytes) << 1;
        QTest::newRow("one byte more") << int(MaxLogLineBytes) + 1 << 2;
        QTest::newRow("three and a half") << int(MaxLogLineBytes * 3 + MaxLogLineBytes / 2) << 4;
    }

    void longLinesAreCut()
    {
        QFETCH(int, length);
        QFETCH(int, parts);
        // `length` raw bytes, the sd-daemon prefix included: cuts count raw bytes.
        const QByteArray line = "<3>" + QByteArray(length - 3, 'x');
        // Fed in small chunks: the splitter never holds more than one part.
        QList<QByteArray> chunks;
        for (qsizetype i = 0; i < line.size(); i += 1000)
            chunks << line.mid(i, 1000);
        chunks << "\nnext\n";
        const auto pieces = split(chunks, false);
        QCOMPARE(pieces.size(), parts + 1);
        QByteArray joined;
        for (int i = 0; i < parts; ++i) {
            QVERIFY(pieces[i].text.size() <= MaxLogLineBytes);
            QCOMPARE(pieces[i].cut, i < parts - 1);
            QCOMPARE(pieces[i].priority, 3);   // every part keeps the first part's priority
            joined += pieces[i].text;
        }
        QCOMPARE(joined, QByteArray(length - 3, 'x'));
        QCOMPARE(pieces.last().text, QByteArray("next"));
    }

    void cutNeverSplitsUtf8()
    {
        // 3-byte characters straddling the cut point.
        QByteArray line;
        while (line.size() < MaxLogLineBytes + 10)
            line += "\xe2\x82\xac";   // €
        const auto pieces = split({line + "\n"}, false);
        QCOMPARE(pieces.size(), 2);
        QCOMPARE(pieces[0].text + pieces[1].text, line);
        QVERIFY(!pieces[0].text.contains("\xef\xbf\xbd"));
        QCOMPARE(pieces[0].text.size() % 3, 0);
    }

    void ringDropsOldest()
    {
        LogStore store;
        store.setCapacity(QStringLiteral("web"), 10 * (LogLineOverhead + 4));
        for (int i = 0; i < 25; ++i) {
            LogLine l;
            l.text = QByteArray::number(1000 + i);
            store.append(QStringLiteral("web"), l);
        }
        const LogRing *ring = store.ring(QStringLiteral("web"));
        QCOMPARE(int(ring->lines().size()), 10);
        QCOMPARE(ring->dropped(), qint64(15));
        QCOMPARE(ring->lines().front().text, QByteArray("1015"));
        QVERIFY(ring->bytes() <= ring->capacity());
        store.setCapacity(QStringLiteral("web"), 2 * (LogLineOverhead + 4));   // hot shrink
        QCOMPARE(int(ring->lines().size()), 2);
        QCOMPARE(ring->dropped(), qint64(23));
    }

    void query_data()
    {
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<QList<qint64>>("seqs");
        QTest::newRow("all") << QVariantMap{} << QList<qint64>{1, 2, 3, 4, 5, 6};
        QTest::newRow("service") << QVariantMap{{"service", "api"}} << QList<qint64>{2, 5};
        QTest::newRow("generation") << QVariantMap{{"generation", 2}} << QList<qint64>{3, 4, 6};
        QTest::newRow("pid") << QVariantMap{{"pid", 11}} << QList<qint64>{1};
        QTest::newRow("stderr") << QVariantMap{{"stream", "stderr"}} << QList<qint64>{4, 5};
        QTest::newRow("priority err") << QVariantMap{{"priority", "err"}} << QList<qint64>{4};
        QTest::newRow("priority 4") << QVariantMap{{"priority", 4}} << QList<qint64>{4, 5};
        QTest::newRow("since") << QVariantMap{{"since", 4}} << QList<qint64>{5, 6};
        QTest::newRow("limit keeps newest") << QVariantMap{{"limit", 2}} << QList<qint64>{5, 6};
        QTest::newRow("combined") << QVariantMap{{"service", "web"}, {"generation", 2}, {"limit", 1}} << QList<qint64>{6};
    }

    void query()
    {
        QFETCH(QVariantMap, params);
        QFETCH(QList<qint64>, seqs);
        LogStore store;
        struct In { const char *service; int gen; qint64 pid; LogStream stream; int prio; };
        const In in[] = {{"web", 1, 11, LogStream::Stdout, 6}, {"api", 1, 21, LogStream::Stdout, 6},
                         {"web", 2, 12, LogStream::Stdout, 6}, {"web", 2, 12, LogStream::Stderr, 3},
                         {"api", 1, 21, LogStream::Stderr, 4}, {"web", 2, 13, LogStream::Stdout, 7}};
        for (const In &i : in) {
            LogLine l;
            l.generation = i.gen;
            l.pid = i.pid;
            l.stream = i.stream;
            l.priority = quint8(i.prio);
            l.text = "x";
            store.append(QString::fromLatin1(i.service), l);
        }
        QString why;
        const auto filter = LogFilter::fromParams(params, &why);
        QVERIFY2(filter, qPrintable(why));
        QList<qint64> got;
        for (const auto &e : store.query(*filter)) {
            got << e.line->seq;
            QVERIFY(filter->matches(e.line->toMap(*e.service)));   // the live path agrees
        }
        QCOMPARE(got, seqs);
    }

    void badFilters_data()
    {
        QTest::addColumn<QVariantMap>("params");
        QTest::newRow("stream") << QVariantMap{{"stream", "stdin"}};
        QTest::newRow("priority") << QVariantMap{{"priority", 9}};
        QTest::newRow("limit") << QVariantMap{{"limit", 0}};
        QTest::newRow("generation text") << QVariantMap{{"generation", "two"}};
        QTest::newRow("service number") << QVariantMap{{"service", 3}};
    }

    void badFilters()
    {
        QFETCH(QVariantMap, params);
        QString why;
        QVERIFY(!LogFilter::fromParams(params, &why));
        QVERIFY(!why.isEmpty());
    }

    void tailKeepsLast()
    {
        LineTail tail;
        for (int i = 0; i < 30; ++i)
            tail.add(QByteArray::number(i));
        const QStringList lines = tail.lines();
        QCOMPARE(lines.size(), StderrTailLines);
        QCOMPARE(lines.first(), QStringLiteral("10"));
        QCOMPARE(lines.last(), QStringLiteral("29"));
    }

    void byteSizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("MiB") << "1MiB" << qint64(1048576);
        QTest::newRow("KiB") << "512KiB" << qint64(524288);
        QTest::newRow("k") << "64k" << qint64(65536);
        QTest::newRow("fraction") << "1.5M" << qint64(1572864);
        QTest::newRow("bytes") << "4096B" << qint64(4096);
        QTest::newRow("zero") << "0B" << qint64(0);
        QTest::newRow("no unit") << "1024" << qint64(-1);
        QTest::newRow("bad unit") << "1TB" << qint64(-1);
    }

    void byteSizes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto parsed = parseByteSize(text);
        QCOMPARE(parsed.value_or(-1), bytes);
        if (parsed)
            QCOMPARE(parseByteSize(formatByteSize(*parsed)).value_or(-1), bytes);
    }
};

QTEST_GUILESS_MAIN(TstLogBuffer)
#include "tst_log_buffer.moc"
