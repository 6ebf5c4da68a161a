// The cgroup v2 side of a worker's process tree (WorkerCgroups, declared in
// ProcessTree.h with the layout it keeps): a cgroup per worker in a
// delegated subtree, found, created, signalled, killed and removed through
// the files of the cgroup2 mount.
#include "ProcessTree.h"

#include "ProcFiles.h"

#include <QDir>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace baton {

using namespace procfs;

namespace {

// The "0::/path" line of /proc/PID/cgroup.
std::optional<QString> unifiedCgroupOf(pid_t pid)
{
    const auto data = readFile(pid == 0 ? QStringLiteral("/proc/self/cgroup") : QStringLiteral("/proc/%1/cgroup").arg(pid));
    if (!data)
        return std::nullopt;
    for (const QByteArray &line : data->split('\n')) {
        if (line.startsWith("0::"))
            return QString::fromUtf8(line.mid(3));
    }
    return std::nullopt;
}

// mountinfo escapes blanks, tabs, newlines and backslashes as \ooo.
QString unescapeMountField(const QByteArray &field)
{
    QByteArray out;
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size()) {
            bool ok = false;
            const int c = field.mid(i + 1, 3).toInt(&ok, 8);
            if (ok) {
                out.append(char(c));
                i += 3;
                continue;
            }
        }
        out.append(field[i]);
    }
    return QFile::decodeName(out);
}

struct Cgroup2Mount {
    QString root;        // the cgroup mounted there, as /proc/PID/cgroup paths are written
    QString mountPoint;
    bool readOnly = false;
};

std::vector<Cgroup2Mount> cgroup2Mounts()
{
    std::vector<Cgroup2Mount> out;
    const auto data = readFile(QStringLiteral("/proc/self/mountinfo"));
    if (!data)
        return out;
    for (const QByteArray &line : data->split('\n')) {
        // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
        const QList<QByteArray> f = line.split(' ');
        const qsizetype dash = f.indexOf("-");
        if (dash < 6 || dash + 1 >= f.size() || f[dash + 1] != "cgroup2")
            continue;
        Cgroup2Mount m;
        m.root = unescapeMountField(f[3]);
        m.mountPoint = unescapeMountField(f[4]);
        m.readOnly = f[5].split(',').contains("ro");
        out.push_back(m);
    }
    return out;
}

QString joinCgroup(const QString &parent, const QString &child)
{
    return parent.endsWith(QLatin1Char('/')) ? parent + child : parent + QLatin1Char('/') + child;
}

bool hasXattrOne(const QString &path, const char *name)
{
    char value[8] = {};
    const ssize_t n = ::getxattr(QFile::encodeName(path).constData(), name, value, sizeof value - 1);
    return n > 0 && value[0] == '1';
}

QList<QByteArray> eventsField(const QString &dir, const char *file, const QByteArray &key)
{
    const auto data = readFile(joinCgroup(dir, QString::fromLatin1(file)));
    if (!data)
        return {};
    for (const QByteArray &line : data->split('\n')) {
        const QList<QByteArray> kv = line.split(' ');
        if (kv.size() == 2 && kv[0] == key)
            return kv;
    }
    return {};
}

std::vector<QString> cgroupTree(const QString &dir)   // dir and every cgroup below it
{
    std::vector<QString> out{dir};
    for (size_t i = 0; i < out.size(); ++i) {
        for (const QByteArray &child : subdirectories(QFile::encodeName(out[i])))
            out.push_back(joinCgroup(out[i], QFile::decodeName(child)));
    }
    return out;
}

// rmdir of dir and everything below, deepest first; true when dir is gone.
bool removeTree(const QString &dir)
{
    std::vector<QString> tree = cgroupTree(dir);
    for (auto it = tree.rbegin(); it != tree.rend(); ++it)
        ::rmdir(QFile::encodeName(*it).constData());
    return !exists(dir);
}

bool validName(const QString &name)
{
    if (name.isEmpty() || name.size() > 200 || name == QLatin1String(".") || name == QLatin1String("..")
        || name.startsWith(QLatin1String("cgroup.")))
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') || c == QLatin1Char('_')
            || c == QLatin1Char('-');
    });
}

} // namespace

// -- cgroup v2 ---------------------------------------------------------------

std::unique_ptr<WorkerCgroups> WorkerCgroups::probe(QString *whyNot)
{
    QString why;
    std::unique_ptr<WorkerCgroups> cgroups(new WorkerCgroups);
    if (!cgroups->setUp(&why)) {
        if (whyNot)
            *whyNot = why;
        return nullptr;
    }
    return cgroups;
}

QVariantMap WorkerCgroups::saveState() const
{
    return {{QStringLiteral("own"), m_own}, {QStringLiteral("base"), m_base}, {QStringLiteral("base_relative"), m_baseRelative},
            {QStringLiteral("shared"), m_shared}, {QStringLiteral("cgroup_kill"), m_cgroupKill}};
}

std::unique_ptr<WorkerCgroups> WorkerCgroups::restoreState(const QVariantMap &state)
{
    std::unique_ptr<WorkerCgroups> cgroups(new WorkerCgroups);
    cgroups->m_own = state.value(QStringLiteral("own")).toString();
    cgroups->m_base = state.value(QStringLiteral("base")).toString();
    cgroups->m_baseRelative = state.value(QStringLiteral("base_relative")).toString();
    cgroups->m_shared = state.value(QStringLiteral("shared")).toBool();
    cgroups->m_cgroupKill = state.value(QStringLiteral("cgroup_kill")).toBool();
    return cgroups;
}

bool WorkerCgroups::setUp(QString *whyNot)
{
    if (qEnvironmentVariableIsSet("BATON_NO_CGROUPS")) {
        *whyNot = QStringLiteral("disabled by BATON_NO_CGROUPS");
        return false;
    }
    const std::optional<QString> own = unifiedCgroupOf(0);
    if (!own || !own->startsWith(QLatin1Char('/'))) {
        *whyNot = QStringLiteral("no cgroup v2 hierarchy (no \"0::\" line in /proc/self/cgroup)");
        return false;
    }
    const Cgroup2Mount *mount = nullptr;
    const std::vector<Cgroup2Mount> mounts = cgroup2Mounts();
    for (const Cgroup2Mount &m : mounts) {
        if (*own == m.root || own->startsWith(joinCgroup(m.root, QString()))) {
            if (!mount || (mount->readOnly && !m.readOnly))
                mount = &m;
        }
    }
    if (!mount) {
        *whyNot = QStringLiteral("cgroup %1: no cgroup2 mount in /proc/self/mountinfo shows it").arg(*own);
        return false;
    }
    if (mount->readOnly) {
        *whyNot = QStringLiteral("the cgroup2 mount %1 is read-only (ProtectControlGroups=yes?)").arg(mount->mountPoint);
        return false;
    }
    const QString rel = mount->root == QLatin1String("/") ? *own : own->mid(mount->root.size());
    m_own = QDir::cleanPath(mount->mountPoint + QLatin1Char('/') + rel);
    if (!exists(m_own)) {
        *whyNot = QStringLiteral("%1 (batond's cgroup) does not exist").arg(m_own);
        return false;
    }
    if (!writable(m_own) || !writable(joinCgroup(m_own, QStringLiteral("cgroup.procs")))) {
        *whyNot = QStringLiteral("%1 (batond's cgroup) is not writable: %2").arg(m_own, errnoText(errno));
        return false;
    }
    if (!exists(joinCgroup(m_own, QStringLiteral("cgroup.freeze"))) && *own != QLatin1String("/")) {
        *whyNot = QStringLiteral("%1 has no cgroup.freeze (kernel older than 5.2)").arg(m_own);
        return false;
    }

    // Alone in <own>: it is ours (Delegate=yes). Otherwise make a subtree of
    // our own, unless <own> is a systemd unit that did not delegate it.
    const QByteArray procs = readFile(joinCgroup(m_own, QStringLiteral("cgroup.procs"))).value_or(QByteArray());
    const QList<QByteArray> members = procs.trimmed().split('\n');
    const bool alone = members.size() == 1 && members[0].toLong() == long(::getpid());
    const bool delegated = hasXattrOne(m_own, "trusted.delegate") || hasXattrOne(m_own, "user.delegate");
    const bool systemdUnit = own->endsWith(QLatin1String(".service")) || own->endsWith(QLatin1String(".scope"));
    if (systemdUnit && !delegated && !alone) {
        *whyNot = QStringLiteral("cgroup %1 belongs to systemd and is not delegated (Delegate=yes)").arg(*own);
        return false;
    }
    m_shared = !alone;
    if (m_shared) {
        // Stale subtrees of batonds that died without cleaning up.
        const QDir ownDir(m_own);
        for (const QString &child : ownDir.entryList({QStringLiteral("batond-*")}, QDir::Dirs | QDir::NoDotAndDotDot)) {
            bool ok = false;
            const long pid = child.mid(7).toLong(&ok);
            if (ok && pid > 0 && ::kill(pid_t(pid), 0) < 0 && errno == ESRCH)
                removeTree(joinCgroup(m_own, child));
        }
        m_base = joinCgroup(m_own, QStringLiteral("batond-%1").arg(::getpid()));
        if (::mkdir(QFile::encodeName(m_base).constData(), 0755) < 0 && errno != EEXIST) {
            *whyNot = QStringLiteral("mkdir %1: %2").arg(m_base, errnoText(errno));
            return false;
        }
    } else {
        m_base = m_own;
    }
    m_baseRelative = QDir::cleanPath(*own + QLatin1Char('/') + m_base.mid(m_own.size()));

    const QString self = joinCgroup(m_base, QStringLiteral("batond"));
    const QString workers = joinCgroup(m_base, QStringLiteral("w"));
    auto undo = [&] {
        if (m_shared)
            removeTree(m_base);
    };
    if (::mkdir(QFile::encodeName(self).constData(), 0755) < 0 && errno != EEXIST) {
        *whyNot = QStringLiteral("mkdir %1: %2").arg(self, errnoText(errno));
        undo();
        return false;
    }
    if (const int e = writeFile(joinCgroup(self, QStringLiteral("cgroup.procs")), QByteArray::number(::getpid()))) {
        *whyNot = QStringLiteral("cannot move batond into %1: %2").arg(self, errnoText(e));
        undo();
        return false;
    }
    if (::mkdir(QFile::encodeName(workers).constData(), 0755) < 0 && errno != EEXIST) {
        *whyNot = QStringLiteral("mkdir %1: %2").arg(workers, errnoText(errno));
        writeFile(joinCgroup(m_own, QStringLiteral("cgroup.procs")), QByteArray::number(::getpid()));
        undo();
        return false;
    }
    // Leftovers of an earlier batond in the same delegated cgroup: empty
    // ones go; populated ones are the workers of a master that crashed
    // (KillMode=process leaves them serving), for the new one to drain.
    if (!m_shared) {
        const QDir workersDir(workers);
        for (const QString &child : workersDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            WorkerCgroup cg;
            cg.name = child;
            cg.path = joinCgroup(workers, child);
            cg.relative = joinCgroup(joinCgroup(m_baseRelative, QStringLiteral("w")), child);
            if (populated(cg))
                m_leftovers.push_back(std::move(cg));
            else
                removeTree(cg.path);
        }
    }
    // memory.events per worker (oomKilled) needs the memory controller on the
    // way down; best effort: absent where <own> was not given it.
    const QByteArray available = readFile(joinCgroup(m_base, QStringLiteral("cgroup.controllers"))).value_or(QByteArray());
    if (available.trimmed().split(' ').contains("memory")) {
        writeFile(joinCgroup(m_base, QStringLiteral("cgroup.subtree_control")), "+memory");
        writeFile(joinCgroup(workers, QStringLiteral("cgroup.subtree_control")), "+memory");
    }
    m_cgroupKill = writable(joinCgroup(workers, QStringLiteral("cgroup.kill")))
        && !qEnvironmentVariableIsSet("BATON_CGROUP_FREEZE_KILL");
    if (!m_cgroupKill && !writable(joinCgroup(workers, QStringLiteral("cgroup.freeze")))) {
        *whyNot = QStringLiteral("%1: neither cgroup.kill nor cgroup.freeze is writable").arg(workers);
        writeFile(joinCgroup(m_own, QStringLiteral("cgroup.procs")), QByteArray::number(::getpid()));
        undo();
        return false;
    }
    return true;
}

WorkerCgroups::~WorkerCgroups()
{
    // Every empty worker cgroup goes, also those remove() was never called for.
    const QDir workers(joinCgroup(m_base, QStringLiteral("w")));
    for (const QString &child : workers.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        removeTree(workers.filePath(child));
    if (m_shared) {
        writeFile(joinCgroup(m_own, QStringLiteral("cgroup.procs")), QByteArray::number(::getpid()));
        removeTree(m_base);   // keeps what is still populated
    }
}

QString WorkerCgroups::mechanism() const
{
    return m_cgroupKill ? QStringLiteral("cgroup.kill") : QStringLiteral("cgroup freeze+kill");
}

std::optional<WorkerCgroup> WorkerCgroups::create(const QString &name, QString *error)
{
    retryRemovals();
    auto fail = [&](const QString &why) -> std::optional<WorkerCgroup> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!validName(name))
        return fail(QStringLiteral("invalid cgroup name \"%1\"").arg(name));
    // Never an existing cgroup, even an empty one: a worker being stopped
    // (a removed service whose name comes back, a restarted worker) may
    // still be signalled or killed through that path, which would hit the
    // new worker too. A taken name gets a suffix.
    WorkerCgroup cg;
    for (int attempt = 0;; ++attempt) {
        cg.name = attempt == 0 ? name : QStringLiteral("%1.%2").arg(name).arg(attempt);
        cg.path = joinCgroup(joinCgroup(m_base, QStringLiteral("w")), cg.name);
        cg.relative = joinCgroup(joinCgroup(m_baseRelative, QStringLiteral("w")), cg.name);
        if (::mkdir(QFile::encodeName(cg.path).constData(), 0755) == 0)
            break;
        const int e = errno;
        if (e != EEXIST || attempt >= 1000)
            return fail(QStringLiteral("mkdir %1: %2").arg(cg.path, errnoText(e)));
    }
    const QString procs = joinCgroup(cg.path, QStringLiteral("cgroup.procs"));
    const int fd = ::open(QFile::encodeName(procs).constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        const int e = errno;
        ::rmdir(QFile::encodeName(cg.path).constData());
        return fail(QStringLiteral("open %1: %2").arg(procs, errnoText(e)));
    }
    cg.procsFd.reset(fd);
    return cg;
}

void WorkerCgroups::kill(const WorkerCgroup &cgroup) const
{
    if (m_cgroupKill && writeFile(joinCgroup(cgroup.path, QStringLiteral("cgroup.kill")), "1") == 0)
        return;
    // Freeze, so nothing forks while we collect PIDs; fatal signals are still
    // delivered to frozen tasks. Freezing takes a moment: the passes that
    // wait for it run from the event loop, 2 ms apart, at most 50 of them.
    const bool frozenAsked = writeFile(joinCgroup(cgroup.path, QStringLiteral("cgroup.freeze")), "1") == 0;
    killPass(cgroup.path, frozenAsked, 0);
}

void WorkerCgroups::killPass(const QString &path, bool frozenAsked, int pass) const
{
    const bool frozen = frozenAsked && eventsField(path, "cgroup.events", "frozen").value(1) == "1";
    const std::vector<pid_t> victims = pidsUnder(path);
    for (pid_t p : victims)
        ::kill(p, SIGKILL);
    // Done once everything seen after the freeze completed is signalled. An
    // upgrade in place between two passes leaves the cgroup frozen with its
    // processes SIGKILLed or, if one forked meanwhile, frozen: the new
    // image's next kill() of the tree (its drain deadline) thaws it again.
    if (victims.empty() || (frozen && pass > 0) || pass >= 49) {
        if (frozenAsked)
            writeFile(joinCgroup(path, QStringLiteral("cgroup.freeze")), "0");
        return;
    }
    QTimer::singleShot(2, m_passes.get(), [this, path, frozenAsked, pass] { killPass(path, frozenAsked, pass + 1); });
}

bool WorkerCgroups::populated(const WorkerCgroup &cgroup) const
{
    const QList<QByteArray> kv = eventsField(cgroup.path, "cgroup.events", "populated");
    if (kv.isEmpty())
        return exists(cgroup.path) && !pids(cgroup).empty();
    return kv[1] == "1";
}

bool WorkerCgroups::contains(const WorkerCgroup &cgroup, pid_t pid) const
{
    const std::optional<QString> of = unifiedCgroupOf(pid);
    if (!of || pid <= 0)
        return false;
    return *of == cgroup.relative || of->startsWith(cgroup.relative + QLatin1Char('/'));
}

bool WorkerCgroups::oomKilled(const WorkerCgroup &cgroup) const
{
    const QList<QByteArray> kv = eventsField(cgroup.path, "memory.events", "oom_kill");
    return !kv.isEmpty() && kv[1].toLongLong() > 0;
}

std::vector<pid_t> WorkerCgroups::pids(const WorkerCgroup &cgroup) const
{
    return pidsUnder(cgroup.path);
}

std::vector<pid_t> WorkerCgroups::pidsUnder(const QString &path)
{
    std::vector<pid_t> out;
    for (const QString &dir : cgroupTree(path)) {
        const auto data = readFile(joinCgroup(dir, QStringLiteral("cgroup.procs")));
        if (!data)
            continue;
        for (const QByteArray &line : data->split('\n')) {
            if (const long p = line.toLong(); p > 0)
                out.push_back(pid_t(p));
        }
    }
    return out;
}

bool WorkerCgroups::remove(const WorkerCgroup &cgroup)
{
    if (std::find(m_unremoved.begin(), m_unremoved.end(), cgroup.path) == m_unremoved.end())
        m_unremoved.push_back(cgroup.path);
    retryRemovals();
    return !exists(cgroup.path);
}

void WorkerCgroups::retryRemovals()
{
    // rmdir refuses a populated cgroup (EBUSY), so this never removes a live one.
    std::vector<QString> kept;
    for (const QString &path : m_unremoved) {
        if (!removeTree(path))
            kept.push_back(path);
    }
    m_unremoved = std::move(kept);
}

} // namespace baton
