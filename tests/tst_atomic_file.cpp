// Atomic file replacement: the target is always the complete old or the
// complete new content, and a failed save leaves no trace.
#include "baton/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <functional>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace baton;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

bool writePlain(const QString &path, const QByteArray &data, mode_t mode = 0644)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size()
        && (f.close(), ::chmod(QFile::encodeName(path).constData(), mode) == 0);
}

mode_t modeOf(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : mode_t(-1);
}

QStringList leftovers(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral(".*.tmp-*")}, QDir::Files | QDir::Hidden);
}

mode_t currentUmask()
{
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return mask;
}

QByteArray pattern(char c, qsizetype size)
{
    QByteArray data(size, c);
    data.append("END"); // a truncated copy never ends like this
    return data;
}

// Runs `body` in a forked child (so mounts, rlimits and setuid stay there)
// and returns the JSON object it reports through a pipe.
QJsonObject runInChild(const std::function<QJsonObject()> &body)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return {{QStringLiteral("fatal"), QStringLiteral("pipe failed")}};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        const QByteArray out = QJsonDocument(body()).toJson(QJsonDocument::Compact);
        for (qsizetype done = 0; done < out.size();) {
            const ssize_t n = ::write(fds[1], out.constData() + done, size_t(out.size() - done));
            if (n <= 0)
                break;
            done += n;
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    QByteArray in;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        in.append(buf, n);
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const QJsonDocument doc = QJsonDocument::fromJson(in);
    if (!doc.isObject())
        return {{QStringLiteral("fatal"), QStringLiteral("child died (status %1)").arg(status)}};
    return doc.object();
}

bool writeProcFile(const char *path, const QByteArray &text)
{
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    const bool ok = fd >= 0 && ::write(fd, text.constData(), size_t(text.size())) == text.size();
    if (fd >= 0)
        ::close(fd);
    return ok;
}

// In the calling (child) process: a private mount namespace, as root or via
// a user namespace, and a tmpfs on `dir`. Returns a reason when impossible.
QString mountPrivateTmpfs(const QString &dir, const char *options)
{
    if (::unshare(CLONE_NEWNS) != 0) {
        const uid_t uid = ::geteuid();
        const gid_t gid = ::getegid();
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
            return QStringLiteral("no mount namespace: %1").arg(qt_error_string(errno));
        writeProcFile("/proc/self/setgroups", "deny");
        if (!writeProcFile("/proc/self/uid_map", QByteArray("0 ") + QByteArray::number(uid) + " 1")
            || !writeProcFile("/proc/self/gid_map", QByteArray("0 ") + QByteArray::number(gid) + " 1"))
            return QStringLiteral("cannot map ids in a user namespace");
    }
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return QStringLiteral("cannot make mounts private: %1").arg(qt_error_string(errno));
    if (::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", 0, options) != 0)
        return QStringLiteral("mount -t tmpfs not permitted: %1").arg(qt_error_string(errno));
    return {};
}

enum class Failure { DiskFull, ReadOnlyMount, ReadOnlyDirectory, FileSizeLimit };

} // namespace

Q_DECLARE_METATYPE(Failure)

class AtomicFileTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writesNewFile_data();
    void writesNewFile();
    void replacesAndKeepsPermissions_data();
    void replacesAndKeepsPermissions();
    void followsSymlink();
    void missingDirectory();
    void failureLeavesOriginal_data();
    void failureLeavesOriginal();
    void crashNeverLeavesPartialTarget();
};

void AtomicFileTest::writesNewFile_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("small") << QByteArray("[daemon]\nbus = \"none\"\n");
    QTest::newRow("binary 3 MiB") << pattern('\0', 3 * 1024 * 1024);
}

void AtomicFileTest::writesNewFile()
{
    QFETCH(QByteArray, data);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("baton.toml"));
    QString error;
    QVERIFY2(writeFileAtomically(path, data, &error), qPrintable(error));
    QCOMPARE(readFile(path), data);
    QCOMPARE(modeOf(path), mode_t(0666 & ~currentUmask()));
    QCOMPARE(leftovers(dir.path()), QStringList());
}

void AtomicFileTest::replacesAndKeepsPermissions_data()
{
    QTest::addColumn<int>("originalMode");
    QTest::addColumn<int>("explicitMode"); // -1: none given
    QTest::addColumn<int>("expectedMode");
    QTest::newRow("0600 kept") << 0600 << -1 << 0600;
    QTest::newRow("0640 kept") << 0640 << -1 << 0640;
    QTest::newRow("0755 kept") << 0755 << -1 << 0755;
    QTest::newRow("0444 kept") << 0444 << -1 << 0444;
    QTest::newRow("explicit 0600 over 0644") << 0644 << 0600 << 0600;
    QTest::newRow("explicit 0640 over 0600") << 0600 << 0640 << 0640;
}

void AtomicFileTest::replacesAndKeepsPermissions()
{
    QFETCH(int, originalMode);
    QFETCH(int, explicitMode);
    QFETCH(int, expectedMode);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("baton.toml"));
    QVERIFY(writePlain(path, "old", mode_t(originalMode)));
    std::optional<uint> mode;
    if (explicitMode >= 0)
        mode = uint(explicitMode);
    QString error;
    QVERIFY2(writeFileAtomically(path, "new content", &error, mode), qPrintable(error));
    QCOMPARE(readFile(path), QByteArray("new content"));
    QCOMPARE(modeOf(path), mode_t(expectedMode));
    QCOMPARE(leftovers(dir.path()), QStringList());
}

void AtomicFileTest::followsSymlink()
{
    QTemporaryDir dir;
    const QString real = dir.filePath(QStringLiteral("real.toml"));
    const QString link = dir.filePath(QStringLiteral("baton.toml"));
    QVERIFY(writePlain(real, "old", 0640));
    QVERIFY(QFile::link(real, link));
    QString error;
    QVERIFY2(writeFileAtomically(link, "new", &error), qPrintable(error));
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readFile(real), QByteArray("new"));
    QCOMPARE(modeOf(real), mode_t(0640));
}

void AtomicFileTest::missingDirectory()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nope/baton.toml"));
    QString error;
    QVERIFY(!writeFileAtomically(path, "x", &error));
    QCOMPARE(error, QStringLiteral("cannot save %1: %2").arg(path, qt_error_string(ENOENT)));
    QVERIFY(!writeFileAtomically(QString(), "x", nullptr)); // null error is fine
}

void AtomicFileTest::failureLeavesOriginal_data()
{
    QTest::addColumn<Failure>("failure");
    QTest::addColumn<int>("expectedErrno");
    QTest::newRow("full disk (64k tmpfs)") << Failure::DiskFull << ENOSPC;
    QTest::newRow("read-only file system") << Failure::ReadOnlyMount << EROFS;
    QTest::newRow("read-only directory") << Failure::ReadOnlyDirectory << EACCES;
    QTest::newRow("file size limit") << Failure::FileSizeLimit << EFBIG;
}

// Each scenario runs in a child, which sets the trap up, writes an original,
// tries to replace it, and reports what it then finds on disk.
void AtomicFileTest::failureLeavesOriginal()
{
    QFETCH(Failure, failure);
    QFETCH(int, expectedErrno);
    QTemporaryDir tmp;
    // Traversable by "nobody", for the unprivileged row run as root.
    QVERIFY(QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                  | QFileDevice::ExeOwner | QFileDevice::ExeGroup
                                                  | QFileDevice::ExeOther));
    const QString dir = tmp.filePath(QStringLiteral("etc"));
    QVERIFY(QDir().mkdir(dir));
    const QString path = dir + QStringLiteral("/baton.toml");
    const QByteArray original = pattern('o', 1000);
    const QByteArray replacement = pattern('n', failure == Failure::FileSizeLimit ? 64 * 1024 : 1024 * 1024);

    const QJsonObject report = runInChild([&]() -> QJsonObject {
        const auto skip = [](const QString &why) { return QJsonObject{{QStringLiteral("skip"), why}}; };
        if (failure == Failure::DiskFull || failure == Failure::ReadOnlyMount) {
            const QString why = mountPrivateTmpfs(dir, "size=64k,mode=0755");
            if (!why.isEmpty())
                return skip(why);
        }
        if (!writePlain(path, original, 0644)) // readable by "nobody" too
            return {{QStringLiteral("fatal"), QStringLiteral("cannot write the original")}};
        switch (failure) {
        case Failure::DiskFull:
            break;
        case Failure::ReadOnlyMount:
            if (::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", MS_REMOUNT | MS_RDONLY,
                        "size=64k,mode=0755")
                != 0)
                return skip(QStringLiteral("cannot remount read-only: %1").arg(qt_error_string(errno)));
            break;
        case Failure::ReadOnlyDirectory:
            ::chmod(QFile::encodeName(dir).constData(), 0555);
            // root ignores permissions: become "nobody" first.
            if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0))
                return skip(QStringLiteral("cannot drop root privileges"));
            break;
        case Failure::FileSizeLimit: {
            ::signal(SIGXFSZ, SIG_IGN); // get EFBIG instead of being killed
            rlimit limit{};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = 4096;
            ::setrlimit(RLIMIT_FSIZE, &limit);
            break;
        }
        }
        QString error;
        const bool ok = writeFileAtomically(path, replacement, &error);
        return {{QStringLiteral("ok"), ok},
                {QStringLiteral("error"), error},
                {QStringLiteral("intact"), readFile(path) == original},
                {QStringLiteral("mode"), int(modeOf(path))},
                {QStringLiteral("leftovers"), QJsonArray::fromStringList(leftovers(dir))}};
    });

    if (report.contains(QStringLiteral("skip")))
        QSKIP(qPrintable(report.value(QStringLiteral("skip")).toString()));
    QVERIFY2(!report.contains(QStringLiteral("fatal")), qPrintable(report.value(QStringLiteral("fatal")).toString()));
    QCOMPARE(report.value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(report.value(QStringLiteral("error")).toString(),
             QStringLiteral("cannot save %1: %2").arg(path, qt_error_string(expectedErrno)));
    QVERIFY(report.value(QStringLiteral("intact")).toBool());
    QCOMPARE(report.value(QStringLiteral("mode")).toInt(), 0644);
    QCOMPARE(report.value(QStringLiteral("leftovers")).toArray(), QJsonArray());
}

// A child keeps replacing the file with two big contents in turn and is
// SIGKILLed at random moments; every time, the target must be complete.
void AtomicFileTest::crashNeverLeavesPartialTarget()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("baton.toml"));
    const QByteArray first = pattern('a', 3 * 1024 * 1024);
    const QByteArray second = pattern('b', 2 * 1024 * 1024 + 17);
    QVERIFY(writePlain(path, first));

    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    int seen[2] = {0, 0};
    for (int round = 0; round < 50; ++round) {
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            for (int i = 0;; ++i)
                writeFileAtomically(path, (i + round) % 2 ? second : first, nullptr);
        }
        ::usleep(random.bounded(1000, 40000));
        ::kill(pid, SIGKILL);
        QCOMPARE(::waitpid(pid, nullptr, 0), pid);

        const QByteArray now = readFile(path);
        QVERIFY2(now == first || now == second,
                 qPrintable(QStringLiteral("round %1 (seed %2): target has %3 bytes, neither old nor new")
                                .arg(round)
                                .arg(seed)
                                .arg(now.size())));
        ++seen[now == second];
    }
    qInfo("target held the first content %d times, the second %d times", seen[0], seen[1]);
    // Temp files of killed writers may remain; nothing else may appear.
    QDir d(dir.path());
    const QStringList all = d.entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(all.size() - leftovers(dir.path()).size(), 1);
}

QTEST_GUILESS_MAIN(AtomicFileTest)
#include "tst_atomic_file.moc"
