#include "baton/AtomicFile.h"

#include "baton/UniqueFd.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace baton {

namespace {

Q_LOGGING_CATEGORY(lcAtomic, "baton.atomicfile")

// umask() can only be read by setting it, which races with other threads;
// /proc/self/status reports it without side effects (Linux >= 4.7).
mode_t currentUmask()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        while (!status.atEnd()) {
            const QByteArray line = status.readLine();
            if (line.startsWith("Umask:")) {
                bool ok = false;
                const uint value = line.mid(6).trimmed().toUInt(&ok, 8);
                if (ok)
                    return value & 0777;
            }
        }
    }
    return 022;
}

bool writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0) { // no progress and no errno: treat as a full device
            errno = ENOSPC;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

} // namespace

bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error,
                         std::optional<uint> mode)
{
    const auto fail = [&](int err) {
        if (error)
            *error = QStringLiteral("cannot save %1: %2").arg(path, qt_error_string(err));
        return false;
    };
    if (path.isEmpty())
        return fail(ENOENT);

    // Follow a symlink so that replacing the file keeps the link in place.
    QString target = path;
    const QFileInfo info(path);
    if (info.isSymLink()) {
        const QString resolved = info.canonicalFilePath();
        if (!resolved.isEmpty())
            target = resolved;
    }
    const QByteArray targetBytes = QFile::encodeName(target);
    const QFileInfo targetInfo(target);
    const QByteArray dirBytes = QFile::encodeName(targetInfo.absolutePath());

    struct stat original {};
    const bool exists = ::stat(targetBytes.constData(), &original) == 0;
    if (!exists && errno != ENOENT)
        return fail(errno);

    QByteArray tmpName = dirBytes + "/." + QFile::encodeName(targetInfo.fileName()) + ".tmp-XXXXXX";
    UniqueFd fd(::mkostemp(tmpName.data(), O_CLOEXEC)); // O_RDWR|O_CREAT|O_EXCL, mode 0600
    if (!fd)
        return fail(errno);

    // From here on every failure removes the temp file, keeping errno intact.
    const auto discard = [&] {
        const int err = errno;
        fd.reset();
        ::unlink(tmpName.constData());
        return fail(err);
    };

    if (!writeAll(fd.get(), data.constData(), data.size()))
        return discard();

    const mode_t wanted = mode ? mode_t(*mode & 07777)
                               : exists ? (original.st_mode & 07777) : (0666 & ~currentUmask());
    // Keep the owner too when we can (root editing someone else's file);
    // as a plain user this fails with EPERM and the file becomes ours.
    // (A cast to void does not silence glibc's warn_unused_result under
    // _FORTIFY_SOURCE: the result is looked at and deliberately ignored.)
    if (exists && (original.st_uid != ::geteuid() || original.st_gid != ::getegid())
        && ::fchown(fd.get(), original.st_uid, original.st_gid) != 0) {
        // EPERM: keep going, the file becomes ours.
    }
    // After fchown: changing the owner may clear setuid/setgid bits.
    if (::fchmod(fd.get(), wanted) != 0)
        return discard();

    if (::fsync(fd.get()) != 0)
        return discard();
    // close() can report deferred write errors (NFS, quotas).
    if (::close(fd.release()) != 0)
        return discard();

    if (::rename(tmpName.constData(), targetBytes.constData()) != 0)
        return discard();

    // Make the rename itself durable. The new content is already visible, so
    // a failure here must not claim the save failed.
    UniqueFd dir(::open(dirBytes.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || (::fsync(dir.get()) != 0 && errno != EINVAL))
        qCWarning(lcAtomic, "saved %s but cannot sync its folder: %s", targetBytes.constData(),
                  qPrintable(qt_error_string(errno)));
    return true;
}

} // namespace baton
