// Scale…'s text edit (core/src/ConfigEdit.cpp): `workers` replaced where it
// is written or added below the table's own header, every other byte kept;
// what it cannot place is refused with a reason, never guessed.
#include "baton/ConfigEdit.h"
#include "baton/ConfigLoader.h"

#include <QTest>

using namespace baton;

class ConfigEditTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replaces_the_value_and_keeps_the_rest_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QByteArray>("after");
        QTest::newRow("plain") << QByteArray("[service.web]\ncommand = [\"w\"]\nworkers = 2   # two\n")
                               << QByteArray("[service.web]\ncommand = [\"w\"]\nworkers = 6   # two\n");
        QTest::newRow("underscores, sign") << QByteArray("[service.web]\nworkers = +1_0\n") << QByteArray("[service.web]\nworkers = 6\n");
        QTest::newRow("unicode before it") << QByteArray("[service.web]\nenv = { G = \"héllo\" } \nworkers=3\n")
                                           << QByteArray("[service.web]\nenv = { G = \"héllo\" } \nworkers=6\n");
        QTest::newRow("second service") << QByteArray("[service.api]\nworkers = 1\n[service.web]\nworkers = 2\n")
                                        << QByteArray("[service.api]\nworkers = 1\n[service.web]\nworkers = 6\n");
        QTest::newRow("added below the header") << QByteArray("# c\n[service.web]   # main\ncommand = [\"w\"]\n")
                                                << QByteArray("# c\n[service.web]   # main\nworkers = 6\ncommand = [\"w\"]\n");
        QTest::newRow("header on the last line") << QByteArray("[service.web]") << QByteArray("[service.web]\nworkers = 6\n");
        QTest::newRow("quoted name") << QByteArray("[service.\"web\"]\ncommand = [\"w\"]\n")
                                     << QByteArray("[service.\"web\"]\nworkers = 6\ncommand = [\"w\"]\n");
    }
    void replaces_the_value_and_keeps_the_rest()
    {
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        const ConfigTextEdit e = setServiceWorkers(before, QStringLiteral("web"), 6);
        QVERIFY2(e.ok, qPrintable(e.error));
        QCOMPARE(e.text, after);
    }

    void refuses_what_it_cannot_place_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("no such service") << QByteArray("[service.api]\nworkers = 1\n") << QStringLiteral("no [service.web] table");
        QTest::newRow("not TOML") << QByteArray("[service.web\n") << QStringLiteral("cannot be read as TOML");
        QTest::newRow("prescan") << QByteArray("[service.web]\nworkers = 1979-05-27 1\f\n") << QStringLiteral("cannot be read as TOML");
        QTest::newRow("not a number") << QByteArray("[service.web]\nworkers = \"2\"\n") << QStringLiteral("not a plain number");
        QTest::newRow("inline table") << QByteArray("service = { web = { command = [\"w\"] } }\n") << QStringLiteral("inline table");
        QTest::newRow("only subtables") << QByteArray("[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                        << QStringLiteral("no header line of its own");
        QTest::newRow("dotted keys") << QByteArray("service.web.command = [\"w\"]\n") << QStringLiteral("no header line of its own");
    }
    void refuses_what_it_cannot_place()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, why);
        const ConfigTextEdit e = setServiceWorkers(text, QStringLiteral("web"), 6);
        QVERIFY(!e.ok);
        QVERIFY2(e.error.contains(why), qPrintable(e.error));
    }

    // A commented config: the loader reads the new count, and only that
    // line of the file changed.
    void a_commented_config_scales()
    {
        const QByteArray text = "# Baton: one service\n[daemon]\nbus = \"none\"   # no D-Bus\n\n"
                                "[service.web]\ncommand = [\"/bin/true\"]\nworkers = 2        # two, for now\n"
                                "ready = \"exec\"\n\n[service.web.listen]\nhttp = \"127.0.0.1:8080\"\n";
        const ConfigTextEdit e = setServiceWorkers(text, QStringLiteral("web"), 5);
        QVERIFY2(e.ok, qPrintable(e.error));
        const LoadResult loaded = loadConfig(e.text, LoadOptions{});
        QVERIFY2(loaded.ok(), loaded.diagnostics.isEmpty() ? "" : qPrintable(loaded.diagnostics.first().message));
        QCOMPARE(loaded.config->services.value(0).workers, 5);
        int changed = 0;
        const QList<QByteArray> a = text.split('\n'), b = e.text.split('\n');
        QCOMPARE(a.size(), b.size());
        for (int i = 0; i < a.size(); ++i)
            changed += a.at(i) != b.at(i);
        QCOMPARE(changed, 1);
    }
};

QTEST_GUILESS_MAIN(ConfigEditTest)
#include "tst_config_edit.moc"
