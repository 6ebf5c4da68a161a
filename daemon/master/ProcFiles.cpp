#include "ProcFiles.h"

#include "baton/UniqueFd.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace baton::procfs {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

std::optional<QByteArray> readFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    UniqueFd owner(fd);
    QByteArray out;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return std::nullopt;
        if (n == 0)
            return out;
        out.append(buffer, qsizetype(n));
    }
}

// 0 on success, else errno.
int writeFile(const QString &path, const QByteArray &data)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    UniqueFd owner(fd);
    const ssize_t n = ::write(fd, data.constData(), size_t(data.size()));
    if (n < 0)
        return errno;
    return n == ssize_t(data.size()) ? 0 : EIO;
}

bool writable(const QString &path)
{
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}
bool exists(const QString &path)
{
    return ::access(QFile::encodeName(path).constData(), F_OK) == 0;
}

// The subdirectories of dir, by readdir's d_type, not QDir: a cgroup
// directory holds dozens of control files, and QDir stats and sorts each
// (most of batond's cost of signalling and removing a worker's cgroup, in
// the reload_scale_cpu profile).
std::vector<QByteArray> subdirectories(const QByteArray &dir)
{
    std::vector<QByteArray> out;
    DIR *d = ::opendir(dir.constData());
    if (!d)
        return out;
    while (const dirent *e = ::readdir(d)) {
        if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0')))
            continue;
        bool isDir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN) {
            struct stat st{};
            isDir = ::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
        }
        if (isDir)
            out.emplace_back(e->d_name);
    }
    ::closedir(d);
    return out;
}

} // namespace baton::procfs
