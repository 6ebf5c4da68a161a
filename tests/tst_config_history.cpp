// The applied-config history: numbering, bound, and damaged files.
#include "baton/ConfigHistory.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace baton;

namespace {

QByteArray configText(int n)
{
    return QByteArray("[service.web]\ncommand = [\"worker\"]\nworkers = ") + QByteArray::number(n) + '\n';
}

QList<int> ids(const QList<HistoryEntry> &entries)
{
    QList<int> out;
    for (const HistoryEntry &e : entries)
        out.append(e.id);
    return out;
}

QStringList numberedFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("[0-9]*")}, QDir::Files | QDir::Hidden, QDir::Name);
}

bool overwrite(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// Records n entries (texts configText(1..n)) into a fresh history.
bool fill(ConfigHistory &history, const QString &stateDir, int n)
{
    QString error;
    if (!history.open(stateDir, &error))
        return false;
    for (int i = 1; i <= n; ++i) {
        if (!history.record(configText(i), QStringLiteral("alice"), 1000, QString(), &error))
            return false;
    }
    return true;
}

} // namespace

class ConfigHistoryTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionOf_data();
    void versionOf();
    void roundTrip();
    void numberingContinuesAfterReopen();
    void boundEnforced();
    void damagedEntriesSkipped_data();
    void damagedEntriesSkipped();
    void recordReportsErrors();
    void pendingResolvedAgainstDisk();
    void statusSurvivesReopen();
};

void ConfigHistoryTest::versionOf_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("version");
    // Known sha256 vectors, so the id stays stable across releases.
    QTest::newRow("empty") << QByteArray() << QStringLiteral("e3b0c44298fc1c14");
    QTest::newRow("abc") << QByteArray("abc") << QStringLiteral("ba7816bf8f01cfea");
    QTest::newRow("one byte differs") << QByteArray("abd") << QStringLiteral("a52d159f262b2c6d");
}

void ConfigHistoryTest::versionOf()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, version);
    QCOMPARE(ConfigHistory::versionOf(text), version);
    QCOMPARE(ConfigHistory::hashOf(text).left(16), version);
    QCOMPARE(ConfigHistory::hashOf(text).size(), 64);
}

void ConfigHistoryTest::roundTrip()
{
    QTemporaryDir state;
    ConfigHistory history;
    QString error;
    QVERIFY2(history.open(state.path(), &error), qPrintable(error));
    QCOMPARE(history.directory(), state.filePath(QStringLiteral("history")));
    QVERIFY(history.entries().isEmpty());

    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const auto first = history.record(configText(1), QStringLiteral("alice"), 1000, QStringLiteral("initial"), &error);
    QVERIFY2(first, qPrintable(error));
    const auto second = history.record(configText(2), QStringLiteral("root"), 0, QStringLiteral("two workers"), &error);
    QVERIFY2(second, qPrintable(error));
    QCOMPARE(first->id, 1);
    QCOMPARE(second->id, 2);
    QCOMPARE(second->author, QStringLiteral("root"));
    QCOMPARE(second->uid, uid_t(0));
    QCOMPARE(second->comment, QStringLiteral("two workers"));
    QCOMPARE(second->hash,
             QString::fromLatin1(QCryptographicHash::hash(configText(2), QCryptographicHash::Sha256).toHex()));
    QVERIFY(second->time >= before && second->time <= QDateTime::currentDateTimeUtc());
    QCOMPARE(second->time.timeSpec(), Qt::UTC);

    QCOMPARE(ids(history.entries()), QList<int>({2, 1}));
    QCOMPARE(history.text(1, &error), std::optional<QByteArray>(configText(1)));
    QCOMPARE(history.text(2, &error), std::optional<QByteArray>(configText(2)));
    QVERIFY(!history.text(3, &error));
    QCOMPARE(error, QStringLiteral("no config history entry 3"));

    // On disk: the documented layout and metadata keys.
    QCOMPARE(numberedFiles(history.directory()),
             QStringList({"000001.json", "000001.toml", "000002.json", "000002.toml"}));
    QFile json(history.directory() + QStringLiteral("/000001.json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject meta = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(meta.value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(meta.value(QStringLiteral("author")).toString(), QStringLiteral("alice"));
    QCOMPARE(meta.value(QStringLiteral("uid")).toInt(), 1000);
    QCOMPARE(meta.value(QStringLiteral("hash")).toString(), first->hash);
    QCOMPARE(meta.value(QStringLiteral("comment")).toString(), QStringLiteral("initial"));
    QVERIFY(meta.value(QStringLiteral("time")).toString().endsWith(QLatin1Char('Z')));

    // A reopened history sees exactly the same entries.
    ConfigHistory again;
    QVERIFY(again.open(state.path(), &error));
    const QList<HistoryEntry> reread = again.entries();
    QCOMPARE(reread.size(), 2);
    QCOMPARE(reread[0].time, second->time);
    QCOMPARE(reread[0].author, second->author);
    QCOMPARE(reread[1].comment, QStringLiteral("initial"));
    QCOMPARE(reread[1].uid, uid_t(1000));
}

void ConfigHistoryTest::numberingContinuesAfterReopen()
{
    QTemporaryDir state;
    ConfigHistory history;
    QVERIFY(fill(history, state.path(), 3));

    QString error;
    ConfigHistory reopened;
    QVERIFY(reopened.open(state.path(), &error));
    const auto next = reopened.record(configText(4), QStringLiteral("bob"), 1001, QString(), &error);
    QVERIFY2(next, qPrintable(error));
    QCOMPARE(next->id, 4);

    // A damaged newest entry still reserves its number: nothing is overwritten.
    QVERIFY(overwrite(reopened.directory() + QStringLiteral("/000004.json"), "{garbage"));
    ConfigHistory third;
    QVERIFY(third.open(state.path(), &error));
    QCOMPARE(ids(third.entries()), QList<int>({3, 2, 1}));
    const auto fifth = third.record(configText(5), QStringLiteral("bob"), 1001, QString(), &error);
    QVERIFY2(fifth, qPrintable(error));
    QCOMPARE(fifth->id, 5);
}

void ConfigHistoryTest::boundEnforced()
{
    QTemporaryDir state;
    ConfigHistory history;
    history.setLimit(5);
    QVERIFY(fill(history, state.path(), 12));
    QCOMPARE(ids(history.entries()), QList<int>({12, 11, 10, 9, 8}));
    QStringList expected;
    for (int id = 8; id <= 12; ++id) {
        const QString base = QStringLiteral("%1").arg(id, 6, 10, QLatin1Char('0'));
        expected << base + QStringLiteral(".json") << base + QStringLiteral(".toml");
    }
    QCOMPARE(numberedFiles(history.directory()), expected);
    QVERIFY(!history.text(7, nullptr));

    // The default bound is 100, and opening applies a lowered bound.
    QCOMPARE(ConfigHistory().limit(), 100);
    ConfigHistory smaller;
    smaller.setLimit(2);
    QString error;
    QVERIFY(smaller.open(state.path(), &error));
    QCOMPARE(ids(smaller.entries()), QList<int>({12, 11}));
    QCOMPARE(numberedFiles(history.directory()).size(), 4);
}

void ConfigHistoryTest::damagedEntriesSkipped_data()
{
    QTest::addColumn<QString>("file"); // of entry 2
    QTest::addColumn<QByteArray>("content"); // null: delete the file
    QTest::addColumn<bool>("listed");
    QTest::newRow("json missing") << "json" << QByteArray() << false;
    QTest::newRow("toml missing") << "toml" << QByteArray() << false;
    QTest::newRow("json not JSON") << "json" << QByteArray("{\"id\": 2, ") << false;
    QTest::newRow("json empty") << "json" << QByteArray("") << false;
    QTest::newRow("json an array") << "json" << QByteArray("[1, 2]") << false;
    QTest::newRow("json wrong id") << "json"
                                   << QByteArray(R"({"id": 7, "time": "2024-01-01T00:00:00.000Z", "author": "a",)"
                                                 R"( "uid": 0, "hash": ")" + QByteArray(64, 'a') + "\"}")
                                   << false;
    QTest::newRow("json bad hash") << "json"
                                   << QByteArray(R"({"id": 2, "time": "2024-01-01T00:00:00.000Z", "author": "a",)"
                                                 R"( "uid": 0, "hash": "xyz"})")
                                   << false;
    QTest::newRow("json bad time") << "json"
                                   << QByteArray(R"({"id": 2, "time": "yesterday", "author": "a", "uid": 0,)"
                                                 R"( "hash": ")" + QByteArray(64, 'a') + "\"}")
                                   << false;
    QTest::newRow("json huge") << "json" << QByteArray(200 * 1024, ' ') << false;
    QTest::newRow("json valid, no comment") << "json"
                                            << QByteArray(R"({"id": 2, "time": "2024-01-01T00:00:00.000Z",)"
                                                          R"( "author": "a", "uid": 0, "hash": ")")
                                                   + ConfigHistory::hashOf(configText(2)).toLatin1() + "\"}"
                                            << true;
    QTest::newRow("toml modified") << "toml" << QByteArray("workers = 99\n") << true;
}

void ConfigHistoryTest::damagedEntriesSkipped()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(bool, listed);
    QTemporaryDir state;
    ConfigHistory history;
    QVERIFY(fill(history, state.path(), 3));
    const QString path = history.directory() + QStringLiteral("/000002.") + file;
    QVERIFY(content.isNull() ? QFile::remove(path) : overwrite(path, content));

    ConfigHistory reopened;
    QString error;
    QVERIFY(reopened.open(state.path(), &error));
    QCOMPARE(ids(reopened.entries()), listed ? QList<int>({3, 2, 1}) : QList<int>({3, 1}));
    QCOMPARE(reopened.text(1, &error), std::optional<QByteArray>(configText(1)));
    QCOMPARE(reopened.text(3, &error), std::optional<QByteArray>(configText(3)));
    if (listed && file == QLatin1String("toml")) {
        // Listed, but its text no longer matches the recorded hash.
        QVERIFY(!reopened.text(2, &error));
        QVERIFY2(error.contains(QLatin1String("damaged")), qPrintable(error));
    }
}

void ConfigHistoryTest::recordReportsErrors()
{
    QTemporaryDir state;
    ConfigHistory history;
    QString error;
    QVERIFY(!history.record("x", QString(), 0, QString(), &error)); // not open
    QCOMPARE(error, QStringLiteral("config history is not open"));

    QVERIFY(fill(history, state.path(), 1));
    // Pull the folder away: saving must fail cleanly and change nothing.
    QVERIFY(QDir(history.directory()).removeRecursively());
    QVERIFY(!history.record(configText(2), QStringLiteral("alice"), 1000, QString(), &error));
    QVERIFY2(error.startsWith(QLatin1String("cannot save ")), qPrintable(error));
    QCOMPARE(ids(history.entries()), QList<int>({1}));

    // Missing toml files make entries vanish; a missing folder is recreated.
    ConfigHistory reopened;
    QVERIFY(reopened.open(state.path(), &error));
    QVERIFY(reopened.entries().isEmpty());
    QCOMPARE(reopened.record(configText(2), QStringLiteral("alice"), 1000, QString(), &error)->id, 1);
}

// Issue 11: an apply writes its record as pending, renames the file into
// place, then marks the record applied. A crash in between leaves a pending
// record, resolved on open: the file on disk is its text -> applied, else dropped.
void ConfigHistoryTest::pendingResolvedAgainstDisk()
{
    QTemporaryDir state;
    QString error;
    {
        ConfigHistory history;
        QVERIFY(history.open(state.path(), &error));
        QVERIFY(history.record(configText(1), QStringLiteral("a"), 0, {}, &error));
        QVERIFY(history.record(configText(2), QStringLiteral("a"), 0, {}, &error, HistoryStatus::Pending));   // renamed in, then crash
        QVERIFY(history.record(configText(3), QStringLiteral("a"), 0, {}, &error, HistoryStatus::Pending));   // crash before the rename
    }
    ConfigHistory reopened;
    QVERIFY(reopened.open(state.path(), &error, configText(2)));
    const QList<HistoryEntry> entries = reopened.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.first().id, 2);
    QCOMPARE(entries.first().status, HistoryStatus::Applied);
    QVERIFY(!QFile::exists(state.filePath(QStringLiteral("history/000003.toml"))));
    QVERIFY(!QFile::exists(state.filePath(QStringLiteral("history/000003.json"))));
    // Resolved on disk too: a second open (without the text) keeps entry 2.
    ConfigHistory again;
    QVERIFY(again.open(state.path(), &error));
    QCOMPARE(again.entries().size(), 2);
    // Numbering never reuses the dropped id's files.
    QCOMPARE(again.record(configText(4), QStringLiteral("a"), 0, {}, &error)->id, 3);
}

void ConfigHistoryTest::statusSurvivesReopen()
{
    QTemporaryDir state;
    QString error;
    ConfigHistory history;
    QVERIFY(history.open(state.path(), &error));
    const auto e = history.record(configText(1), QStringLiteral("a"), 0, {}, &error);
    QVERIFY(e);
    QVERIFY2(history.setStatus(e->id, HistoryStatus::RolledBack, QStringLiteral("web (not ready within 1s)"), &error), qPrintable(error));
    QVERIFY(history.record(configText(2), QStringLiteral("file on disk"), uid_t(-1), {}, &error, HistoryStatus::OnDisk));
    ConfigHistory reopened;
    QVERIFY(reopened.open(state.path(), &error));
    QCOMPARE(reopened.entry(1)->status, HistoryStatus::RolledBack);
    QCOMPARE(reopened.entry(1)->reason, QStringLiteral("web (not ready within 1s)"));
    QCOMPARE(reopened.entry(2)->status, HistoryStatus::OnDisk);
    QCOMPARE(historyStatusName(HistoryStatus::RolledBack), QStringLiteral("rolled-back"));
    // Records from before the status field are "applied".
    QJsonObject old = reopened.entry(1)->toJson();
    old.remove(QStringLiteral("status"));
    QCOMPARE(HistoryEntry::fromJson(old)->status, HistoryStatus::Applied);
    old.insert(QStringLiteral("status"), QStringLiteral("bogus"));
    QVERIFY(!HistoryEntry::fromJson(old));
}

QTEST_GUILESS_MAIN(ConfigHistoryTest)
#include "tst_config_history.moc"
