// batonctl's commands. Each one is a short chain of asynchronous calls whose
// last callback prints and ends the event loop with the exit code; nothing
// waits blocking, so Ctrl-C and a vanished daemon are always noticed.
// Errors: code -1 from the client means batond was not reachable (exit 3);
// any error batond answered means the operation failed (exit 1).
#include "Ctl.h"

#include "Format.h"
#include "JsonRpcClient.h"

#include "baton/LogBuffer.h"
#include "baton/TextDiff.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTimer>

#include <limits>
#include <unistd.h>

namespace baton::ctl {

namespace {

constexpr qint64 MaxConfigFile = 1024 * 1024;

QString json(const QVariantMap &map)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Indented));
}

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
    : QObject(parent), m_client(client), m_inv(std::move(invocation))
{
}

void Ctl::start()
{
    connect(&m_client, &ControlClient::connected, this, [this] {
        if (!std::exchange(m_started, true))
            run();
    });
    connect(&m_client, &ControlClient::disconnected, this, [this](const QString &reason) {
        if (m_finished)
            return;
        if (!m_started)
            return fail(Exit::NoDaemon, reason.contains(m_client.endpoint())
                                            ? reason : QStringLiteral("cannot connect to %1: %2").arg(m_client.endpoint(), reason));
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
    finish(m_following ? Exit::Ok : 130);
}

void Ctl::finish(int code)
{
    if (std::exchange(m_finished, true))
        return;
    std::fflush(stdout);
    QCoreApplication::exit(code);
}

void Ctl::fail(int code, const QString &message)
{
    if (m_finished)
        return;
    err(QStringLiteral("batonctl: %1\n").arg(message));
    finish(code);
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
        fail(Exit::Failed, QStringLiteral("%1 failed: %2").arg(what, error->message));
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
    if (c == QLatin1String("logs"))
        return logs();
    fail(Exit::Usage, QStringLiteral("unknown command \"%1\"").arg(c));
}

// --- status ---------------------------------------------------------------

void Ctl::status()
{
    if (m_inv.flags.contains(QStringLiteral("--json"))) {
        return m_client.call(QStringLiteral("status"), {}, [this](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (succeeded(error, QStringLiteral("status"))) {
                out(json(result));
                finish(Exit::Ok);
            }
        });
    }
    // FDs, RSS and CPU exist only while someone subscribed to metrics, and
    // CPU needs two samples: take the first sample that has it all (about a
    // second), and fall back to a plain status if no sample comes.
    connect(&m_client, &ControlClient::metricsReceived, this, [this](const QVariantMap &status) {
        if (++m_samples >= 2 || allCpuKnown(status))
            printStatus(status);
    });
    m_client.subscribe(false, true);
    QTimer::singleShot(2500, this, [this] {
        m_client.call(QStringLiteral("status"), {}, [this](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (succeeded(error, QStringLiteral("status")))
                printStatus(result);
        });
    });
}

void Ctl::printStatus(const QVariantMap &status)
{
    if (m_finished || std::exchange(m_statusPrinted, true))
        return;
    out(statusText(status));
    finish(Exit::Ok);
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
        m_client.call(QStringLiteral("reload"), params, [this, since](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (!succeeded(error, QStringLiteral("reload")))
                return;
            const bool ok = result.value(QStringLiteral("ok")).toBool();
            out(QStringLiteral("reload %1: %2\n").arg(ok ? QStringLiteral("succeeded") : QStringLiteral("failed"),
                                                       result.value(QStringLiteral("outcome")).toString()));
            const QStringList rolledBack = result.value(QStringLiteral("rolled_back")).toStringList();
            if (!rolledBack.isEmpty())
                out(QStringLiteral("rolled back (the previous generation keeps serving): %1\n").arg(rolledBack.join(QStringLiteral(", "))));
            if (ok)
                return finish(Exit::Ok);
            printTailsThenFinish(since, Exit::Failed);
        });
    });
}

void Ctl::reloadNoWait(const QVariantMap &params)
{
    const QString done = QStringLiteral("reload requested; follow it with: batonctl events --follow\n");
    // On the socket: a JSON-RPC notification, which batond acts on and never answers.
    if (auto *socket = qobject_cast<JsonRpcClient *>(&m_client)) {
        socket->notify(QStringLiteral("reload"), params);
        auto written = [this, done] {
            out(done);
            finish(Exit::Ok);
        };
        if (socket->bytesToWrite() == 0)
            return written();
        connect(socket, &JsonRpcClient::allWritten, this, written);
        return;
    }
    // Elsewhere: the request counts as accepted once batond announces it (or answers).
    connect(&m_client, &ControlClient::eventReceived, this, [this, done](const QVariantMap &event) {
        if (event.value(QStringLiteral("kind")).toString().startsWith(QLatin1String("reload-"))) {
            out(done);
            finish(Exit::Ok);
        }
    });
    m_client.subscribe(true, false);
    m_client.call(QStringLiteral("reload"), params, [this, done](const QVariantMap &, const std::optional<ClientError> &error) {
        if (succeeded(error, QStringLiteral("reload"))) {
            out(done);
            finish(Exit::Ok);
        }
    });
}

// --- config files -----------------------------------------------------------

bool Ctl::readFile(const QString &path, QString *text)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(Exit::Failed, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    const QByteArray bytes = file.read(MaxConfigFile + 1);
    if (bytes.size() > MaxConfigFile) {
        fail(Exit::Failed, QStringLiteral("%1: error: the file is larger than 1 MiB").arg(path));
        return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    *text = decoder(bytes);
    if (decoder.hasError()) {
        fail(Exit::Failed, QStringLiteral("%1: error: the file is not valid UTF-8").arg(path));
        return false;
    }
    return true;
}

void Ctl::validate()
{
    const QString file = m_inv.args.first();
    QString text;
    if (!readFile(file, &text))
        return;
    m_client.call(QStringLiteral("validate"), {{QStringLiteral("text"), text}},
                  [this, file](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("validate")))
            return;
        int errors = 0;
        const QStringList lines = diagnosticLines(result.value(QStringLiteral("diagnostics")).toList(), file, &errors);
        if (!lines.isEmpty())
            err(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        if (!result.value(QStringLiteral("valid")).toBool()) {
            out(QStringLiteral("%1: configuration is invalid (%2 %3)\n").arg(file).arg(errors).arg(errors == 1 ? "error" : "errors"));
            return finish(Exit::Failed);
        }
        out(QStringLiteral("%1: configuration is valid\n").arg(file));
        const QStringList plan = result.value(QStringLiteral("plan")).toStringList();
        if (!plan.isEmpty())
            out(QStringLiteral("applying it would do:\n  ") + plan.join(QStringLiteral("\n  ")) + QLatin1Char('\n'));
        finish(Exit::Ok);
    });
}

void Ctl::diff()
{
    const QString file = m_inv.args.first();
    QString text;
    if (!readFile(file, &text))
        return;
    m_client.call(QStringLiteral("get_config"), {}, [this, file, text](const QVariantMap &running, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("get_config")))
            return;
        m_client.call(QStringLiteral("validate"), {{QStringLiteral("text"), text}},
                      [this, file, text, running](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (!succeeded(error, QStringLiteral("validate")))
                return;
            if (!result.value(QStringLiteral("valid")).toBool()) {
                err(diagnosticLines(result.value(QStringLiteral("diagnostics")).toList(), file).join(QLatin1Char('\n')) + QLatin1Char('\n'));
                return fail(Exit::Failed, QStringLiteral("%1 is invalid; fix it before comparing").arg(file));
            }
            const QStringList plan = result.value(QStringLiteral("plan")).toStringList();
            out(QStringLiteral("plan:\n  ") + (plan.isEmpty() ? QStringLiteral("nothing changes") : plan.join(QStringLiteral("\n  "))) + QStringLiteral("\n\n"));
            const TextDiff textDiff = TextDiff::compute(running.value(QStringLiteral("text")).toString(), text);
            out(textDiff.isIdentical() ? QStringLiteral("(the file is identical to the running configuration)\n")
                                       : textDiff.unified(QStringLiteral("running"), file));
            finish(Exit::Ok);
        });
    });
}

void Ctl::apply()
{
    const QString file = m_inv.args.first();
    QString text;
    if (!readFile(file, &text))
        return;
    const QString comment = m_inv.options.value(QStringLiteral("--comment"));
    m_client.call(QStringLiteral("get_config"), {}, [this, file, text, comment](const QVariantMap &running, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("get_config")))
            return;
        const QVariantMap params{{QStringLiteral("text"), text},
                                 {QStringLiteral("expected_version"), running.value(QStringLiteral("version"))},
                                 {QStringLiteral("comment"), comment}};
        withLastEventSeq([this, params, file](qint64 since) {
            m_client.call(QStringLiteral("apply_config"), params, [this, file, since](const QVariantMap &result, const std::optional<ClientError> &error) {
                if (error && error->code != -1)
                    return reportApplyError(*error, file);
                if (!succeeded(error, QStringLiteral("apply")))
                    return;
                m_tailsSince = since;
                printApplyOutcome(result);
            });
        });
    });
}

void Ctl::rollback()
{
    bool ok = false;
    const int id = m_inv.args.first().toInt(&ok);
    if (!ok || id <= 0)
        return fail(Exit::Usage, QStringLiteral("rollback: \"%1\" is not a history id (see batonctl history)").arg(m_inv.args.first()));
    QVariantMap params{{QStringLiteral("id"), id}};
    if (m_inv.options.contains(QStringLiteral("--comment")))
        params.insert(QStringLiteral("comment"), m_inv.options.value(QStringLiteral("--comment")));
    m_client.call(QStringLiteral("rollback"), params, [this, id](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (error && error->code != -1)
            return reportApplyError(*error, QStringLiteral("version %1").arg(id));
        if (succeeded(error, QStringLiteral("rollback")))
            printApplyOutcome(result);
    });
}

void Ctl::printApplyOutcome(const QVariantMap &result)
{
    const QStringList plan = result.value(QStringLiteral("plan")).toStringList();
    out(QStringLiteral("plan:\n  ") + (plan.isEmpty() ? QStringLiteral("nothing changes") : plan.join(QStringLiteral("\n  "))) + QLatin1Char('\n'));
    out(QStringLiteral("written as version %1 (history #%2)\n")
            .arg(result.value(QStringLiteral("version")).toString()).arg(result.value(QStringLiteral("history_id")).toInt()));
    const bool ok = result.value(QStringLiteral("ok")).toBool();
    out(QStringLiteral("reload %1: %2\n").arg(ok ? QStringLiteral("succeeded") : QStringLiteral("failed"),
                                               result.value(QStringLiteral("outcome")).toString()));
    const QStringList rolledBack = result.value(QStringLiteral("rolled_back")).toStringList();
    if (!rolledBack.isEmpty())
        out(QStringLiteral("rolled back (the previous generation keeps serving): %1\n").arg(rolledBack.join(QStringLiteral(", "))));
    if (ok || m_tailsSince < 0)
        return finish(ok ? Exit::Ok : Exit::Failed);
    printTailsThenFinish(m_tailsSince, Exit::Failed);
}

void Ctl::reportApplyError(const ClientError &error, const QString &file)
{
    if (error.code == 1)   // conflict
        return fail(Exit::Failed, QStringLiteral("not applied: %1").arg(error.message));
    if (error.code == 2) {
        const QStringList lines = diagnosticLines(error.data.value(QStringLiteral("diagnostics")).toList(), file);
        if (!lines.isEmpty())
            err(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        return fail(Exit::Failed, QStringLiteral("not applied: %1 is invalid; nothing was written").arg(file));
    }
    fail(Exit::Failed, QStringLiteral("not applied: %1").arg(error.message));
}

// --- history, events, reset, stop -----------------------------------------

void Ctl::history()
{
    m_client.call(QStringLiteral("history"), {}, [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("history")))
            return;
        out(m_inv.flags.contains(QStringLiteral("--json")) ? json(result) : historyText(result));
        finish(Exit::Ok);
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
    m_client.call(QStringLiteral("events"), {{QStringLiteral("since"), since}},
                  [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("events")))
            return;
        for (const QVariant &e : result.value(QStringLiteral("events")).toList())
            printEvent(e.toMap());
        finish(Exit::Ok);
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
    m_client.call(QStringLiteral("events"), {{QStringLiteral("since"), since}},
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
    if (m_inv.flags.contains(QStringLiteral("--json")))
        out(QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(event)).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    else
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

// The evidence: what the workers that exited during the failed reload printed last on stderr.
void Ctl::printTailsThenFinish(qint64 since, int code)
{
    if (since < 0)
        return finish(code);
    m_client.call(QStringLiteral("events"), {{QStringLiteral("since"), since}, {QStringLiteral("limit"), 1000}},
                  [this, code](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!error) {
            for (const QVariant &v : result.value(QStringLiteral("events")).toList()) {
                const QVariantMap e = v.toMap();
                const QStringList tail = e.value(QStringLiteral("stderr_tail")).toStringList();
                if (e.value(QStringLiteral("kind")).toString() != QLatin1String("exit") || tail.isEmpty())
                    continue;
                out(QStringLiteral("%1 generation %2 worker %3 %4; its last lines on stderr:\n")
                        .arg(e.value(QStringLiteral("service")).toString()).arg(e.value(QStringLiteral("generation")).toInt())
                        .arg(e.value(QStringLiteral("pid")).toLongLong()).arg(e.value(QStringLiteral("message")).toString()));
                for (const QString &line : tail)
                    out(QStringLiteral("  | %1\n").arg(line));
            }
        }
        finish(code);
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
        m_client.call(QStringLiteral("logs"), query, [this, follow](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (!succeeded(error, QStringLiteral("logs")))
                return;
            for (const QVariant &l : result.value(QStringLiteral("lines")).toList())
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
    if (m_inv.flags.contains(QStringLiteral("--json")))
        return out(QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(line)).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    const bool isErr = line.value(QStringLiteral("stream")).toString() == QLatin1String("stderr");
    const int priority = line.value(QStringLiteral("priority")).toInt();
    QString label = QStringLiteral("%1#%2[%3]").arg(line.value(QStringLiteral("service")).toString())
                        .arg(line.value(QStringLiteral("generation")).toInt()).arg(line.value(QStringLiteral("pid")).toLongLong());
    if (isErr)
        label += QStringLiteral(" stderr");
    if (priority != 6)
        label += QStringLiteral(" <%1>").arg(logPriorityName(priority));
    QString text = line.value(QStringLiteral("text")).toString();
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
    m_client.call(QStringLiteral("reset"), {{QStringLiteral("service"), service}},
                  [this, service](const QVariantMap &, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("reset")))
            return;
        out(QStringLiteral("%1: reset; missing workers are being started\n").arg(service));
        finish(Exit::Ok);
    });
}

void Ctl::stop()
{
    m_client.call(QStringLiteral("stop"), {}, [this](const QVariantMap &, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("stop")))
            return;
        out(QStringLiteral("batond is stopping (workers drain first)\n"));
        finish(Exit::Ok);
    });
}

} // namespace baton::ctl
