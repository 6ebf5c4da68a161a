#pragma once

#include "ControlApi.h"
#include "MetricsRecorder.h"
#include "Supervisor.h"

#include "baton/ConfigHistory.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QTimer>

class QFileSystemWatcher;

namespace baton {

struct Event;

// batond's ControlApi: every operation of docs/control-api.md, on top of the
// Supervisor. Owns what belongs to "the config as an operator sees it": the
// file on disk (version = hash of its bytes), atomic apply, the history of
// applied versions, the watch on the file, and live metrics for subscribers.
class DaemonControl final : public ControlApi {
    Q_OBJECT
public:
    explicit DaemonControl(Supervisor &supervisor, QObject *parent = nullptr);
    ~DaemonControl() override;

    // After Supervisor::start(): history, file watch. False only on a hard error.
    bool start(const QString &stateDir, bool applyOnChange, QString *error);
    // Upgrade in place: instead of start(), with the running text and the
    // disk version the previous image had (the file is not what runs when a
    // hand edit was not applied).
    bool adopt(const QString &stateDir, bool applyOnChange, const QByteArray &runningText, const QString &diskVersion,
               QString *error);
    const QByteArray &runningText() const { return m_runningText; }
    const QString &diskVersion() const { return m_diskVersion; }
    bool isApplying() const { return m_applying; }
    // `upgrade` is carried out by the Upgrader (ControlPlane sets it).
    using UpgradeHandler = std::function<void(const QVariantMap &params, const Caller &caller, const Reply &reply)>;
    void setUpgradeHandler(UpgradeHandler handler) { m_upgrade = std::move(handler); }

    void call(const QString &method, const QVariantMap &params, const Caller &caller, Reply reply) override;
    void addMetricsSubscriber(const void *subscriber) override;
    void removeMetricsSubscriber(const void *subscriber) override;
    AuthorizationPolicy authorizationPolicy() const override { return m_policy; }
    bool isSampling() const { return m_recorder.isSampling(); }
    // Upgrade in place carries the metrics history (MetricsRecorder).
    QVariantList saveMetrics() const { return m_recorder.saveSamples(); }
    void restoreMetrics(const QVariantList &samples) { m_recorder.restoreSamples(samples); }
    void addLogSubscriber(const void *subscriber) override;
    void removeLogSubscriber(const void *subscriber) override;

private:
    QVariantMap status() const;
    QVariantMap currentStatus() const override { return status(); }
    void validate(const QVariantMap &params, const Reply &reply);
    void getConfig(const Reply &reply);
    void applyText(const QByteArray &text, const QString &expectedVersion, const QString &comment, const Caller &caller,
                   const Reply &reply);
    void history(const Reply &reply);
    void getVersion(const QVariantMap &params, const Reply &reply);
    void rollback(const QVariantMap &params, const Caller &caller, const Reply &reply);
    void events(const QVariantMap &params, const Reply &reply);
    void reload(const QVariantMap &params, const Reply &reply);
    void logs(const QVariantMap &params, const Reply &reply);
    // restart_worker, signal_worker, stop_service, start_service
    // (DaemonControlRequests.cpp); false: `method` is none of them.
    bool operatorRequest(const QString &method, const QVariantMap &params, const Reply &reply);

    void onEvent(const Event &event);
    void onFileMaybeChanged();
    void checkFileNow();
    std::optional<QByteArray> readConfig(QString *error) const;
    void setRunning(const QByteArray &text);
    void setDiskVersion(const QString &version);
    // After a reload of `text` (history entry `historyId`, 0 = none) ended.
    void begin(bool applyOnChange);   // what start() and adopt() share: the policy, the watch on the file
    void recordRunningIfMissing(const QString &comment);
    void settleApply(const QByteArray &text, int historyId, const Supervisor::ReloadOutcome &outcome);

    Supervisor &m_supervisor;
    ConfigHistory m_history;
    MetricsRecorder m_recorder;
    QSet<const void *> m_logSubscribers;
    QTimer m_changeNotice;        // coalesces servicesChanged to one per loop turn
    QTimer m_fileDebounce;
    QFileSystemWatcher *m_watcher = nullptr;
    // "One truth about what runs": the running version is the text the
    // serving generations were started with. It changes only when a reload
    // of a new text finished without rollback; the file on disk may differ
    // (a hand edit with watch = false), which status reports separately.
    QByteArray m_runningText;
    QString m_version;            // of m_runningText
    QString m_diskVersion;        // of the file as batond last read or wrote it
    QByteArray m_reloadText;      // the file as a reload in progress read it
    bool m_applying = false;      // an apply waits for its reload: no second one
    bool m_applyOnChange = false;
    AuthorizationPolicy m_policy;
    UpgradeHandler m_upgrade;
};

} // namespace baton
