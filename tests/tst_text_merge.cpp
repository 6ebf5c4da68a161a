// The editor's three-way merge (core/merge/TextMerge.cpp, libgit2's diff3).
#include "baton/TextMerge.h"

#include <QTest>

using namespace baton;

namespace {

const QString Base = QStringLiteral(
    "[service.web]\n"
    "command = [\"baton-worker\"]\n"
    "workers = 2\n"
    "drain_timeout = \"30s\"\n"
    "\n"
    "[service.web.listen]\n"
    "http = \"127.0.0.1:8080\"\n");

QString replaced(QString text, const QString &from, const QString &to)
{
    Q_ASSERT(text.contains(from));
    return text.replace(from, to);
}

} // namespace

class TextMergeTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void the_reported_case_keeps_both_changes()
    {
        // Issue 14: someone applied drain_timeout = "20s" while I raised the
        // worker count; re-applying my edits must not bring back 30 s.
        const QString theirs = replaced(Base, QStringLiteral("\"30s\""), QStringLiteral("\"20s\""));
        const QString mine = replaced(Base, QStringLiteral("workers = 2"), QStringLiteral("workers = 3"));
        const TextMergeResult r = mergeTexts(Base, theirs, mine);
        QVERIFY(r.clean());
        QCOMPARE(r.text, replaced(theirs, QStringLiteral("workers = 2"), QStringLiteral("workers = 3")));
    }

    void overlapping_changes_become_one_marked_conflict()
    {
        const QString theirs = replaced(Base, QStringLiteral("\"30s\""), QStringLiteral("\"20s\""));
        const QString mine = replaced(Base, QStringLiteral("\"30s\""), QStringLiteral("\"25s\""));
        TextMergeLabels labels;
        labels.theirs = QStringLiteral("running (version 1a2b3c4d)");
        const TextMergeResult r = mergeTexts(Base, theirs, mine, labels);
        QVERIFY(r.ok);
        QCOMPARE(r.conflicts.size(), 1);
        const QStringList lines = r.text.split(QLatin1Char('\n'));
        const MergeConflict c = r.conflicts.first();
        QCOMPARE(c.firstLine, 4);
        QCOMPARE(lines[c.firstLine - 1], QStringLiteral("<<<<<<< my edits"));
        QCOMPARE(lines[c.firstLine], QStringLiteral("drain_timeout = \"25s\""));
        QCOMPARE(lines[c.firstLine + 1], QStringLiteral("||||||| when you started editing"));
        QCOMPARE(lines[c.firstLine + 2], QStringLiteral("drain_timeout = \"30s\""));
        QCOMPARE(lines[c.firstLine + 3], QStringLiteral("======="));
        QCOMPARE(lines[c.firstLine + 4], QStringLiteral("drain_timeout = \"20s\""));
        QCOMPARE(lines[c.lastLine - 1], QStringLiteral(">>>>>>> running (version 1a2b3c4d)"));
        QCOMPARE(c.lastLine, c.firstLine + 6);
        // Everything outside the conflict is there once.
        QCOMPARE(r.text.count(QStringLiteral("[service.web.listen]")), 1);
    }

    void a_conflict_is_narrowed_to_the_lines_both_changed()
    {
        // diff3 makes one hunk of lines 3-4; only line 4 was changed by both.
        const QString theirs = replaced(Base, QStringLiteral("\"30s\""), QStringLiteral("\"20s\""));
        const QString mine = replaced(replaced(Base, QStringLiteral("\"30s\""), QStringLiteral("\"25s\"")),
                                      QStringLiteral("workers = 2"), QStringLiteral("workers = 3"));
        const TextMergeResult r = mergeTexts(Base, theirs, mine);
        QCOMPARE(r.conflicts.size(), 1);
        const QStringList lines = r.text.split(QLatin1Char('\n'));
        QCOMPARE(lines[2], QStringLiteral("workers = 3"));
        QCOMPARE(r.conflicts.first().firstLine, 4);
        QCOMPARE(r.conflicts.first().lastLine, 10);
    }

    void the_same_change_on_both_sides_is_no_conflict()
    {
        const QString both = replaced(Base, QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        const TextMergeResult r = mergeTexts(Base, both, both);
        QVERIFY(r.clean());
        QCOMPARE(r.text, both);
    }

    void one_side_unchanged_takes_the_other()
    {
        const QString changed = replaced(Base, QStringLiteral("workers = 2"), QStringLiteral("workers = 5"));
        QCOMPARE(mergeTexts(Base, changed, Base).text, changed);   // no edits of mine
        QCOMPARE(mergeTexts(Base, Base, changed).text, changed);   // nobody else changed it
    }

    void additions_at_both_ends_merge()
    {
        const QString theirs = QStringLiteral("# managed by ops\n") + Base;
        const QString mine = Base + QStringLiteral("\n[service.api]\ncommand = [\"api\"]\n");
        const TextMergeResult r = mergeTexts(Base, theirs, mine);
        QVERIFY(r.clean());
        QVERIFY(r.text.startsWith(QStringLiteral("# managed by ops\n[service.web]")));
        QVERIFY(r.text.endsWith(QStringLiteral("[service.api]\ncommand = [\"api\"]\n")));
    }

    void two_conflicts_are_two_regions()
    {
        const QString theirs = replaced(replaced(Base, QStringLiteral("workers = 2"), QStringLiteral("workers = 6")),
                                        QStringLiteral("127.0.0.1:8080"), QStringLiteral("127.0.0.1:9090"));
        const QString mine = replaced(replaced(Base, QStringLiteral("workers = 2"), QStringLiteral("workers = 3")),
                                      QStringLiteral("127.0.0.1:8080"), QStringLiteral("127.0.0.1:7070"));
        const TextMergeResult r = mergeTexts(Base, theirs, mine);
        QVERIFY(r.ok);
        QCOMPARE(r.conflicts.size(), 2);
        QVERIFY(r.conflicts[0].lastLine < r.conflicts[1].firstLine);
    }

    void non_ascii_survives()
    {
        const QString base = QStringLiteral("# caf\u00e9\na = 1\nb = 2\n");
        const QString theirs = QStringLiteral("# caf\u00e9\na = 1\nb = \"\u00fc\"\n");
        const QString mine = QStringLiteral("# caf\u00e9 \u2014 \u4f60\u597d\na = 1\nb = 2\n");
        const TextMergeResult r = mergeTexts(base, theirs, mine);
        QVERIFY(r.clean());
        QCOMPARE(r.text, QStringLiteral("# caf\u00e9 \u2014 \u4f60\u597d\na = 1\nb = \"\u00fc\"\n"));
    }
};

QTEST_GUILESS_MAIN(TextMergeTest)
#include "tst_text_merge.moc"
