#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace baton {

// A version (the daemon's hash) as the app shows it.
inline QString shortVersion(const QString &version)
{
    return version.left(12);
}

class ControlClient;
struct ClientError;

// The daemon's running configuration as last read with `get_config`: text,
// version (the daemon's hash, the expected_version of apply_config) and
// path. Announces when the daemon reports another config version.
class RunningConfig final : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const std::optional<ClientError> &error)>;

    explicit RunningConfig(ControlClient *client, QObject *parent = nullptr);

    // Reads it again; `done` runs after `changed` (or on error), not at all
    // if a newer fetch was started meanwhile.
    void fetch(Done done = {});
    // What we applied ourselves is now running: no need to read it back.
    void setApplied(const QString &text, const QString &version);

    bool isKnown() const { return m_known; }
    QString text() const { return m_text; }
    QString version() const { return m_version; }
    QString path() const { return m_path; }

Q_SIGNALS:
    void changed();
    // status.daemon.config_version differs from version(): someone else applied.
    void versionAnnounced(const QString &version);

private:
    void onStatus(const QVariantMap &status);

    QPointer<ControlClient> m_client;
    bool m_known = false;
    QString m_text;
    QString m_version;
    QString m_path;
    QString m_announced;
    int m_sequence = 0;
};

} // namespace baton
