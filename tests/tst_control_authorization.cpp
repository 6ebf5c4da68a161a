// The one authorization rule, as a matrix (docs/control-api.md, "Authorization").
#include "baton/ControlAuthorization.h"

#include <QTest>

using namespace baton;
using protocol::Access;

class TestControlAuthorization final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matrix_data()
    {
        QTest::addColumn<uint>("uid");
        QTest::addColumn<QList<gid_t>>("groups");
        QTest::addColumn<int>("access");
        QTest::addColumn<bool>("bus");
        QTest::addColumn<int>("verdict");
        const QList<gid_t> member{100, 500}, outsider{100};
        const int A = int(Verdict::Allow), D = int(Verdict::Deny), P = int(Verdict::AskPolkit);
        for (bool bus : {false, true}) {
            const char *t = bus ? "bus" : "socket";
            QTest::addRow("root public %s", t) << 0u << QList<gid_t>{0} << int(Access::PublicRead) << bus << A;
            QTest::addRow("root write %s", t) << 0u << QList<gid_t>{0} << int(Access::Write) << bus << A;
            QTest::addRow("daemon user sensitive %s", t) << 990u << QList<gid_t>{990} << int(Access::SensitiveRead) << bus << A;
            QTest::addRow("member write %s", t) << 1000u << member << int(Access::Write) << bus << A;
            QTest::addRow("member sensitive %s", t) << 1000u << member << int(Access::SensitiveRead) << bus << A;
            QTest::addRow("outsider public %s", t) << 1001u << outsider << int(Access::PublicRead) << bus << A;
            QTest::addRow("outsider sensitive %s", t) << 1001u << outsider << int(Access::SensitiveRead) << bus << (bus ? P : D);
            QTest::addRow("outsider write %s", t) << 1001u << outsider << int(Access::Write) << bus << (bus ? P : D);
        }
    }
    void matrix()
    {
        QFETCH(uint, uid);
        QFETCH(QList<gid_t>, groups);
        QFETCH(int, access);
        QFETCH(bool, bus);
        QFETCH(int, verdict);
        const AuthorizationPolicy policy{990, gid_t(500), QStringLiteral("baton")};
        const AuthorizationDecision d = authorize(Principal{uid_t(uid), groups, false}, Access(access), policy, bus);
        QCOMPARE(int(d.verdict), verdict);
        if (d.verdict == Verdict::Deny)
            QVERIFY(d.reason.contains(QStringLiteral("group baton")));
    }

    void polkitGrantAllows()
    {
        const AuthorizationPolicy policy{990, gid_t(500), QStringLiteral("baton")};
        QCOMPARE(authorize(Principal{1001, {100}, true}, Access::Write, policy, false).verdict, Verdict::Allow);
    }

    void noAdminGroup()
    {
        const AuthorizationPolicy policy{990, std::nullopt, {}};
        const auto d = authorize(Principal{1000, {500}, false}, Access::Write, policy, false);
        QCOMPARE(d.verdict, Verdict::Deny);
        QVERIFY(d.reason.contains(QStringLiteral("root and uid 990")));
    }

    void subscriptionsToEventsAreSensitive()
    {
        QCOMPARE(accessFor(QStringLiteral("subscribe"), {{QStringLiteral("events"), false}}), Access::PublicRead);
        QCOMPARE(accessFor(QStringLiteral("subscribe"), {}), Access::SensitiveRead);
        QCOMPARE(accessFor(QStringLiteral("status"), {}), Access::PublicRead);
        QCOMPARE(accessFor(QStringLiteral("get_config"), {}), Access::SensitiveRead);
        QCOMPARE(accessFor(QStringLiteral("stop"), {}), Access::Write);
        QCOMPARE(accessFor(QStringLiteral("no_such_method"), {}), Access::Write);
    }
};

QTEST_APPLESS_MAIN(TestControlAuthorization)
#include "tst_control_authorization.moc"
