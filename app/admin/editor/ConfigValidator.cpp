#include "ConfigValidator.h"

#include "baton/ControlRecords.h"

#include "ControlClient.h"

#include "baton/ConfigDiff.h"
#include "baton/ConfigLoader.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QTextDocument>
#include <QThreadPool>

#include <memory>

namespace baton {

namespace {

constexpr int DefaultDebounceMs = 400;

QString fileNameOf(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("baton.toml") : QFileInfo(path).fileName();
}

} // namespace

QString ValidationResult::place(const Diagnostic &d) const
{
    if (d.line <= 0)
        return fileName;
    return QStringLiteral("%1:%2:%3").arg(fileName).arg(d.line).arg(std::max(d.column, 1));
}

Diagnostics diagnosticsFromVariant(const QVariantList &list, QString *fileName)
{
    Diagnostics out;
    for (const QVariant &item : list) {
        const QVariantMap m = item.toMap();
        const auto decoded = records::diagnosticFromVariant(item);
        if (!decoded)
            continue;
        Diagnostic d = *decoded;
        // The daemon's GCC-style text starts with its file name: keep it, so
        // places read exactly as `batond --check` prints them.
        const QString text = m.value(QStringLiteral("text")).toString();
        if (fileName && fileName->isEmpty() && d.line > 0) {
            const int at = int(text.indexOf(QStringLiteral(":%1:").arg(d.line)));
            if (at > 0)
                *fileName = text.left(at);
        }
        out.append(d);
    }
    return out;
}

ValidationResult validateLocally(const QString &text, const QString &runningText, const QString &configPath)
{
    LoadOptions options;
    options.filePath = configPath;
    options.commandCheck = CommandCheck::Warning;
    // The daemon's keys are not ours to read: batond's validate reports signatures.
    options.signatureMode = SignatureMode::Off;
    const LoadResult loaded = loadConfig(text.toUtf8(), options);

    ValidationResult result;
    result.text = text;
    result.valid = loaded.ok();
    result.diagnostics = loaded.diagnostics;
    result.fileName = fileNameOf(configPath);
    if (loaded.ok() && !runningText.isEmpty()) {
        LoadOptions runningOptions = options;
        runningOptions.commandCheck = CommandCheck::Off;
        const LoadResult running = loadConfig(runningText.toUtf8(), runningOptions);
        if (running.ok()) {
            const ReloadPlan plan = planReload(*running.config, *loaded.config);
            result.plan = plan.sentences();
            result.disruptive = plan.disruptiveSentences();
            result.planKnown = true;
        }
    }
    return result;
}

ConfigValidator::ConfigValidator(ControlClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(DefaultDebounceMs);
    connect(&m_timer, &QTimer::timeout, this, &ConfigValidator::validateNow);
}

void ConfigValidator::setDocument(QTextDocument *document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (!document)
        return;
    // contentsChange, not contentsChanged: highlighting re-formats the
    // document without changing a character and must not re-validate.
    connect(document, &QTextDocument::contentsChange, this, [this](int, int removed, int added) {
        if (removed || added)
            schedule();
    });
}

void ConfigValidator::setRunningConfig(const QString &text, const QString &path)
{
    m_runningText = text;
    m_runningPath = path;
}

void ConfigValidator::schedule()
{
    m_timer.start();
}

void ConfigValidator::validateNow()
{
    if (m_document)
        validateText(m_document->toPlainText());
}

void ConfigValidator::validateText(const QString &text)
{
    m_timer.stop();
    const int sequence = ++m_sequence;
    m_inFlight = true;
    if (m_client && m_client->isConnected())
        validateRemotely(sequence, text);
    else
        validateOffline(sequence, text);
}

void ConfigValidator::validateRemotely(int sequence, const QString &text)
{
    const QPointer<ConfigValidator> self(this);
    m_client->call(QStringLiteral("validate"), {{QStringLiteral("text"), text}},
                   [self, sequence, text](const QVariantMap &reply, const std::optional<ClientError> &error) {
        if (!self || sequence != self->m_sequence)
            return;   // gone, or a newer request is under way
        if (error) {
            // The daemon could not answer (connection lost, ...): the
            // local validator still tells the user what is wrong.
            self->validateOffline(sequence, text);
            return;
        }
        ValidationResult result;
        result.sequence = sequence;
        result.text = text;
        result.byDaemon = true;
        result.valid = reply.value(QStringLiteral("valid")).toBool();
        result.diagnostics = diagnosticsFromVariant(reply.value(QStringLiteral("diagnostics")).toList(), &result.fileName);
        if (result.fileName.isEmpty())
            result.fileName = fileNameOf(self->m_runningPath);
        result.planKnown = result.valid && reply.contains(QStringLiteral("plan"));
        result.plan = reply.value(QStringLiteral("plan")).toStringList();
        result.disruptive = reply.value(QStringLiteral("disruptive")).toStringList();
        self->publish(result);
    });
}

void ConfigValidator::validateOffline(int sequence, const QString &text)
{
    // Parsing up to 1 MiB takes a moment: off the GUI thread. The watcher
    // dies with this object, so a result for a deleted validator goes nowhere.
    auto promise = std::make_shared<QPromise<ValidationResult>>();
    auto *watcher = new QFutureWatcher<ValidationResult>(this);
    connect(watcher, &QFutureWatcher<ValidationResult>::finished, this, [this, watcher, sequence] {
        watcher->deleteLater();
        if (sequence != m_sequence || watcher->future().resultCount() == 0)
            return;
        ValidationResult result = watcher->future().result();
        result.sequence = sequence;
        publish(result);
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, text, running = m_runningText, path = m_runningPath] {
        promise->start();
        promise->addResult(validateLocally(text, running, path));
        promise->finish();
    });
}

void ConfigValidator::publish(const ValidationResult &result)
{
    m_inFlight = false;
    Q_EMIT validated(result);
}

} // namespace baton
