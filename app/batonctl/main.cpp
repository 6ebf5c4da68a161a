// batonctl: command line, help texts and the choice of transport. The
// commands themselves live in Ctl (and Bridge); everything runs on the event
// loop, and SIGINT/SIGTERM arrive through a signalfd so Ctrl-C ends a
// `events --follow` cleanly (exit 0) instead of killing us mid-line.
#include "Bridge.h"
#include "Ctl.h"
#include "Format.h"
#include "JsonOutput.h"
#include "Sign.h"
#include "JsonRpcClient.h"
#include "SocketChoice.h"

#include "baton/ControlProtocol.h"
#include "baton/RuntimePaths.h"

#if __has_include("DBusClient.h")
#include "DBusClient.h"
#define BATONCTL_HAVE_DBUS 1
#endif

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/signalfd.h>
#include <unistd.h>

namespace Exit = baton::ctl::Exit;

namespace {

struct CommandSpec {
    const char *name;
    const char *synopsis;       // without " [--json]": added for every command that takes it
    const char *help;
    QStringList flags;          // options without a value (besides --json)
    QStringList valueOptions;   // options that take one
    int minArgs;
    int maxArgs;
    // The control API methods the command calls, named as in core's method
    // table (baton/ControlProtocol.h); `COMMAND --help` shows them with their
    // access class, so an operator knows which rights a command needs.
    QStringList methods = {};
    // Every command prints one JSON document with --json (JsonOutput.h);
    // only a command whose output is not batonctl's own may opt out.
    bool json = true;
};

bool g_json = false;   // --json anywhere on the command line: errors owe a document too

const QList<CommandSpec> &commands()
{
    static const QList<CommandSpec> specs = {
        {"status", "status",
         "Show the daemon, its services and their workers (PID, generation, state,\n"
         "uptime, open FDs, RSS, CPU, status text). Live metrics take about a second.",
         {}, {}, 0, 0, {"subscribe", "status"}},
        {"reload", "reload [SERVICE] [--no-wait]",
         "Reload every service (or one), like SIGHUP, and wait for the outcome.\n"
         "Exit 0 when the new generation took over, 1 when it was rolled back or failed.\n"
         "  --no-wait   return once the request was sent",
         {"--no-wait"}, {}, 0, 1, {"reload"}},
        {"validate", "validate FILE",
         "Check FILE with the running daemon's rules (paths resolve as they would for\n"
         "the running config). Diagnostics are GCC-style: FILE:LINE:COL: error: ...\n"
         "Exit 0 when valid, 1 when not. Nothing is changed.",
         {}, {}, 1, 1, {"validate"}},
        {"diff", "diff FILE",
         "Show what applying FILE would do: the reload plan per service, then a unified\n"
         "diff of the running configuration against FILE. Nothing is changed.",
         {}, {}, 1, 1, {"get_config", "validate"}},
        {"apply", "apply FILE [--comment TEXT]",
         "Write FILE as the daemon's configuration (atomically, recorded in the history)\n"
         "and reload. Refused when FILE is invalid or the running configuration changed\n"
         "in the meantime (someone else applied first).\n"
         "  --comment TEXT   recorded in the history",
         {}, {"--comment"}, 1, 1, {"get_config", "apply_config"}},
        {"history", "history",
         "List the applied configuration versions, newest first (* = running).",
         {}, {}, 0, 0, {"history"}},
        {"rollback", "rollback ID [--comment TEXT]",
         "Apply version ID of the history again (see batonctl history).\n"
         "  --comment TEXT   recorded in the history (default: \"rollback to version ID\")",
         {}, {"--comment"}, 1, 1, {"rollback"}},
        {"events", "events [--follow] [--since SEQ]",
         "Print the daemon's events (spawn, ready, exit, reload, ...), oldest first.\n"
         "  --follow      keep printing new events until Ctrl-C or batond stops\n"
         "                (with --json: one document per event, one per line)\n"
         "  --since SEQ   only events after number SEQ",
         {"--follow"}, {"--since"}, 0, 0, {"subscribe", "events"}},
        {"logs", "logs [SERVICE] [-f|--follow] [-n N] [--generation N] [--pid PID] [--stderr|--stdout] [--priority P]",
         "Print what workers wrote on stdout and stderr, oldest first, from batond's\n"
         "ring buffers (log_buffer per service). Needs the rights of apply.\n"
         "  -f, --follow       then keep printing new lines until Ctrl-C or batond stops\n"
         "  -n N               only the last N lines (default: all; 10 with --follow)\n"
         "  --generation N     only generation N\n"
         "  --pid PID          only worker PID\n"
         "  --stderr, --stdout only that stream\n"
         "  --priority P       only lines at least this important (0..7 or err, warning, ...)\n"
         "  --json             one JSON object per line: {seq, time, service, generation, pid, stream, priority, text}",
         {"-f", "--follow", "--json", "--stderr", "--stdout"}, {"-n", "--generation", "--pid", "--priority"}, 0, 1, {"logs", "subscribe"}},
        {"reset", "reset SERVICE",
         "Close the storm breaker of a failed service and start its missing workers.",
         {}, {}, 1, 1, {"reset"}},
        {"stop", "stop", "Stop batond gracefully: workers drain, then it exits.", {}, {}, 0, 0, {"stop"}},
        {"service", "service stop|start SERVICE",
         "stop: drain every worker of SERVICE and keep it stopped, across reloads,\n"
         "until `service start`; the config is unchanged and a restart of batond starts\n"
         "it again. Returns once every worker has exited.\n"
         "start: start a service stopped that way; returns once its generation serves.",
         {}, {}, 2, 2, {"stop_service", "start_service"}},
        {"worker", "worker restart PID | worker signal PID SIGNAL",
         "restart: start a replacement for worker PID in its generation, wait until it\n"
         "is ready, then drain PID (no request is lost). Exit 1 when the replacement\n"
         "failed: PID keeps serving.\n"
         "signal: send SIGNAL (TERM, HUP, USR1, USR2 or KILL) to worker PID. If it\n"
         "exits, that is its cause (signalled-by-request, never a crash) and its slot\n"
         "is refilled at once.",
         {}, {}, 2, 3, {"restart_worker", "signal_worker"}},
        {"upgrade", "upgrade [--binary PATH]",
         "Upgrade batond in place: it re-executes itself (by default the binary at its own\n"
         "path, e.g. as a package upgrade replaced it), keeping its PID, its listeners\n"
         "and its workers, once the new binary's preflight accepts the carried state.\n"
         "Like SIGUSR2. Exit 0 once the new image answers, 1 with the reason when the\n"
         "upgrade was refused (the old batond serves on).\n"
         "  --binary PATH   re-execute PATH (absolute) instead",
         {}, {"--binary"}, 0, 0, {"upgrade"}},
        {"bridge", "bridge",
         "Copy stdin to the control socket and the socket to stdout, byte for byte,\n"
         "until batond closes the connection, so that `ssh HOST batonctl bridge` reaches\n"
         "a remote daemon. Socket only (not with --bus). What it prints is the JSON-RPC\n"
         "stream itself, so it takes no --json.",
         {}, {}, 0, 0, {}, false},
    };
    return specs;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &c : commands()) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

QString synopsis(const CommandSpec &c)
{
    return QLatin1String(c.synopsis) + (c.json ? QStringLiteral(" [--json]") : QString());
}

const QString Where = QStringLiteral("[--socket PATH | --config FILE | --bus session|system]");

QString overallHelp()
{
    QString text = QStringLiteral("Usage: batonctl %1 COMMAND [ARGS]\n\n"
                                  "Control a running batond.\n\nCommands:\n").arg(Where);
    for (const CommandSpec &c : commands())
        text += QStringLiteral("  %1\n").arg(synopsis(c));
    // Offline, no batond needed (Sign.cpp): signed configs.
    text += QStringLiteral("  sign FILE --key PRIVATE_KEY [--output OUT] [--json]\n"
                           "  keygen --out PREFIX [--json]\n");
    text += QStringLiteral("\nOptions:\n"
                           "  --socket PATH            the control socket\n"
                           "  --config FILE            the socket that FILE's [daemon] control_socket names\n"
                           "                           (the first set of: --socket, --config, $BATON_SOCKET,\n"
                           "                           $BATON_CONFIG, else %1)\n"
                           "  --bus session|system     talk to batond over D-Bus instead\n"
                           "  --json                   (after COMMAND) one JSON document, schema %2\n"
                           "  -h, --help               this help; batonctl COMMAND --help for one command\n"
                           "  --version                print the version\n\n"
                           "Exit status: 0 success, 1 operation failed, 2 usage error, 3 batond not reachable,\n"
                           "130 interrupted.\n")
                .arg(baton::defaultControlSocket(), QLatin1String(baton::ctl::json::Schema));
    return text;
}

QString commandHelp(const CommandSpec &c)
{
    QString text = QStringLiteral("Usage: batonctl %1 %2\n\n%3\n").arg(Where, synopsis(c), QLatin1String(c.help));
    if (c.json)
        text += QStringLiteral("  --json   print one JSON document (schema %1; see batonctl(1), JSON OUTPUT)\n")
                    .arg(QLatin1String(baton::ctl::json::Schema));
    if (!c.methods.isEmpty()) {
        QStringList calls;
        for (const QString &name : c.methods) {
            const baton::protocol::Method *m = baton::protocol::findMethod(name);
            calls << (m ? QStringLiteral("%1 (%2)").arg(name, baton::protocol::accessName(m->access))
                        : QStringLiteral("%1 (not in this batonctl's protocol table)").arg(name));
        }
        text += QStringLiteral("\nControl API methods: %1\n").arg(calls.join(QStringLiteral(", ")));
    }
    return text;
}

// `command`: as typed, for the JSON document; `known`: whether it has a
// --help of its own to point to.
int usage(const QString &message, const QString &command = {}, bool known = true)
{
    baton::ctl::err(QStringLiteral("batonctl: %1\nTry 'batonctl %2--help'.\n").arg(message, command.isEmpty() || !known ? QString() : command + QLatin1Char(' ')));
    if (g_json)
        baton::ctl::json::print(baton::ctl::json::errorDocument(command, Exit::Usage, message));
    return Exit::Usage;
}

struct Global {
    QString socket;
    QString config;
    QString bus;
    bool help = false;
    bool version = false;
};

// Global options may come anywhere; the rest belongs to the command. Returns
// -1 when parsing succeeded, else the exit code.
int parse(const QStringList &argv, Global *global, baton::ctl::Invocation *inv, bool *commandHelpWanted)
{
    QStringList rest;
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &a = argv[i];
        const QString key = a.section(QLatin1Char('='), 0, 0);
        if (key == QLatin1String("--socket") || key == QLatin1String("--config") || key == QLatin1String("--bus")) {
            QString value;
            if (a.contains(QLatin1Char('=')))
                value = a.section(QLatin1Char('='), 1);
            else if (i + 1 < argv.size())
                value = argv[++i];
            else
                return usage(QStringLiteral("%1 needs a value").arg(key));
            (key == QLatin1String("--socket") ? global->socket : key == QLatin1String("--config") ? global->config : global->bus) = value;
        } else if (inv->command.isEmpty() && (a == QLatin1String("-h") || a == QLatin1String("--help"))) {
            global->help = true;
        } else if (inv->command.isEmpty() && a == QLatin1String("--version")) {
            global->version = true;
        } else if (inv->command.isEmpty() && !a.startsWith(QLatin1Char('-'))) {
            inv->command = a;
        } else if (inv->command.isEmpty()) {
            return usage(QStringLiteral("unknown option %1").arg(a));
        } else {
            rest << a;
        }
    }
    if (global->help || global->version || inv->command.isEmpty())
        return -1;
    const CommandSpec *spec = findCommand(inv->command);
    if (!spec)
        return usage(QStringLiteral("unknown command \"%1\"").arg(inv->command), inv->command, false);
    bool optionsEnded = false;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &a = rest[i];
        if (optionsEnded || !a.startsWith(QLatin1String("-")) || a == QLatin1String("-")) {
            inv->args << a;
        } else if (a == QLatin1String("--")) {
            optionsEnded = true;
        } else if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            *commandHelpWanted = true;
        } else if (spec->flags.contains(a) || (spec->json && a == QLatin1String("--json"))) {
            inv->flags.insert(a);
        } else if (a == QLatin1String("--json")) {
            return usage(QStringLiteral("%1 takes no --json: it copies the JSON-RPC stream as it is").arg(inv->command), inv->command);
        } else if (spec->valueOptions.contains(a.section(QLatin1Char('='), 0, 0))) {
            const QString key = a.section(QLatin1Char('='), 0, 0);
            if (a.contains(QLatin1Char('=')))
                inv->options.insert(key, a.section(QLatin1Char('='), 1));
            else if (i + 1 < rest.size())
                inv->options.insert(key, rest[++i]);
            else
                return usage(QStringLiteral("%1: %2 needs a value").arg(inv->command, key), inv->command);
        } else {
            return usage(QStringLiteral("%1: unknown option %2").arg(inv->command, a), inv->command);
        }
    }
    if (*commandHelpWanted)
        return -1;
    if (inv->args.size() < spec->minArgs || inv->args.size() > spec->maxArgs)
        return usage(QStringLiteral("usage: batonctl %1").arg(synopsis(*spec)), inv->command);
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before any thread exists (D-Bus starts one): these signals are only
    // ever read from the signalfd below.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    sigprocmask(SIG_BLOCK, &mask, nullptr);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("batonctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BATON_VERSION));

    if (const auto code = baton::ctl::runSigningCommand(app.arguments()))   // sign, keygen: offline
        return *code;
    g_json = baton::ctl::json::requested(app.arguments());
    Global global;
    baton::ctl::Invocation inv;
    bool commandHelpWanted = false;
    if (const int code = parse(app.arguments(), &global, &inv, &commandHelpWanted); code >= 0)
        return code;
    if (global.version) {
        baton::ctl::out(QStringLiteral("batonctl %1\n").arg(QStringLiteral(BATON_VERSION)));
        return Exit::Ok;
    }
    if (global.help || inv.command.isEmpty()) {
        baton::ctl::out(overallHelp());
        return global.help ? Exit::Ok : Exit::Usage;
    }
    if (commandHelpWanted) {
        baton::ctl::out(commandHelp(*findCommand(inv.command)));
        return Exit::Ok;
    }
    if (!global.socket.isEmpty() && !global.bus.isEmpty())
        return usage(QStringLiteral("--socket and --bus exclude each other"), inv.command);
    if (!global.config.isEmpty() && !global.bus.isEmpty())
        return usage(QStringLiteral("--config and --bus exclude each other"), inv.command);
    if (!global.bus.isEmpty() && global.bus != QLatin1String("session") && global.bus != QLatin1String("system"))
        return usage(QStringLiteral("--bus must be \"session\" or \"system\", not \"%1\"").arg(global.bus), inv.command);

    const int sigfd = ::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    QSocketNotifier signals(sigfd, QSocketNotifier::Read);
    QString socketPath;
    if (global.bus.isEmpty()) {
        const baton::ctl::SocketChoice choice = baton::ctl::chooseSocket(global.socket, global.config);
        if (!choice.error.isEmpty())
            return usage(choice.error, inv.command);
        socketPath = choice.path;
    }

    if (inv.command == QLatin1String("bridge")) {
        if (!global.bus.isEmpty())
            return usage(QStringLiteral("bridge works on the control socket only, not with --bus"), inv.command);
        baton::ctl::Bridge bridge(socketPath);
        QObject::connect(&signals, &QSocketNotifier::activated, &app, [] { QCoreApplication::exit(130); });
        QTimer::singleShot(0, &bridge, &baton::ctl::Bridge::start);
        return app.exec();
    }

    std::unique_ptr<baton::ControlClient> client;
    if (global.bus.isEmpty()) {
        client = std::make_unique<baton::JsonRpcClient>(socketPath);
    } else {
#ifdef BATONCTL_HAVE_DBUS
        client = std::make_unique<baton::DBusClient>(global.bus == QLatin1String("system") ? QDBusConnection::SystemBus
                                                                                             : QDBusConnection::SessionBus);
#else
        baton::ctl::err(QStringLiteral("batonctl: this build has no D-Bus client; use --socket\n"));
        return Exit::Usage;
#endif
    }
    baton::ctl::Ctl ctl(*client, inv);
    QObject::connect(&signals, &QSocketNotifier::activated, &ctl, [&ctl, sigfd] {
        signalfd_siginfo info{};
        while (::read(sigfd, &info, sizeof(info)) == sizeof(info)) {
        }
        ctl.interrupted();
    });
    QTimer::singleShot(0, &ctl, &baton::ctl::Ctl::start);
    const int code = app.exec();
    std::fflush(stdout);
    return code;
}
