// The line diff behind the GUI's unified and side-by-side views and `batonctl diff`.
#include "baton/TextDiff.h"

#include <QTest>

using namespace baton;

class TextDiffTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identical()
    {
        const TextDiff d = TextDiff::compute(QStringLiteral("a\nb\n"), QStringLiteral("a\nb\n"));
        QVERIFY(d.isIdentical());
        QCOMPARE(d.unified(QStringLiteral("x"), QStringLiteral("y")), QString());
        QCOMPARE(d.rows().size(), 2);
        QVERIFY(d.changeStarts().isEmpty());
    }

    void unifiedMatchesGnuDiff()
    {
        QStringList oldLines, newLines;
        for (int i = 1; i <= 20; ++i)
            oldLines << QStringLiteral("line %1").arg(i);
        newLines = oldLines;
        newLines[4] = QStringLiteral("line five");        // change at 5
        newLines.insert(15, QStringLiteral("inserted"));  // insert after 15
        const QString a = oldLines.join(QLatin1Char('\n')) + QLatin1Char('\n');
        const QString b = newLines.join(QLatin1Char('\n')) + QLatin1Char('\n');
        const TextDiff d = TextDiff::compute(a, b);
        QCOMPARE(d.addedLines(), 2);
        QCOMPARE(d.removedLines(), 1);
        // Exactly what `diff -u` prints for these inputs.
        const QString expected = QStringLiteral(
            "--- old\n+++ new\n"
            "@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n"
            "@@ -13,6 +13,7 @@\n line 13\n line 14\n line 15\n+inserted\n line 16\n line 17\n line 18\n");
        QCOMPARE(d.unified(QStringLiteral("old"), QStringLiteral("new")), expected);
        QCOMPARE(d.hunks().size(), 2);
        QCOMPARE(d.hunks()[0].header(), QStringLiteral("@@ -2,7 +2,7 @@"));
    }

    void nearbyChangesShareAHunk()
    {
        const TextDiff d = TextDiff::compute(QStringLiteral("1\n2\n3\n4\n5\n6\n7\n8\n9\n"), QStringLiteral("1\nX\n3\n4\n5\n6\n7\nY\n9\n"));
        QCOMPARE(d.hunks().size(), 1);
        QCOMPARE(d.hunks()[0].header(), QStringLiteral("@@ -1,9 +1,9 @@"));
        QCOMPARE(d.changeStarts(), (QList<int>{1, 7}));
    }

    void sideBySidePairsChangedLines()
    {
        const TextDiff d = TextDiff::compute(QStringLiteral("a\nworkers = 2\nb\nold only\n"),
                                             QStringLiteral("a\nworkers = 4\nb\nnew 1\nnew 2\n"));
        const auto &rows = d.rows();
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[0].kind, SideBySideRow::Kind::Same);
        QCOMPARE(rows[1].kind, SideBySideRow::Kind::Changed);
        QCOMPARE(rows[1].leftLine, 2);
        QCOMPARE(rows[1].rightLine, 2);
        // Word level: only the number differs.
        QCOMPARE(rows[1].leftChanged, (QList<TextSpan>{{10, 1}}));
        QCOMPARE(rows[1].rightChanged, (QList<TextSpan>{{10, 1}}));
        QCOMPARE(rows[3].kind, SideBySideRow::Kind::Changed);
        QCOMPARE(rows[4].kind, SideBySideRow::Kind::Added);
        QCOMPARE(rows[4].leftLine, 0);
        QCOMPARE(rows[4].rightLine, 5);
    }

    void wordChanges()
    {
        QList<TextSpan> left, right;
        TextDiff::wordChanges(QStringLiteral("command = [\"worker\", \"--root\", \"www\"]"),
                              QStringLiteral("command = [\"worker\", \"--root\", \"public\"]"), &left, &right);
        QCOMPARE(left, (QList<TextSpan>{{32, 3}}));
        QCOMPARE(right, (QList<TextSpan>{{32, 6}}));
    }

    void emptySides()
    {
        const TextDiff added = TextDiff::compute(QString(), QStringLiteral("a\nb\n"));
        QCOMPARE(added.unified(QStringLiteral("o"), QStringLiteral("n")), QStringLiteral("--- o\n+++ n\n@@ -0,0 +1,2 @@\n+a\n+b\n"));
        const TextDiff removed = TextDiff::compute(QStringLiteral("a\n"), QString());
        QCOMPARE(removed.unified(QStringLiteral("o"), QStringLiteral("n")), QStringLiteral("--- o\n+++ n\n@@ -1,1 +0,0 @@\n-a\n"));
    }

    void crlfIsNotAChange()
    {
        QVERIFY(TextDiff::compute(QStringLiteral("a\r\nb\r\n"), QStringLiteral("a\nb\n")).isIdentical());
    }
};

QTEST_GUILESS_MAIN(TextDiffTest)
#include "tst_text_diff.moc"
