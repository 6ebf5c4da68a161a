// Finding and stopping a worker's whole process tree: see ProcessTree.h for
// the two mechanisms (cgroup v2 when delegated, else process group +
// subreaper). This file: the process group + subreaper side and the reading
// of /proc/PID/stat; the cgroup side is WorkerCgroups.cpp.
#include "ProcessTree.h"

#include "ProcFiles.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

namespace baton {

using namespace procfs;

namespace {

struct Stat {
    char state = '?';
    pid_t ppid = 0;
    pid_t pgrp = 0;
    unsigned long long startTime = 0;
};

// /proc/PID/stat: the command name in parentheses may contain anything, so
// fields are counted after the last ')'. Read into a buffer of our own and
// parsed in place: it is read for every member of a tree each time one is
// signalled.
std::optional<Stat> readStat(pid_t pid)
{
    char path[48];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    UniqueFd owner(fd);
    char buffer[2048];   // 52 numbers after a comm of at most 64 bytes: about 700 at most
    ssize_t n;
    do
        n = ::read(fd, buffer, sizeof buffer - 1);
    while (n < 0 && errno == EINTR);
    if (n <= 0 || n == ssize_t(sizeof buffer - 1))
        return std::nullopt;   // nothing, or possibly cut: not a stat line we know
    buffer[n] = '\0';
    const char *close = std::strrchr(buffer, ')');
    if (!close || close[1] != ' ')
        return std::nullopt;
    // Field 3 (state), 4 (ppid), 5 (pgrp), ..., 22 (starttime).
    const char *p = close + 2;
    Stat s;
    s.state = *p;
    int field = 3;
    while (field < 22) {
        p = std::strchr(p, ' ');
        if (!p)
            return std::nullopt;
        ++p;
        ++field;
        if (field == 4)
            s.ppid = pid_t(std::strtol(p, nullptr, 10));
        else if (field == 5)
            s.pgrp = pid_t(std::strtol(p, nullptr, 10));
    }
    s.startTime = std::strtoull(p, nullptr, 10);
    return s;
}

bool liveState(char state) { return state != 'Z' && state != 'X'; }

std::vector<pid_t> allPids()
{
    std::vector<pid_t> out;
    DIR *dir = ::opendir("/proc");
    if (!dir)
        return out;
    while (const dirent *e = ::readdir(dir)) {
        char *end = nullptr;
        const long pid = std::strtol(e->d_name, &end, 10);
        if (end != e->d_name && *end == '\0' && pid > 0)
            out.push_back(pid_t(pid));
    }
    ::closedir(dir);
    return out;
}

} // namespace

// -- process group + subreaper ---------------------------------------------

bool becomeChildSubreaper(QString *error)
{
    if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
        return true;
    if (error)
        *error = QStringLiteral("prctl(PR_SET_CHILD_SUBREAPER): %1").arg(errnoText(errno));
    return false;
}

TreeSignalPlan planTreeSignal(pid_t leader, std::vector<pid_t> members, const ProcessProbe &probe, const SignalDelivery *before)
{
    TreeSignalPlan plan;
    if (leader <= 1)
        return plan;   // never -1 (every process) nor init
    const bool again = before && before->group == leader;
    if (!again)
        plan.group = leader;
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    for (pid_t pid : members) {
        if (pid <= 1)
            continue;
        const std::optional<ProcessIdentity> id = probe(pid);
        const bool inGroup = id && id->pgid == leader;
        bool send = !inGroup;
        if (again) {
            if (!id)
                continue;   // gone since it was listed
            const ProcessKey key{pid, id->startTime};
            send = !before->reached.count(key) && !(inGroup && id->startTime <= before->groupAt);
        }
        if (send)
            plan.individual.push_back(pid);
        if (id && (send || plan.group))
            plan.reaches.push_back({pid, id->startTime});
    }
    return plan;
}

void recordDelivery(SignalDelivery &record, const TreeSignalPlan &plan, unsigned long long now)
{
    if (plan.group) {
        record.group = plan.group;
        record.groupAt = now;
    }
    record.reached.insert(plan.reaches.begin(), plan.reaches.end());
}

std::optional<ProcessIdentity> probeProcess(pid_t pid)
{
    const auto st = readStat(pid);
    if (!st || !liveState(st->state))
        return std::nullopt;
    return ProcessIdentity{st->pgrp, st->startTime};
}

unsigned long long bootTimeTicks()
{
    timespec ts{};
    ::clock_gettime(CLOCK_BOOTTIME, &ts);
    static const long hz = ::sysconf(_SC_CLK_TCK);
    return (unsigned long long)ts.tv_sec * (unsigned long long)hz + (unsigned long long)ts.tv_nsec / (1000000000ULL / (unsigned long long)hz);
}

std::vector<pid_t> processGroupMembers(pid_t pgid)
{
    std::vector<pid_t> out;
    for (pid_t p : allPids()) {
        if (const auto st = readStat(p); st && st->pgrp == pgid && liveState(st->state))
            out.push_back(p);
    }
    return out;
}

void signalTree(pid_t leader, int sig)
{
    const TreeSignalPlan plan = planTreeSignal(leader, {leader}, probeProcess);
    if (plan.group > 1)
        ::kill(-plan.group, sig);
    for (pid_t pid : plan.individual)
        ::kill(pid, sig);
}

bool isDescendantOf(pid_t pid, pid_t ancestor)
{
    if (pid <= 0 || ancestor <= 0)
        return false;
    pid_t current = pid;
    std::optional<Stat> st = readStat(current);
    for (int depth = 0; depth < 64 && st; ++depth) {
        if (current == ancestor)
            return true;
        if (st->ppid <= 1)
            return false;
        const std::optional<Stat> parent = readStat(st->ppid);
        if (!parent || parent->startTime > st->startTime)
            return false;   // gone, or a newer process that reused the parent's PID
        current = st->ppid;
        st = parent;
    }
    return false;
}

std::vector<pid_t> childrenOf(pid_t pid)
{
    std::vector<pid_t> out;
    const std::vector<QByteArray> tids = subdirectories("/proc/" + QByteArray::number(pid) + "/task");
    bool haveChildrenFile = !tids.empty();
    for (const QByteArray &tid : tids) {
        const auto data = readFile(QStringLiteral("/proc/%1/task/%2/children").arg(pid).arg(QLatin1String(tid)));
        if (!data) {
            haveChildrenFile = false;   // CONFIG_PROC_CHILDREN is off
            break;
        }
        for (const QByteArray &word : data->split(' ')) {
            if (const long child = word.trimmed().toLong(); child > 0)
                out.push_back(pid_t(child));
        }
    }
    if (!haveChildrenFile) {
        out.clear();
        for (pid_t p : allPids()) {
            if (const auto st = readStat(p); st && st->ppid == pid && liveState(st->state))
                out.push_back(p);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<pid_t> descendantsOf(pid_t root)
{
    std::vector<std::pair<pid_t, pid_t>> parentOf;   // (pid, ppid) of every live process
    for (pid_t p : allPids()) {
        if (const auto st = readStat(p); st && liveState(st->state))
            parentOf.emplace_back(p, st->ppid);
    }
    std::vector<pid_t> out;
    std::vector<pid_t> todo{root};
    while (!todo.empty()) {
        const pid_t parent = todo.back();
        todo.pop_back();
        for (const auto &[p, pp] : parentOf) {
            if (pp == parent && p != root && std::find(out.begin(), out.end(), p) == out.end()) {
                out.push_back(p);
                todo.push_back(p);
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<unsigned long long> processStartTime(pid_t pid)
{
    if (const auto st = readStat(pid))
        return st->startTime;
    return std::nullopt;
}

QString processTreeMechanism(const WorkerCgroups *cgroups)
{
    return cgroups ? cgroups->mechanism() : QStringLiteral("process group + subreaper");
}

} // namespace baton
