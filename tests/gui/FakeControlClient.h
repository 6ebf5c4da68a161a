#pragma once

// A stand-in for batond in the editor tests (tst_editor.cpp): answers
// get_config / validate / apply_config like the daemon's command layer,
// validating with the one real core loader, and lets a test stage the
// awkward cases a live daemon will not produce on cue (a conflict, a stale
// reply, a dropped connection mid-call). The editor flow against the real
// batond is in tst_admin_gui.cpp.
#include "ControlClient.h"

#include "baton/ConfigDiff.h"
#include "baton/ConfigLoader.h"

#include <QCryptographicHash>
#include <QHash>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace baton::test {

inline const QString ConfigPath = QStringLiteral("/etc/baton/baton.toml");

inline const QString Running = QStringLiteral(
    "[service.web]\n"
    "command = [\"baton-worker\"]\n"
    "workers = 2\n"
    "\n"
    "[service.web.listen]\n"
    "http = \"127.0.0.1:18080\"\n");

inline QString versionOf(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

inline LoadResult load(const QString &text)
{
    LoadOptions options;
    options.filePath = ConfigPath;
    options.commandCheck = CommandCheck::Off;
    return loadConfig(text.toUtf8(), options);
}

inline QVariantList diagnosticsToVariant(const Diagnostics &diagnostics)
{
    QVariantList list;
    for (const Diagnostic &d : diagnostics) {
        list << QVariantMap{{QStringLiteral("severity"), severityName(d.severity)},
                            {QStringLiteral("line"), d.line},
                            {QStringLiteral("column"), d.column},
                            {QStringLiteral("key"), d.keyPath},
                            {QStringLiteral("message"), d.message},
                            {QStringLiteral("text"), d.format(QStringLiteral("baton.toml"))}};
    }
    return list;
}

// Answers asynchronously (next event loop turn), like a real transport.
class FakeClient final : public ControlClient {
    Q_OBJECT
public:
    using Handler = std::function<void(const QVariantMap &params, const Callback &reply)>;

    explicit FakeClient(QObject *parent = nullptr) : ControlClient(parent)
    {
        handlers[QStringLiteral("get_config")] = [this](const QVariantMap &, const Callback &reply) {
            reply({{QStringLiteral("text"), running}, {QStringLiteral("version"), versionOf(running)},
                   {QStringLiteral("path"), ConfigPath}}, std::nullopt);
        };
        handlers[QStringLiteral("validate")] = [this](const QVariantMap &params, const Callback &reply) {
            const LoadResult result = load(params.value(QStringLiteral("text")).toString());
            QVariantMap out{{QStringLiteral("valid"), result.ok()},
                            {QStringLiteral("diagnostics"), diagnosticsToVariant(result.diagnostics)}};
            if (result.ok()) {
                const ReloadPlan plan = planReload(*load(running).config, *result.config);
                out.insert(QStringLiteral("plan"), plan.sentences());
                out.insert(QStringLiteral("disruptive"), plan.disruptiveSentences());
            }
            reply(out, std::nullopt);
        };
        handlers[QStringLiteral("apply_config")] = [this](const QVariantMap &params, const Callback &reply) {
            const QString current = versionOf(running);
            if (params.value(QStringLiteral("expected_version")).toString() != current)
                return reply({}, ClientError{1, QStringLiteral("the configuration changed since you read it"),
                                             {{QStringLiteral("current_version"), current}}});
            const QString text = params.value(QStringLiteral("text")).toString();
            const LoadResult result = load(text);
            if (!result.ok())
                return reply({}, ClientError{2, QStringLiteral("invalid"),
                                             {{QStringLiteral("diagnostics"), diagnosticsToVariant(result.diagnostics)}}});
            running = text;
            reply({{QStringLiteral("ok"), true}, {QStringLiteral("version"), versionOf(text)},
                   {QStringLiteral("history_id"), 7}, {QStringLiteral("outcome"), QStringLiteral("reloaded")},
                   {QStringLiteral("rolled_back"), QStringList()}}, std::nullopt);
        };
    }

    void connectToDaemon() override
    {
        online = true;
        Q_EMIT connected();
    }
    void disconnectFromDaemon() override
    {
        online = false;
        Q_EMIT disconnected(QStringLiteral("test"));
    }
    bool isConnected() const override { return online; }
    QString endpoint() const override { return QStringLiteral("fake:"); }
    void subscribe(bool, bool) override {}
    void setLogsWanted(bool) override {}

    void call(const QString &method, const QVariantMap &params, Callback callback) override
    {
        calls << method;
        lastParams[method] = params;
        const Handler handler = handlers.value(method);
        const bool up = online;
        QTimer::singleShot(0, this, [=] {
            if (!up)
                callback({}, ClientError{-1, QStringLiteral("not connected"), {}});
            else if (handler)
                handler(params, callback);
            else
                callback({}, ClientError{-32601, QStringLiteral("unknown method"), {}});
        });
    }

    int count(const QString &method) const { return int(calls.count(method)); }

    bool online = true;
    QString running = Running;
    QHash<QString, Handler> handlers;
    QStringList calls;
    QHash<QString, QVariantMap> lastParams;
};

} // namespace baton::test
