#include "StartupGuard.h"

#include "baton/RuntimePaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace baton {

UniqueFd Daemonizer::s_report;

bool ConfigLock::acquire(const QString &configPath, QString *error)
{
    m_path = lockFileFor(configPath);
    // The runtime folder is shared with the control socket: its mode is the
    // unit's (RuntimeDirectoryMode=0755) or, when batond creates it, 0755, so
    // that members of admin_group can reach the 0660 socket. It is never
    // chmod'ed here (that once made it 0700 and locked the group out); the
    // lock file itself is 0600, which is all the lock needs.
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QFileInfo::exists(dir)) {
        QDir().mkpath(QFileInfo(dir).absolutePath());
        const QByteArray native = QFile::encodeName(dir);
        if (::mkdir(native.constData(), 0755) == 0)
            ::chmod(native.constData(), 0755);   // just created by us: the umask must not narrow it
    }
    m_fd.reset(::open(m_path.toLocal8Bit().constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!m_fd) {
        *error = QStringLiteral("cannot open lock file %1: %2").arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (::flock(m_fd.get(), LOCK_EX | LOCK_NB) < 0) {
        char buffer[32] = {};
        const ssize_t n = ::pread(m_fd.get(), buffer, sizeof(buffer) - 1, 0);
        const QString owner = n > 0 ? QString::fromLatin1(buffer, int(n)).trimmed() : QStringLiteral("unknown");
        *error = QStringLiteral("another batond (pid %1) is already running with %2 (lock %3)").arg(owner, configPath, m_path);
        return false;
    }
    const QByteArray pid = QByteArray::number(::getpid()) + '\n';
    if (::ftruncate(m_fd.get(), 0) == 0) {
        const ssize_t written = ::pwrite(m_fd.get(), pid.constData(), size_t(pid.size()), 0);
        (void)written;
    }
    return true;
}

bool Daemonizer::detach(QString *error)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) {
        *error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        *error = QStringLiteral("fork: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (pid > 0) {
        ::close(fds[1]);
        char status = 1;
        const ssize_t n = ::read(fds[0], &status, 1);
        if (n != 1) {
            // The child died without a word: reap it for its exit code.
            int wstatus = 0;
            ::waitpid(pid, &wstatus, 0);
            ::_exit(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) ? WEXITSTATUS(wstatus) : 1);
        }
        ::_exit(status);
    }
    ::close(fds[0]);
    s_report.reset(fds[1]);
    ::setsid();
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devNull >= 0) {
        ::dup2(devNull, 0);
        ::close(devNull);
    }
    return true;
}

void Daemonizer::reportStarted(bool ok)
{
    if (!s_report)
        return;
    const char status = ok ? 0 : 1;
    const ssize_t n = ::write(s_report.get(), &status, 1);
    (void)n;
    s_report.reset();
}

bool writePidFile(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write pid file %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QByteArray::number(::getpid()) + '\n');
    if (!file.commit()) {
        *error = QStringLiteral("cannot write pid file %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace baton
