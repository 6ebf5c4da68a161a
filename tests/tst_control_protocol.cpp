// The control protocol's method table: param validation, and the
// documentation checked against the table (docs/control-api.md).
#include "baton/ControlProtocol.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace baton::protocol;

class TestControlProtocol final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validate_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QByteArray>("params");
        QTest::addColumn<QString>("badParam");   // empty: accepted
        QTest::newRow("status, none") << "status" << QByteArray("{}") << "";
        QTest::newRow("status, unknown") << "status" << QByteArray(R"({"x":1})") << "x";
        QTest::newRow("get_version missing") << "get_version" << QByteArray("{}") << "id";
        QTest::newRow("get_version string") << "get_version" << QByteArray(R"({"id":"1"})") << "id";
        QTest::newRow("get_version zero") << "get_version" << QByteArray(R"({"id":0})") << "id";
        QTest::newRow("get_version fraction") << "get_version" << QByteArray(R"({"id":2.5})") << "id";
        QTest::newRow("get_version ok") << "get_version" << QByteArray(R"({"id":3})") << "";
        QTest::newRow("events negative") << "events" << QByteArray(R"({"limit":-1})") << "limit";
        QTest::newRow("events too many") << "events" << QByteArray(R"({"limit":10001})") << "limit";
        QTest::newRow("events since string") << "events" << QByteArray(R"({"since":"x"})") << "since";
        QTest::newRow("events huge since") << "events" << QByteArray(R"({"since":1e300})") << "since";
        QTest::newRow("events ok") << "events" << QByteArray(R"({"since":0,"limit":10000})") << "";
        QTest::newRow("reload number") << "reload" << QByteArray(R"({"service":5})") << "service";
        QTest::newRow("reload all") << "reload" << QByteArray("{}") << "";
        QTest::newRow("apply needs version") << "apply_config" << QByteArray(R"({"text":""})") << "expected_version";
        QTest::newRow("subscribe bool") << "subscribe" << QByteArray(R"({"events":"yes"})") << "events";
        QTest::newRow("validate null text") << "validate" << QByteArray(R"({"text":null})") << "text";
    }
    void validate()
    {
        QFETCH(QString, method);
        QFETCH(QByteArray, params);
        QFETCH(QString, badParam);
        const Method *m = findMethod(method);
        QVERIFY(m);
        QVariantMap out;
        const auto error = validateParams(*m, QJsonDocument::fromJson(params).object(), &out);
        if (badParam.isEmpty()) {
            QVERIFY2(!error, qPrintable(error ? error->message : QString()));
        } else {
            QVERIFY(error);
            QCOMPARE(error->param, badParam);
            QVERIFY2(error->message.contains(badParam), qPrintable(error->message));
        }
    }

    void tableIsConsistent()
    {
        QStringList seen;
        for (const Method &m : methods()) {
            QVERIFY2(!seen.contains(m.name), qPrintable(m.name));
            seen << m.name;
            QVERIFY(!m.dbusName.isEmpty());
            QVERIFY(m.dbusName.front().isUpper());
            QVERIFY(!m.summary.isEmpty());
        }
    }

    // Every method is documented with its D-Bus name, and nothing else is.
    void documentationMatchesTheTable()
    {
        QFile doc(QStringLiteral(BATON_DOCS "/control-api.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        for (const Method &m : methods()) {
            const QString row = QStringLiteral("| `%1` |").arg(m.name);
            QVERIFY2(text.contains(row), qPrintable(QStringLiteral("docs/control-api.md has no row for %1").arg(m.name)));
            const qsizetype at = text.indexOf(row);
            const QString line = text.mid(at, text.indexOf(QLatin1Char('\n'), at) - at);
            QVERIFY2(line.contains(m.dbusName), qPrintable(QStringLiteral("the row of %1 does not name %2").arg(m.name, m.dbusName)));
        }
        static const QRegularExpression documented(QStringLiteral("^\\| `([a-z_]+)` \\|"), QRegularExpression::MultilineOption);
        for (auto it = documented.globalMatch(text); it.hasNext();) {
            const QString name = it.next().captured(1);
            QVERIFY2(findMethod(name), qPrintable(QStringLiteral("docs/control-api.md documents %1, which is not in the table").arg(name)));
        }
    }
};

QTEST_APPLESS_MAIN(TestControlProtocol)
#include "tst_control_protocol.moc"
