#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <deque>
#include <optional>

namespace baton {

// How the last reload or apply ended, as the daemon's events tell it. The
// daemon decides success and failure (reload-finished carries a reason
// exactly when something was rolled back); this only gathers the pieces
// that belong to one outcome: the rolled-back generations, and for each the
// failing worker's exit event with its last stderr lines.
struct Outcome {
    enum class Kind { Reload, Apply, Rejected };
    struct Failure {
        QString service;
        int generation = 0;
        qint64 pid = 0;            // the worker whose exit made it fail; 0 when unknown
        QString reason;            // the daemon's, from reload-rolled-back
        QStringList stderrTail;    // that worker's last stderr lines, from its exit event
        QString lastLine() const;  // the last non-empty line of stderrTail
    };

    qint64 seq = 0;                // the settling event: an outcome's identity
    Kind kind = Kind::Reload;
    bool ok = false;
    QString service;               // the reloaded service; empty: all of them
    QString message;               // the daemon's sentence for the settling event
    QString reason;
    QString applyMessage;          // Apply: the config-applied sentence ("configuration version … applied by …")
    QString restoredMessage;       // a failed Apply: the config-restored sentence
    QVariantMap applyEvent;        // the config-applied event, for EventText to say it in the app's language
    QList<Failure> failures;

};

// Fed the live events in order (DaemonMonitor::liveEvent, never the
// backlog: an old outcome is history, not news). Emits outcomeChanged for a
// new outcome, and again when a later event completes the same one (an exit
// event with the output arrives after a ready timeout's rollback; a failed
// apply's config-restored follows its reload-finished).
class OutcomeTracker final : public QObject {
    Q_OBJECT
public:
    explicit OutcomeTracker(QObject *parent = nullptr);

    void addEvent(const QVariantMap &event);
    const std::optional<Outcome> &current() const { return m_current; }
    void clear();

Q_SIGNALS:
    // `fresh`: another outcome than before (replace the banner); else an amendment of the same one.
    void outcomeChanged(const baton::Outcome &outcome, bool fresh);

private:
    struct Exit {
        QString service;
        int generation = 0;
        qint64 pid = 0;
        QString cause;
        QStringList stderrTail;
    };
    void settle(Outcome outcome);
    void onExit(const Exit &exit);
    void completeFailure(Outcome::Failure &failure) const;

    std::deque<Exit> m_recentExits;        // newest last, bounded
    QList<Outcome::Failure> m_rollbacks;   // since the last outcome
    std::optional<QVariantMap> m_applyEvent;   // a config-applied whose reload has not finished
    std::optional<Outcome> m_current;
};

} // namespace baton

Q_DECLARE_METATYPE(baton::Outcome)
