// batonctl's commands. Each one is a short chain of asynchronous calls whose
// last callback prints and ends the event loop with the exit code; nothing
// waits blocking, so Ctrl-C and a vanished daemon are always noticed.
// Errors: code -1 from the client means batond was not reachable (exit 3);
// any error batond answered means the operation failed (exit 1).
// With --json every path ends in exactly one document: reply() on success,
// fail() on failure; `events --follow` prints one per event. The config-file
// commands (validate, diff, apply, rollback) are in CtlConfig.cpp.
#include "Ctl.h"

#include "Format.h"
#include "JsonOutput.h"
#include "JsonRpcClient.h"

#include "baton/ControlProtocol.h"
#include "baton/ControlRecords.h"
#include "baton/LogBuffer.h"
#include "baton/TextDiff.h"

#include <QCoreApplication>
#include <QTimer>

#include <limits>
#include <unistd.h>

namespace baton::ctl {

namespace {

// `events` gives at most this many per call (docs/control-api.md), more than
// batond keeps in memory: what follows a seq comes in one answer.
constexpr int MaxEventsPerCall = 10000;

bool allCpuKnown(const QVariantMap &status)
{
    for (const QVariant &s : status.value(QStringLiteral("services")).toList()) {
        for (const QVariant &w : s.toMap().value(QStringLiteral("workers")).toList()) {
            if (w.toMap().value(QStringLiteral("cpu_percent"), -1).toDouble() < 0)
                return false;
        }
    }
    return true;
}

} // namespace

Ctl::Ctl(ControlClient &client, Invocation invocation, QObject *parent)
    : QObject(parent), m_client(client), m_inv(std::move(invocation)), m_json(m_inv.flags.contains(QStringLiteral("--json")))
{
    // `service stop web`: the command is "service stop" (also in --json documents).
    if ((m_inv.command == QLatin1String("service") || m_inv.command == QLatin1String("worker")) && !m_inv.args.isEmpty())
        m_inv.command += QLatin1Char(' ') + m_inv.args.takeFirst();
}

void Ctl::start()
{
    connect(&m_client, &ControlClient::connected, this, [this] {
        if (!std::exchange(m_started, true))
            run();
        else if (std::exchange(m_resuming, false))
            resumeFollow();
    });
    connect(&m_client, &ControlClient::disconnected, this, [this](const QString &reason) {
        if (m_finished)
            return;
        if (!m_started)
            return fail(Exit::NoDaemon, reason.contains(m_client.endpoint())
                                            ? reason : QStringLiteral("cannot connect to %1: %2").arg(m_client.endpoint(), reason));
        if (m_following && m_inv.command == QLatin1String("events") && m_client.endpoint().startsWith(QLatin1String("dbus:"))) {
            // The bus name changes hands when batond upgrades in place
            // (released, then owned by the new image): wait a moment for it,
            // then go on from the last event printed.
            if (!m_resuming) {
                m_resuming = true;
                QTimer::singleShot(ResumeWaitMs, this, [this, reason] {
                    if (!std::exchange(m_resuming, false))
                        return;
                    err(QStringLiteral("batonctl: %1\n").arg(reason));
                    finish(Exit::Ok);
                });
            }
            return;
        }
        if (m_following) {
            err(QStringLiteral("batonctl: %1\n").arg(reason));
            return finish(Exit::Ok);
        }
        fail(Exit::NoDaemon, QStringLiteral("cannot use batond at %1: %2").arg(m_client.endpoint(), reason));
    });
    m_client.connectToDaemon();
}

void Ctl::interrupted()
{
    if (m_following)
        return finish(Exit::Ok);
    if (json() && !m_finished)
        json::print(json::errorDocument(m_inv.command, 130, QStringLiteral("interrupted")));
    finish(130);
}

void Ctl::finish(int code)
{
    if (std::exchange(m_finished, true))
        return;
    std::fflush(stdout);
    QCoreApplication::exit(code);
}

void Ctl::fail(int code, const QString &message, std::optional<int> rpcCode, const QVariantMap &data, const QVariantMap &fields)
{
    if (m_finished)
        return;
    err(QStringLiteral("batonctl: %1\n").arg(printable(message)));   // it may quote a worker's line
    if (json())
        json::print(json::errorDocument(m_inv.command, code, message, rpcCode, data, fields));
    finish(code);
}

void Ctl::reply(int code, const QVariantMap &fields, const QString &failure)
{
    if (m_finished)
        return;
    if (json() && code == Exit::Ok)
        json::print(json::document(m_inv.command, true, fields));
    else if (json())
        json::print(json::errorDocument(m_inv.command, code, failure.isEmpty() ? QStringLiteral("%1 failed").arg(m_inv.command) : failure,
                                        std::nullopt, {}, fields));
    finish(code);
}

void Ctl::call(const QString &method, const QVariantMap &params, ControlClient::Callback callback)
{
    if (!protocol::findMethod(method))
        return fail(Exit::Failed, QStringLiteral("internal error: \"%1\" is not a method of the control protocol (known: %2)")
                                      .arg(method, protocol::methodNames().join(QStringLiteral(", "))));
    m_client.call(method, params, std::move(callback));
}

bool Ctl::succeeded(const std::optional<ClientError> &error, const QString &what)
{
    if (m_finished)
        return false;
    if (!error)
        return true;
    if (error->code == -1)
        fail(Exit::NoDaemon, QStringLiteral("cannot use batond at %1: %2").arg(m_client.endpoint(), error->message));
    else
        fail(Exit::Failed, QStringLiteral("%1 failed: %2").arg(what, error->message), error->code, error->data);
    return false;
}

void Ctl::run()
{
    const QString &c = m_inv.command;
    if (c == QLatin1String("status"))
        return status();
    if (c == QLatin1String("reload"))
        return reload();
    if (c == QLatin1String("validate"))
        return validate();
    if (c == QLatin1String("diff"))
        return diff();
    if (c == QLatin1String("apply"))
        return apply();
    if (c == QLatin1String("history"))
        return history();
    if (c == QLatin1String("rollback"))
        return rollback();
    if (c == QLatin1String("events"))
        return events();
    if (c == QLatin1String("reset"))
        return reset();
    if (c == QLatin1String("stop"))
        return stop();
    if (c == QLatin1String("upgrade"))
        return upgrade();
    if (c == QLatin1String("logs"))
        return logs();
    if (c == QLatin1String("service stop") || c == QLatin1String("service start"))
        return serviceAction(c.endsWith(QLatin1String("start")));
    if (c == QLatin1String("worker restart"))
        return workerRestart();
    if (c == QLatin1String("worker signal"))
        return workerSignal();
    fail(Exit::Usage, QStringLiteral("unknown command \"%1\"").arg(c));
}

// --- status ---------------------------------------------------------------

void Ctl::status()
{
    // FDs, RSS and CPU exist only while someone subscribed to metrics, and
    // CPU needs two samples: take the first sample that has it all (about a
    // second), and fall back to a plain status if no sample comes. The same
    // for --json, whose readers want the numbers as much as a human does.
    connect(&m_client, &ControlClient::metricsReceived, this, [this](const QVariantMap &status) {
        if (++m_samples >= 2 || allCpuKnown(status))
            printStatus(status, true);
    });
    m_client.subscribe(false, true);
    QTimer::singleShot(2500, this, [this] {
        call(QStringLiteral("status"), {}, [this](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (succeeded(error, QStringLiteral("status")))
                printStatus(result, false);
        });
    });
}

void Ctl::printStatus(const QVariantMap &status, bool sampled)
{
    if (m_finished || std::exchange(m_statusPrinted, true))
        return;
    if (!json())
        out(statusText(status));
    QVariantMap fields = status;
    fields.insert(QStringLiteral("sampled"), sampled);
    reply(Exit::Ok, fields);
}

// --- reload ---------------------------------------------------------------

void Ctl::reload()
{
    QVariantMap params;
    if (!m_inv.args.isEmpty())
        params.insert(QStringLiteral("service"), m_inv.args.first());
    if (m_inv.flags.contains(QStringLiteral("--no-wait")))
        return reloadNoWait(params);
    withLastEventSeq([this, params](qint64 since) {
        call(QStringLiteral("reload"), params, [this, params, since](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (!succeeded(error, QStringLiteral("reload")))
                return;
            const bool ok = result.value(QStringLiteral("ok")).toBool();
            const QStringList rolledBack = result.value(QStringLiteral("rolled_back")).toStringList();
            if (!json()) {
                out(QStringLiteral("reload %1: %2\n").arg(ok ? QStringLiteral("succeeded") : QStringLiteral("failed"),
                                                           printable(result.value(QStringLiteral("outcome")).toString())));
                if (!rolledBack.isEmpty())
                    out(QStringLiteral("rolled back (the previous generation stays): %1\n").arg(printable(rolledBack.join(QStringLiteral(", ")))));
            }
            QVariantMap fields = result;
            fields.insert(params);
            fields.insert(QStringLiteral("waited"), true);
            replyWithTails(ok ? -1 : since, ok ? Exit::Ok : Exit::Failed, fields,
                           QStringLiteral("reload failed: %1").arg(result.value(QStringLiteral("outcome")).toString()));
        });
    });
}

void Ctl::reloadNoWait(const QVariantMap &params)
{
    QVariantMap fields = params;
    fields.insert(QStringLiteral("waited"), false);
    auto requested = [this, fields] {
        if (m_finished)
            return;
        if (!json())
            out(QStringLiteral("reload requested; follow it with: batonctl events --follow\n"));
        reply(Exit::Ok, fields);
    };
    // On the socket: a JSON-RPC notification, which batond acts on and never answers.
    if (auto *socket = qobject_cast<JsonRpcClient *>(&m_client)) {
        Q_ASSERT(protocol::findMethod(QStringLiteral("reload")));
        socket->notify(QStringLiteral("reload"), params);
        auto written = requested;
        if (socket->bytesToWrite() == 0)
            return written();
        connect(socket, &JsonRpcClient::allWritten, this, written);
        return;
    }
    // Elsewhere: the request counts as accepted once batond announces it (or answers).
    connect(&m_client, &ControlClient::eventReceived, this, [requested](const QVariantMap &event) {
        if (event.value(QStringLiteral("kind")).toString().startsWith(QLatin1String("reload-")))
            requested();
    });
    m_client.subscribe(true, false);
    call(QStringLiteral("reload"), params, [this, requested](const QVariantMap &, const std::optional<ClientError> &error) {
        if (succeeded(error, QStringLiteral("reload")))
            requested();
    });
}

// --- history, events, reset, stop -----------------------------------------

void Ctl::history()
{
    call(QStringLiteral("history"), {}, [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("history")))
            return;
        if (!json())
            out(historyText(result));
        reply(Exit::Ok, result);
    });
}

void Ctl::events()
{
    qint64 since = 0;
    if (m_inv.options.contains(QStringLiteral("--since"))) {
        bool ok = false;
        since = m_inv.options.value(QStringLiteral("--since")).toLongLong(&ok);
        if (!ok || since < 0)
            return fail(Exit::Usage, QStringLiteral("events: --since needs an event number (seq), got \"%1\"")
                                         .arg(m_inv.options.value(QStringLiteral("--since"))));
    }
    if (m_inv.flags.contains(QStringLiteral("--follow")))
        return follow(since);
    call(QStringLiteral("events"), {{QStringLiteral("since"), since}, {QStringLiteral("limit"), MaxEventsPerCall}},
         [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("events")))
            return;
        if (!json()) {
            for (const QVariant &e : result.value(QStringLiteral("events")).toList())
                printEvent(e.toMap());
        }
        reply(Exit::Ok, {{QStringLiteral("events"), result.value(QStringLiteral("events"))}});
    });
}

// Subscribe first, then fetch the backlog: the connection keeps order, so no
// event falls between the two; live ones that overtake the backlog wait.
void Ctl::follow(qint64 since)
{
    m_following = true;
    connect(&m_client, &ControlClient::eventReceived, this, [this](const QVariantMap &event) {
        if (!m_backlogDone)
            m_early << event;
        else
            printEvent(event);
    });
    m_client.subscribe(true, false);
    call(QStringLiteral("events"), {{QStringLiteral("since"), since}, {QStringLiteral("limit"), MaxEventsPerCall}},
         [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("events")))
            return;
        for (const QVariant &e : result.value(QStringLiteral("events")).toList())
            printEvent(e.toMap());
        m_backlogDone = true;
        for (const QVariantMap &e : std::exchange(m_early, {}))
            printEvent(e);
    });
}

// After the daemon came back on the bus (an upgrade in place): the events
// since the last one printed, live ones held back meanwhile, so none is lost
// or printed twice.
void Ctl::resumeFollow()
{
    m_backlogDone = false;
    call(QStringLiteral("events"), {{QStringLiteral("since"), std::max<qint64>(m_lastSeq, 0)}, {QStringLiteral("limit"), MaxEventsPerCall}},
         [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("events")))
            return;
        for (const QVariant &e : result.value(QStringLiteral("events")).toList())
            printEvent(e.toMap());
        m_backlogDone = true;
        for (const QVariantMap &e : std::exchange(m_early, {}))
            printEvent(e);
    });
}

void Ctl::printEvent(const QVariantMap &event)
{
    const qint64 seq = event.value(QStringLiteral("seq")).toLongLong();
    if (seq <= m_lastSeq)
        return;
    m_lastSeq = seq;
    // --follow --json: one document per event, as the envelope of each line,
    // so a reader of the stream checks the schema on every line it reads.
    if (json())
        return json::print(json::document(m_inv.command, true, {{QStringLiteral("event"), event}}));
    out(eventLine(event) + QLatin1Char('\n'));
    if (m_following)
        std::fflush(stdout);
}

// --- worker output --------------------------------------------------------

void Ctl::withLastEventSeq(std::function<void(qint64)> then)
{
    const QVariantMap newest{{QStringLiteral("since"), std::numeric_limits<qint64>::max()}, {QStringLiteral("limit"), 1}};
    m_client.call(QStringLiteral("events"), newest, [then](const QVariantMap &result, const std::optional<ClientError> &error) {
        then(error ? -1 : result.value(QStringLiteral("last_seq")).toLongLong());
    });
}

// The evidence: what the workers that exited during a failed reload printed
// last on stderr (the exit events after `since`): printed, or with --json in
// the document as "stderr_tails": [{service, generation, pid, message, lines}].
void Ctl::replyWithTails(qint64 since, int code, const QVariantMap &fields, const QString &failure)
{
    if (since < 0)
        return reply(code, fields, failure);
    call(QStringLiteral("events"), {{QStringLiteral("since"), since}, {QStringLiteral("limit"), 1000}},
         [this, code, fields, failure](const QVariantMap &result, const std::optional<ClientError> &error) {
        QVariantList tails;
        if (!error) {
            for (const QVariant &v : result.value(QStringLiteral("events")).toList()) {
                const QVariantMap e = v.toMap();
                const QStringList tail = e.value(QStringLiteral("stderr_tail")).toStringList();
                if (e.value(QStringLiteral("kind")).toString() != QLatin1String("exit") || tail.isEmpty())
                    continue;
                tails << QVariantMap{{QStringLiteral("service"), e.value(QStringLiteral("service"))},
                                     {QStringLiteral("generation"), e.value(QStringLiteral("generation"))},
                                     {QStringLiteral("pid"), e.value(QStringLiteral("pid"))},
                                     {QStringLiteral("message"), e.value(QStringLiteral("message"))},
                                     {QStringLiteral("lines"), tail}};
                if (json())
                    continue;
                out(QStringLiteral("%1 generation %2 worker %3 %4; its last lines on stderr:\n")
                        .arg(e.value(QStringLiteral("service")).toString()).arg(e.value(QStringLiteral("generation")).toInt())
                        .arg(e.value(QStringLiteral("pid")).toLongLong()).arg(printable(e.value(QStringLiteral("message")).toString())));
                for (const QString &line : tail)
                    out(QStringLiteral("  | %1\n").arg(printable(line)));
            }
        }
        QVariantMap withTails = fields;
        withTails.insert(QStringLiteral("stderr_tails"), tails);
        reply(code, withTails, failure);
    });
}

void Ctl::logs()
{
    QVariantMap filter;
    if (!m_inv.args.isEmpty())
        filter.insert(QStringLiteral("service"), m_inv.args.first());
    auto number = [this](const QString &option, const char *key, QVariantMap *into) {
        if (!m_inv.options.contains(option))
            return true;
        bool ok = false;
        const qlonglong n = m_inv.options.value(option).toLongLong(&ok);
        if (!ok || n <= 0) {
            fail(Exit::Usage, QStringLiteral("logs: %1 needs a positive number, got \"%2\"").arg(option, m_inv.options.value(option)));
            return false;
        }
        into->insert(QLatin1String(key), n);
        return true;
    };
    if (!number(QStringLiteral("--generation"), "generation", &filter) || !number(QStringLiteral("--pid"), "pid", &filter))
        return;
    if (m_inv.flags.contains(QStringLiteral("--stderr")) && m_inv.flags.contains(QStringLiteral("--stdout")))
        return fail(Exit::Usage, QStringLiteral("logs: --stderr and --stdout exclude each other"));
    if (m_inv.flags.contains(QStringLiteral("--stderr")))
        filter.insert(QStringLiteral("stream"), QStringLiteral("stderr"));
    if (m_inv.flags.contains(QStringLiteral("--stdout")))
        filter.insert(QStringLiteral("stream"), QStringLiteral("stdout"));
    if (m_inv.options.contains(QStringLiteral("--priority")))
        filter.insert(QStringLiteral("priority"), m_inv.options.value(QStringLiteral("--priority")));
    const bool follow = m_inv.flags.contains(QStringLiteral("-f")) || m_inv.flags.contains(QStringLiteral("--follow"));
    QVariantMap query = filter;
    query.insert(QStringLiteral("limit"), follow ? 10 : 100000);
    if (!number(QStringLiteral("-n"), "limit", &query))
        return;
    auto backlog = [this, query, follow] {
        call(QStringLiteral("logs"), query, [this, follow](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (!succeeded(error, QStringLiteral("logs")))
                return;
            const records::Logs page = records::Logs::fromVariant(result).value_or(records::Logs{});
            if (!follow && json())   // one document: the lines, what the ring dropped, what log_rate held back
                return reply(Exit::Ok, page.toVariant());
            for (const QVariant &l : page.lines)
                printLogLine(l.toMap());
            if (!follow)
                return finish(Exit::Ok);
            m_backlogDone = true;
            for (const QVariant &l : std::exchange(m_earlyLines, {}))
                printLogLine(l.toMap());
            std::fflush(stdout);
        });
    };
    if (!follow)
        return backlog();
    // Subscribe first, then the backlog (the connection keeps order): no line is missed or doubled.
    m_following = true;
    connect(&m_client, &ControlClient::logsReceived, this, [this](const QVariantList &lines) {
        if (!m_backlogDone)
            m_earlyLines += lines;
        else
            for (const QVariant &l : lines)
                printLogLine(l.toMap());
        std::fflush(stdout);
    });
    const bool socket = qobject_cast<JsonRpcClient *>(&m_client) != nullptr;
    const QString method = socket ? QStringLiteral("subscribe") : QStringLiteral("subscribe_logs");
    const QVariantMap params = socket ? QVariantMap{{QStringLiteral("events"), false}, {QStringLiteral("metrics"), false},
                                                    {QStringLiteral("logs"), filter}}
                                      : filter;
    m_client.call(method, params, [this](const QVariantMap &, const std::optional<ClientError> &error) {
        succeeded(error, QStringLiteral("logs --follow"));
    });
    backlog();
}

void Ctl::printLogLine(const QVariantMap &line)
{
    const qint64 seq = line.value(QStringLiteral("seq")).toLongLong();
    if (seq <= m_lastLogSeq)
        return;
    m_lastLogSeq = seq;
    if (json())   // --follow: one document per line
        return json::print(json::document(m_inv.command, true, {{QStringLiteral("line"), line}}));
    QString service;
    const auto record = LogLine::fromMap(line, &service);
    if (!record)
        return;
    const bool isErr = record->stream == LogStream::Stderr;
    const int priority = record->priority;
    QString label = QStringLiteral("%1#%2[%3]").arg(service).arg(record->generation).arg(record->pid);
    if (isErr)
        label += QStringLiteral(" stderr");
    if (priority != 6)
        label += QStringLiteral(" <%1>").arg(logPriorityName(priority));
    QString text = printable(QString::fromUtf8(record->text));
    static const bool tty = ::isatty(1) == 1;
    if (tty && priority <= 3)
        text = QStringLiteral("\x1b[1;31m%1\x1b[0m").arg(text);
    else if (tty && priority == 4)
        text = QStringLiteral("\x1b[33m%1\x1b[0m").arg(text);
    out(QStringLiteral("%1 %2: %3\n").arg(localTime(line.value(QStringLiteral("time")).toString()), label, text));
}

void Ctl::reset()
{
    const QString service = m_inv.args.first();
    call(QStringLiteral("reset"), {{QStringLiteral("service"), service}},
         [this, service](const QVariantMap &, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("reset")))
            return;
        if (!json())
            out(QStringLiteral("%1: reset; missing workers are being started\n").arg(service));
        reply(Exit::Ok, {{QStringLiteral("service"), service}});
    });
}

void Ctl::stop()
{
    call(QStringLiteral("stop"), {}, [this](const QVariantMap &, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("stop")))
            return;
        if (!json())
            out(QStringLiteral("batond is stopping (workers drain first)\n"));
        reply(Exit::Ok);
    });
}

void Ctl::upgrade()
{
    QVariantMap params;
    if (m_inv.options.contains(QStringLiteral("--binary")))
        params.insert(QStringLiteral("binary"), m_inv.options.value(QStringLiteral("--binary")));
    call(QStringLiteral("upgrade"), params, [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("upgrade")))
            return;
        if (!json()) {
            if (result.value(QStringLiteral("accepted")).toBool())   // D-Bus: the outcome comes as UpgradeFinished
                out(QStringLiteral("upgrade to %1 accepted; its outcome follows as an upgrade-finished or upgrade-failed event\n")
                        .arg(result.value(QStringLiteral("binary")).toString()));
            else
                out(QStringLiteral("upgraded in place: batond %1 -> %2, pid %3 (upgrade #%4), %5 worker(s) kept\n")
                        .arg(result.value(QStringLiteral("previous_version")).toString(), result.value(QStringLiteral("version")).toString())
                        .arg(result.value(QStringLiteral("pid")).toLongLong()).arg(result.value(QStringLiteral("upgrades")).toInt())
                        .arg(result.value(QStringLiteral("workers")).toList().size()));
        }
        reply(Exit::Ok, result);
    });
}

} // namespace baton::ctl
