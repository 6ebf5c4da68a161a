#pragma once

#include "baton/Diagnostic.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QVariantList>

class QTextDocument;

namespace baton {

class ControlClient;

// What one validation found, for the text it validated.
struct ValidationResult {
    int sequence = 0;
    QString text;                 // exactly the text that was validated
    bool valid = false;
    bool byDaemon = false;        // false: the core validator ran here (offline)
    bool planKnown = false;       // a plan against the running config was computed
    Diagnostics diagnostics;
    QString fileName;             // for "file:line:col" places
    QStringList plan;             // sentences, when valid and planKnown
    QStringList disruptive;       // the plan's lines that replace or stop processes (the daemon's, or core's offline)

    QString place(const Diagnostic &d) const;   // "baton.toml:7:1", as Diagnostic::format() writes it
};

// Diagnostics of the control API's shape ({severity, line, column, key,
// message, text}), e.g. from `validate` or an apply_config error's data.
Diagnostics diagnosticsFromVariant(const QVariantList &list, QString *fileName = nullptr);

// The core validator on this machine, for when there is no daemon to ask:
// the running config's path (when known) for messages and relative paths,
// and command lookup reduced to warnings (another host's PATH is unknown).
// With a running config text, also the reload plan against it.
ValidationResult validateLocally(const QString &text, const QString &runningText, const QString &configPath);

// Validation as you type: each edit of the watched document restarts a
// debounce timer; when it fires, the text goes to the daemon's `validate`
// or, offline, to the core validator on a worker thread. Every request has a
// sequence number and only the latest one's result is published: replies
// that arrive late are dropped.
class ConfigValidator final : public QObject {
    Q_OBJECT
public:
    explicit ConfigValidator(ControlClient *client, QObject *parent = nullptr);

    void setDocument(QTextDocument *document);
    void setDebounceInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    // The running config, for the offline validator's path and plan.
    void setRunningConfig(const QString &text, const QString &path);

    bool isPending() const { return m_timer.isActive() || m_inFlight; }
    int lastSequence() const { return m_sequence; }

public Q_SLOTS:
    void schedule();
    void validateNow();                       // the document's text, now
    void validateText(const QString &text);   // any text, now

Q_SIGNALS:
    void validated(const baton::ValidationResult &result);

private:
    void validateRemotely(int sequence, const QString &text);
    void validateOffline(int sequence, const QString &text);
    void publish(const ValidationResult &result);

    QPointer<ControlClient> m_client;
    QPointer<QTextDocument> m_document;
    QTimer m_timer;
    QString m_runningText;
    QString m_runningPath;
    int m_sequence = 0;
    bool m_inFlight = false;
};

} // namespace baton
