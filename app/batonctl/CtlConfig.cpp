// batonctl's config-file commands: validate, diff, apply and rollback. Each
// prints GCC-style diagnostics naming the operator's FILE (not the path
// batond would use), and with --json one document (JsonOutput.h) carrying
// the same diagnostics, their `text` naming FILE as well.
#include "Ctl.h"

#include "Format.h"

#include "baton/TextDiff.h"

#include <QFile>
#include <QStringDecoder>

namespace baton::ctl {

namespace {

constexpr qint64 MaxConfigFile = 1024 * 1024;

// batond's diagnostics with `text` re-rendered for `file`, and the counts.
QVariantMap diagnosticFields(const QVariantList &diagnostics, const QString &file)
{
    int errors = 0;
    const QStringList lines = diagnosticLines(diagnostics, file, &errors);
    QVariantList list;
    for (qsizetype i = 0; i < diagnostics.size(); ++i) {
        QVariantMap d = diagnostics[i].toMap();
        d.insert(QStringLiteral("text"), lines.value(i));
        list << d;
    }
    return {{QStringLiteral("diagnostics"), list},
            {QStringLiteral("errors"), errors},
            {QStringLiteral("warnings"), int(diagnostics.size()) - errors}};
}

} // namespace

bool Ctl::readFile(const QString &path, QString *text)
{
    QFile file(path);
    const QVariantMap fields{{QStringLiteral("file"), path}};
    if (!file.open(QIODevice::ReadOnly)) {
        fail(Exit::Failed, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()), std::nullopt, {}, fields);
        return false;
    }
    const QByteArray bytes = file.read(MaxConfigFile + 1);
    if (bytes.size() > MaxConfigFile) {
        fail(Exit::Failed, QStringLiteral("%1: error: the file is larger than 1 MiB").arg(path), std::nullopt, {}, fields);
        return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    *text = decoder(bytes);
    if (decoder.hasError()) {
        fail(Exit::Failed, QStringLiteral("%1: error: the file is not valid UTF-8").arg(path), std::nullopt, {}, fields);
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
    call(QStringLiteral("validate"), {{QStringLiteral("text"), text}},
         [this, file](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("validate")))
            return;
        const QVariantList diagnostics = result.value(QStringLiteral("diagnostics")).toList();
        const bool valid = result.value(QStringLiteral("valid")).toBool();
        const QStringList plan = result.value(QStringLiteral("plan")).toStringList();
        QVariantMap fields = diagnosticFields(diagnostics, file);
        fields.insert({{QStringLiteral("file"), file}, {QStringLiteral("valid"), valid}, {QStringLiteral("plan"), plan}});
        if (json()) {
            const int errors = fields.value(QStringLiteral("errors")).toInt();
            return reply(valid ? Exit::Ok : Exit::Failed, fields,
                         QStringLiteral("%1: configuration is invalid (%2 %3)").arg(file).arg(errors).arg(errors == 1 ? "error" : "errors"));
        }
        const QStringList lines = diagnosticLines(diagnostics, file);
        if (!lines.isEmpty())
            err(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        if (!valid) {
            const int errors = fields.value(QStringLiteral("errors")).toInt();
            out(QStringLiteral("%1: configuration is invalid (%2 %3)\n").arg(file).arg(errors).arg(errors == 1 ? "error" : "errors"));
            return finish(Exit::Failed);
        }
        out(QStringLiteral("%1: configuration is valid\n").arg(file));
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
    call(QStringLiteral("get_config"), {}, [this, file, text](const QVariantMap &running, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("get_config")))
            return;
        call(QStringLiteral("validate"), {{QStringLiteral("text"), text}},
             [this, file, text, running](const QVariantMap &result, const std::optional<ClientError> &error) {
            if (!succeeded(error, QStringLiteral("validate")))
                return;
            const QVariantList diagnostics = result.value(QStringLiteral("diagnostics")).toList();
            QVariantMap fields = diagnosticFields(diagnostics, file);
            fields.insert({{QStringLiteral("file"), file}, {QStringLiteral("running_version"), running.value(QStringLiteral("version"))}});
            if (!result.value(QStringLiteral("valid")).toBool()) {
                if (!json())
                    err(diagnosticLines(diagnostics, file).join(QLatin1Char('\n')) + QLatin1Char('\n'));
                fields.insert(QStringLiteral("valid"), false);
                return fail(Exit::Failed, QStringLiteral("%1 is invalid; fix it before comparing").arg(file), std::nullopt, {}, fields);
            }
            const QStringList plan = result.value(QStringLiteral("plan")).toStringList();
            const TextDiff textDiff = TextDiff::compute(running.value(QStringLiteral("text")).toString(), text);
            const QString unified = textDiff.isIdentical() ? QString() : textDiff.unified(QStringLiteral("running"), file);
            if (!json()) {
                out(QStringLiteral("plan:\n  ") + (plan.isEmpty() ? QStringLiteral("nothing changes") : plan.join(QStringLiteral("\n  "))) + QStringLiteral("\n\n"));
                out(textDiff.isIdentical() ? QStringLiteral("(the file is identical to the running configuration)\n") : unified);
            }
            fields.insert({{QStringLiteral("valid"), true}, {QStringLiteral("plan"), plan},
                           {QStringLiteral("identical"), textDiff.isIdentical()}, {QStringLiteral("diff"), unified}});
            reply(Exit::Ok, fields);
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
    call(QStringLiteral("get_config"), {}, [this, file, text, comment](const QVariantMap &running, const std::optional<ClientError> &error) {
        if (!succeeded(error, QStringLiteral("get_config")))
            return;
        const QVariantMap params{{QStringLiteral("text"), text},
                                 {QStringLiteral("expected_version"), running.value(QStringLiteral("version"))},
                                 {QStringLiteral("comment"), comment}};
        withLastEventSeq([this, params, file](qint64 since) {
            call(QStringLiteral("apply_config"), params, [this, file, since](const QVariantMap &result, const std::optional<ClientError> &error) {
                if (error && error->code != -1)
                    return reportApplyError(*error, file);
                m_tailsSince = since;
                if (succeeded(error, QStringLiteral("apply")))
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
    call(QStringLiteral("rollback"), params, [this, id](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (error && error->code != -1)
            return reportApplyError(*error, QStringLiteral("version %1").arg(id));
        if (succeeded(error, QStringLiteral("rollback")))
            printApplyOutcome(result);
    });
}

void Ctl::printApplyOutcome(const QVariantMap &result)
{
    const bool ok = result.value(QStringLiteral("ok")).toBool();
    QVariantMap fields = result;
    if (m_inv.command == QLatin1String("rollback"))
        fields.insert(QStringLiteral("id"), m_inv.args.first().toInt());
    else
        fields.insert(QStringLiteral("file"), m_inv.args.first());
    const QString failure = QStringLiteral("reload failed: %1").arg(result.value(QStringLiteral("outcome")).toString());
    if (json())
        return replyWithTails(ok ? -1 : m_tailsSince, ok ? Exit::Ok : Exit::Failed, fields, failure);
    const QStringList plan = result.value(QStringLiteral("plan")).toStringList();
    out(QStringLiteral("plan:\n  ") + (plan.isEmpty() ? QStringLiteral("nothing changes") : plan.join(QStringLiteral("\n  "))) + QLatin1Char('\n'));
    out(QStringLiteral("written as version %1 (history #%2)\n")
            .arg(result.value(QStringLiteral("version")).toString()).arg(result.value(QStringLiteral("history_id")).toInt()));
    out(QStringLiteral("reload %1: %2\n").arg(ok ? QStringLiteral("succeeded") : QStringLiteral("failed"),
                                               printable(result.value(QStringLiteral("outcome")).toString())));
    const QStringList rolledBack = result.value(QStringLiteral("rolled_back")).toStringList();
    if (!rolledBack.isEmpty())
        out(QStringLiteral("rolled back (the previous generation stays): %1\n").arg(printable(rolledBack.join(QStringLiteral(", ")))));
    replyWithTails(ok ? -1 : m_tailsSince, ok ? Exit::Ok : Exit::Failed, fields, failure);
}

void Ctl::reportApplyError(const ClientError &error, const QString &file)
{
    QVariantMap fields;
    if (m_inv.command == QLatin1String("rollback"))
        fields.insert(QStringLiteral("id"), m_inv.args.first().toInt());
    else
        fields.insert(QStringLiteral("file"), file);
    if (error.code == 1)   // conflict
        return fail(Exit::Failed, QStringLiteral("not applied: %1").arg(error.message), error.code, error.data, fields);
    if (error.code == 2) {
        const QVariantList diagnostics = error.data.value(QStringLiteral("diagnostics")).toList();
        fields.insert(diagnosticFields(diagnostics, file));
        const QStringList lines = diagnosticLines(diagnostics, file);
        if (!lines.isEmpty() && !json())
            err(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        return fail(Exit::Failed, QStringLiteral("not applied: %1 is invalid; nothing was written").arg(file), error.code, {}, fields);
    }
    fail(Exit::Failed, QStringLiteral("not applied: %1").arg(error.message), error.code, error.data, fields);
}

} // namespace baton::ctl
