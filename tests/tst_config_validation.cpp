// Every validation rule of baton.toml, each with the exact place it reports.
#include "baton/ConfigLoader.h"

#include <QTemporaryDir>
#include <QTest>

using namespace baton;

namespace {

// PATH lookup stubbed: "missing-program" does not exist, everything else does.
LoadOptions stubbedOptions(CommandCheck check = CommandCheck::Error)
{
    LoadOptions options;
    options.filePath = QStringLiteral("/etc/baton/baton.toml");
    options.commandCheck = check;
    options.findProgram = [](const QString &program, QString *error) -> std::optional<QString> {
        if (program == QLatin1String("missing-program")) {
            *error = QStringLiteral("command \"%1\" not found on PATH").arg(program);
            return std::nullopt;
        }
        return QStringLiteral("/usr/bin/") + program;
    };
    return options;
}

const char *validHead = "[service.web]\ncommand = [\"worker\"]\n[service.web.listen]\nhttp = \"127.0.0.1:8080\"\n";

} // namespace

class ConfigValidationTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejects_data();
    void rejects();
    void reportsEveryErrorAtOnce();
    void loadsValidConfig();
    void commandNotFoundIsWarningForRemoteHost();
    void realPathLookup();
    void refusesHugeFileBeforeParsing();
    void formatsGccStyle();
    void listenerLimit();
};

void ConfigValidationTest::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("keyPath");
    QTest::addColumn<QString>("message");   // must be contained in the message

    const QByteArray head(validHead);
    QTest::newRow("syntax: missing value") << QByteArray("[service.web]\ncommand = \n") << 2 << 11 << "" << "syntax error: expected value";
    QTest::newRow("syntax: unterminated string") << QByteArray("[service.web]\ncommand = [\"a]\n") << 2 << 15 << "" << "syntax error";
    QTest::newRow("syntax: bad table header") << QByteArray("[service.web\n") << 1 << 13 << "" << "syntax error";
    QTest::newRow("unknown key, suggestion") << head + "[service.web.restart]\nmax_restart = 3\n" << 6 << 1
                                             << "service.web.restart.max_restart" << "unknown key \"max_restart\" in [service.web.restart]; did you mean \"max_restarts\"?";
    QTest::newRow("unknown key, transposed") << QByteArray("[service.web]\ncommand = [\"w\"]\nwrokers = 2\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                             << 3 << 1 << "service.web.wrokers" << "did you mean \"workers\"?";
    QTest::newRow("unknown key, no suggestion") << QByteArray("[daemon]\nfrobnicate = 1\n") + head << 2 << 1 << "daemon.frobnicate" << "unknown key \"frobnicate\" in [daemon]";
    QTest::newRow("unknown top-level table") << head + "[servce.api]\n" << 5 << 2 << "servce" << "did you mean \"service\"?";
    QTest::newRow("wrong type: workers") << head + "[service.web.restart]\n" + "max_restarts = \"5\"\n" << 6 << 16 << "service.web.restart.max_restarts" << "expected an integer, got a string";
    QTest::newRow("wrong type: command") << QByteArray("[service.web]\ncommand = \"worker --x\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                         << 2 << 11 << "service.web.command" << "expected an array of strings";
    QTest::newRow("wrong type: command element") << QByteArray("[service.web]\ncommand = [\"w\", 3]\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                                 << 2 << 17 << "service.web.command" << "every element must be a string, got an integer";
    QTest::newRow("wrong type: bus") << QByteArray("[daemon]\nbus = true\n") + head << 2 << 7 << "daemon.bus" << "expected a string, got a boolean";
    QTest::newRow("wrong type: listen entry") << QByteArray("[service.web]\ncommand = [\"w\"]\nlisten = [\"127.0.0.1:1\"]\n")
                                              << 3 << 10 << "service.web.listen" << "expected a table";
    QTest::newRow("bad enum: ready") << QByteArray("[service.web]\ncommand = [\"w\"]\nready = \"later\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                     << 3 << 9 << "service.web.ready" << "\"later\" is not one of \"notify\", \"exec\"";
    QTest::newRow("out of range: backlog") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\nhttp = { address = \"127.0.0.1:1\", backlog = 70000 }\n")
                                           << 4 << 45 << "service.web.listen.http.backlog" << "70000 is out of range 1..65535";
    QTest::newRow("out of range: max_restarts") << head + "[service.web.restart]\nmax_restarts = -1\n" << 6 << 16 << "service.web.restart.max_restarts" << "-1 is out of range 0..10000";
    QTest::newRow("workers 0") << QByteArray("[service.web]\ncommand = [\"w\"]\nworkers = 0\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                               << 3 << 11 << "service.web.workers" << "0 is out of range 1..256";
    QTest::newRow("workers 257") << QByteArray("[service.web]\ncommand = [\"w\"]\nworkers = 257\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                 << 3 << 11 << "service.web.workers" << "257 is out of range 1..256";
    QTest::newRow("log_rate: no per second") << QByteArray("[service.web]\ncommand = [\"w\"]\nlog_rate = \"4MiB\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                             << 3 << 12 << "service.web.log_rate" << "expected a size per second like \"4MiB/s\", or \"unlimited\"";
    QTest::newRow("log_rate: too low") << QByteArray("[service.web]\ncommand = [\"w\"]\nlog_rate = \"1KiB/s\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                       << 3 << 12 << "service.web.log_rate" << "outside 64KiB/s to 1GiB/s";
    QTest::newRow("log_rate: not a size") << QByteArray("[service.web]\ncommand = [\"w\"]\nlog_rate = \"fast/s\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                          << 3 << 12 << "service.web.log_rate" << "bad size \"fast\"";
    QTest::newRow("bad duration: unit") << QByteArray("[service.web]\ncommand = [\"w\"]\nready_timeout = \"10x\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                        << 3 << 17 << "service.web.ready_timeout" << "bad duration \"10x\"";
    QTest::newRow("bad duration: number") << QByteArray("[service.web]\ncommand = [\"w\"]\ndrain_timeout = 30\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                          << 3 << 17 << "service.web.drain_timeout" << "expected a duration string like \"10s\", got an integer";
    QTest::newRow("bad duration: zero ready_timeout") << QByteArray("[service.web]\ncommand = [\"w\"]\nready_timeout = \"0s\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                                      << 3 << 17 << "service.web.ready_timeout" << "must be at least 1ms";
    QTest::newRow("initial_delay > max_delay") << head + "[service.web.restart]\ninitial_delay = \"1m\"\nmax_delay = \"1s\"\n" << 6 << 17
                                               << "service.web.restart.initial_delay" << "longer than max_delay";
    QTest::newRow("unknown signal") << QByteArray("[service.web]\ncommand = [\"w\"]\nstop_signal = \"SIGFOO\"\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                    << 3 << 15 << "service.web.stop_signal" << "unknown signal \"SIGFOO\"; use one of SIGTERM";
    QTest::newRow("address: no port") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\nhttp = \"127.0.0.1\"\n")
                                      << 4 << 8 << "service.web.listen.http" << "expected host:port";
    QTest::newRow("address: host name") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\nhttp = \"example.org:80\"\n")
                                        << 4 << 8 << "service.web.listen.http" << "not an IPv4 address";
    QTest::newRow("address: v6 without brackets") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\nhttp = \"::1:80\"\n")
                                                  << 4 << 8 << "service.web.listen.http" << "IPv6 addresses need brackets";
    QTest::newRow("address: port 0") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\nhttp = \"127.0.0.1:0\"\n")
                                     << 4 << 8 << "service.web.listen.http" << "port 0 is out of range 1..65535";
    QTest::newRow("address: port 65536") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\nhttp = \"[::1]:65536\"\n")
                                         << 4 << 8 << "service.web.listen.http" << "port 65536 is out of range 1..65535";
    QTest::newRow("address: mode on tcp") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\nhttp = { address = \"127.0.0.1:1\", mode = \"0600\" }\n")
                                          << 4 << 8 << "service.web.listen.http" << "\"mode\" applies to Unix sockets only";
    QTest::newRow("same address twice in a service") << head + "api = \"127.0.0.1:8080\"\n" << 5 << 7 << "service.web.listen.api"
                                                     << "address 127.0.0.1:8080 is already used by service.web.listen.http (line 4)";
    QTest::newRow("same address across services") << head + "[service.api]\ncommand = [\"w\"]\n[service.api.listen]\nmain = \"127.0.0.1:8080\"\n"
                                                   << 8 << 8 << "service.api.listen.main" << "is already used by service.web.listen.http (line 4)";
    QTest::newRow("wildcard overlaps") << head + "[service.api]\ncommand = [\"w\"]\n[service.api.listen]\nmain = \"*:8080\"\n"
                                       << 8 << 8 << "service.api.listen.main" << "address 0.0.0.0:8080 overlaps service.web.listen.http";
    QTest::newRow("same unix path twice") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\na = \"unix:x.sock\"\nb = \"unix:/etc/baton/x.sock\"\n")
                                          << 5 << 5 << "service.web.listen.b" << "unix:/etc/baton/x.sock is already used";
    QTest::newRow("duplicate listener name") << head + "http = \"127.0.0.1:9090\"\n" << 5 << 1 << "http" << "duplicate key \"http\"";
    QTest::newRow("duplicate table") << head + "[service.web.listen]\n" << 5 << 1 << "service.web.listen" << "duplicate table [service.web.listen]";
    QTest::newRow("bad listener name") << QByteArray("[service.web]\ncommand = [\"w\"]\n[service.web.listen]\n\"a:b\" = \"127.0.0.1:1\"\n")
                                       << 4 << 1 << "service.web.listen.a:b" << "LISTEN_FDNAMES";
    QTest::newRow("empty command") << QByteArray("[service.web]\ncommand = []\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                   << 2 << 11 << "service.web.command" << "must not be empty";
    QTest::newRow("empty program name") << QByteArray("[service.web]\ncommand = [\"\"]\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                        << 2 << 12 << "service.web.command" << "program name is empty";
    QTest::newRow("command not found") << QByteArray("[service.web]\ncommand = [\"missing-program\", \"-x\"]\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                       << 2 << 12 << "service.web.command" << "command \"missing-program\" not found on PATH";
    QTest::newRow("missing command") << QByteArray("[service.web]\nworkers = 2\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n")
                                     << 1 << 1 << "service.web.command" << "missing required key \"command\"";
    QTest::newRow("missing listen") << QByteArray("[service.web]\ncommand = [\"w\"]\n") << 1 << 1 << "service.web.listen" << "missing required table [service.web.listen]";
    QTest::newRow("reserved env") << head + "[service.web.env]\nLISTEN_PID = \"1\"\n" << 6 << 1 << "service.web.env.LISTEN_PID" << "set by batond";
    QTest::newRow("no services") << QByteArray("# only a comment\n[daemon]\nbus = \"none\"\n") << 1 << 1 << "service" << "no [service.NAME] table";
    QTest::newRow("empty file") << QByteArray("") << 1 << 1 << "" << "file is empty";
    QTest::newRow("whitespace only") << QByteArray("\n  \n\t\n") << 1 << 1 << "" << "file is empty";
    QTest::newRow("NUL byte") << QByteArray("[service.web]\ncomm\0and = []\n", 25) << 2 << 5 << "" << "NUL byte";
    QTest::newRow("not UTF-8") << QByteArray("# caf\xe9\n") + head << 1 << 6 << "" << "not valid UTF-8 (byte 0xE9)";
    QTest::newRow("overlong UTF-8") << QByteArray("a = \"\xc0\xaf\"\n") << 1 << 6 << "" << "not valid UTF-8 (byte 0xC0)";
}

void ConfigValidationTest::rejects()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, keyPath);
    QFETCH(QString, message);

    const LoadResult result = loadConfig(text, stubbedOptions());
    QVERIFY(!result.ok());
    QString all;
    for (const Diagnostic &d : result.diagnostics) {
        all += d.format(QStringLiteral("baton.toml")) + QLatin1Char('\n');
        if (d.message.contains(message)) {
            QCOMPARE(d.severity, Severity::Error);
            QCOMPARE(d.line, line);
            QCOMPARE(d.column, column);
            QCOMPARE(d.keyPath, keyPath);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no diagnostic contains \"%1\"; got:\n%2").arg(message, all)));
}

void ConfigValidationTest::reportsEveryErrorAtOnce()
{
    const QByteArray text = "[daemon]\nbus = \"sesion\"\n"
                            "[service.web]\ncommand = [\"w\"]\nworkers = 0\nready = \"later\"\nstop_signal = \"NOPE\"\n"
                            "[service.web.listen]\nhttp = \"127.0.0.1:0\"\n"
                            "[service.api]\ncommand = []\n";
    const LoadResult result = loadConfig(text, stubbedOptions());
    QVERIFY(!result.ok());
    QList<int> lines;
    for (const Diagnostic &d : result.diagnostics)
        lines << d.line;
    // bus, workers, ready, stop_signal, port, empty command, api's missing listen
    QCOMPARE(lines, (QList<int>{2, 5, 6, 7, 9, 10, 11}));
}

void ConfigValidationTest::loadsValidConfig()
{
    const QByteArray text = R"(# comment
[daemon]
control_socket = "run/ctl.sock"
bus = "system"
state_dir = "/var/lib/baton"
watch = true

[service.web]
command = ["worker", "--root", "www"]
workers = 4
ready = "exec"
ready_timeout = "2s"
ready_hold = "1500ms"
log_rate = "16MiB/s"
stop_signal = "QUIT"
drain_timeout = "1m30s"
watchdog = "5s"
env = { GREETING = "hello", PORT = 8080, DEBUG = false }

[service.web.listen]
zeta = "127.0.0.1:8080"
alpha = { address = "unix:web.sock", backlog = 64, mode = "0660" }
mid = "[::1]:8443"

[service.web.restart]
initial_delay = "250ms"
max_delay = "10s"
max_restarts = 3
window = "2m"

[service.api]
command = ["/usr/bin/api"]
[service.api.listen]
main = "127.0.0.1:9000"
)";
    const LoadResult result = loadConfig(text, stubbedOptions());
    QVERIFY2(result.ok(), qPrintable(result.diagnostics.value(0).format(QStringLiteral("x"))));
    const Config &c = *result.config;
    QCOMPARE(c.daemon.controlSocket, QStringLiteral("/etc/baton/run/ctl.sock"));
    QCOMPARE(c.daemon.bus, BusKind::System);
    QCOMPARE(c.daemon.stateDir, QStringLiteral("/var/lib/baton"));
    QVERIFY(c.daemon.watch);
    QCOMPARE(c.services.size(), 2);
    const ServiceConfig &web = c.services[0];
    QCOMPARE(web.readyHold, Milliseconds(1500));
    QCOMPARE(c.services[1].readyHold, Milliseconds(0));   // the default: take over at once
    QCOMPARE(web.logRate, 16LL * 1024 * 1024);
    QCOMPARE(c.services[1].logRate, DefaultLogRate);
    QCOMPARE(web.name, QStringLiteral("web"));
    QCOMPARE(web.command, (QStringList{"worker", "--root", "www"}));
    QCOMPARE(web.program, QStringLiteral("/usr/bin/worker"));
    QCOMPARE(web.workers, 4);
    QCOMPARE(web.ready, ReadyMode::Exec);
    QCOMPARE(web.readyTimeout.count(), 2000);
    QCOMPARE(web.stopSignal, int(SIGQUIT));
    QCOMPARE(web.drainTimeout.count(), 90000);
    QCOMPARE(web.watchdog.count(), 5000);
    QCOMPARE(web.env.size(), 3);
    QCOMPARE(web.env[0], (QPair<QString, QString>{"GREETING", "hello"}));
    QCOMPARE(web.env[1], (QPair<QString, QString>{"PORT", "8080"}));
    QCOMPARE(web.env[2], (QPair<QString, QString>{"DEBUG", "false"}));
    // File order, not alphabetical: this is the order of FDs 3, 4, 5.
    QCOMPARE(web.listeners.size(), 3);
    QCOMPARE(web.listeners[0].name, QStringLiteral("zeta"));
    QCOMPARE(web.listeners[1].name, QStringLiteral("alpha"));
    QCOMPARE(web.listeners[1].address.toString(), QStringLiteral("unix:/etc/baton/web.sock"));
    QCOMPARE(web.listeners[1].backlog, 64);
    QCOMPARE(web.listeners[1].mode.value_or(0), 0660u);
    QCOMPARE(web.listeners[2].address.kind, ListenAddress::Kind::Tcp6);
    QCOMPARE(web.restart.initialDelay.count(), 250);
    QCOMPARE(web.restart.maxRestarts, 3);
    QCOMPARE(web.restart.window.count(), 120000);
    const ServiceConfig &api = c.services[1];
    QCOMPARE(api.workers, 1);   // defaults
    QCOMPARE(api.ready, ReadyMode::Notify);
    QCOMPARE(api.readyTimeout.count(), 10000);
    QCOMPARE(api.stopSignal, int(SIGTERM));
    QCOMPARE(api.restart, RestartPolicy{});
}

void ConfigValidationTest::commandNotFoundIsWarningForRemoteHost()
{
    const QByteArray text = "[service.web]\ncommand = [\"missing-program\"]\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n";
    const LoadResult result = loadConfig(text, stubbedOptions(CommandCheck::Warning));
    QVERIFY(result.ok());
    QCOMPARE(result.diagnostics.size(), 1);
    QCOMPARE(result.diagnostics[0].severity, Severity::Warning);
    QCOMPARE(result.diagnostics[0].line, 2);
    QVERIFY(result.diagnostics[0].message.contains(QLatin1String("may exist on the daemon's host")));
    QVERIFY(loadConfig(text, stubbedOptions(CommandCheck::Off)).diagnostics.isEmpty());
}

void ConfigValidationTest::realPathLookup()
{
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("not-executable")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n");
    script.close();
    LoadOptions options;
    options.filePath = dir.filePath(QStringLiteral("baton.toml"));
    auto load = [&](const char *program) {
        return loadConfig(QByteArray("[service.web]\ncommand = [\"") + program + "\"]\n[service.web.listen]\nhttp = \"127.0.0.1:1\"\n", options);
    };
    const LoadResult onPath = load("sh");
    QVERIFY(onPath.ok());
    QVERIFY(onPath.config->services[0].program.endsWith(QLatin1String("/sh")));
    const LoadResult notExecutable = load("./not-executable");
    QVERIFY(!notExecutable.ok());
    QVERIFY(notExecutable.diagnostics[0].message.contains(QLatin1String("is not an executable file")));
    const LoadResult absent = load("baton-no-such-program");
    QVERIFY(!absent.ok());
    QCOMPARE(absent.diagnostics[0].message, QStringLiteral("command \"baton-no-such-program\" not found on PATH"));
}

void ConfigValidationTest::refusesHugeFileBeforeParsing()
{
    QByteArray text(validHead);
    text += "# " + QByteArray(MaxConfigBytes, 'x') + "\n";
    const LoadResult result = loadConfig(text, stubbedOptions());
    QVERIFY(!result.ok());
    QCOMPARE(result.diagnostics.size(), 1);
    QVERIFY(result.diagnostics[0].message.contains(QLatin1String("limited to 1 MiB")));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.toml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    const LoadResult fromFile = loadConfigFile(path, stubbedOptions());
    QVERIFY(!fromFile.ok());
    QVERIFY(fromFile.diagnostics[0].message.contains(QLatin1String("limited to 1 MiB")));
}

void ConfigValidationTest::formatsGccStyle()
{
    const Diagnostic d{Severity::Error, 3, 9, QStringLiteral("service.web.workers"), QStringLiteral("boom")};
    QCOMPARE(d.format(QStringLiteral("a.toml")), QStringLiteral("a.toml:3:9: error: boom"));
    const Diagnostic w{Severity::Warning, 0, 0, {}, QStringLiteral("careful")};
    QCOMPARE(w.format(QStringLiteral("a.toml")), QStringLiteral("a.toml: warning: careful"));
}

// Scenario 8 of issue 11: no silent truncation. Up to the documented limit
// every listener is kept, in order; one more is refused at its own line.
void ConfigValidationTest::listenerLimit()
{
    const auto config = [](int count) {
        QByteArray text = "[service.web]\ncommand = [\"w\"]\n[service.web.listen]\n";
        for (int i = 0; i < count; ++i)
            text += "l" + QByteArray::number(i) + " = \"127.0.0.1:" + QByteArray::number(1000 + i) + "\"\n";
        return text;
    };
    const LoadResult atLimit = loadConfig(config(MaxListenersPerService), stubbedOptions());
    QVERIFY(atLimit.ok());
    QCOMPARE(atLimit.config->services.first().listeners.size(), MaxListenersPerService);
    QCOMPARE(atLimit.config->services.first().listeners.last().name, QStringLiteral("l%1").arg(MaxListenersPerService - 1));

    const LoadResult above = loadConfig(config(MaxListenersPerService + 1), stubbedOptions());
    QVERIFY(!above.ok());
    QCOMPARE(above.diagnostics.size(), 1);
    const Diagnostic &d = above.diagnostics.first();
    QCOMPARE(d.line, 3 + MaxListenersPerService + 1);
    QCOMPARE(d.column, 1);
    QVERIFY2(d.message.contains(QStringLiteral("at most 1024")), qPrintable(d.message));
}

QTEST_GUILESS_MAIN(ConfigValidationTest)
#include "tst_config_validation.moc"
