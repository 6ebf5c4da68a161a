#pragma once

#include "baton/UniqueFd.h"

#include <QString>

namespace baton {

// Holds the per-config lock (flock on a 0600 file in the runtime dir) for
// the life of the master; a second master on the same config is refused.
class ConfigLock final {
public:
    bool acquire(const QString &configPath, QString *error);
    // Upgrade in place: the flock the previous image held (same open file).
    void adopt(UniqueFd fd, const QString &path) { m_fd = std::move(fd); m_path = path; }
    QString path() const { return m_path; }
    int fd() const { return m_fd.get(); }

private:
    UniqueFd m_fd;
    QString m_path;
};

// --daemonize: the parent waits on a pipe until the child reports the
// outcome of its start-up, then exits with it; nothing is reported before
// the child serves.
class Daemonizer final {
public:
    // In the parent this never returns. In the child it returns true.
    static bool detach(QString *error);
    static void reportStarted(bool ok);

private:
    static UniqueFd s_report;
};

bool writePidFile(const QString &path, QString *error);

} // namespace baton
