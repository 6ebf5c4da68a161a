// Workers are started with clone(CLONE_VM | CLONE_VFORK) on a stack of
// their own, the way glibc's posix_spawn works, rather than fork(): batond
// is a Qt process, and fork() copies then tears down its page tables for
// every worker (most of batond's CPU per reload in bench/results/
// profile-reload.txt). posix_spawn itself cannot be used: LISTEN_PID must
// be the child's own PID, known only in the child.
//
// The child shares batond's memory until execve, so it only makes syscalls
// and writes into buffers prepared for it (ChildArgs, the LISTEN_PID
// value). All signals are blocked around clone() so that none of batond's
// handlers can run in the child before it has reset them.
#include "ProcessSpawner.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <string>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#include <sys/syscall.h>

namespace baton {

namespace {

// Async-signal-safe decimal formatting.
void writeDecimal(char *out, long value)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (n > 0)
        *out++ = digits[--n];
    *out = '\0';
}

[[noreturn]] void failChild(int statusFd, int error)
{
    const ssize_t ignored = ::write(statusFd, &error, sizeof(error));
    (void)ignored;
    ::_exit(127);
}

// Everything the child reads, prepared by the parent before clone().
struct ChildArgs {
    const char *program;
    char *const *argv;
    char *const *envp;
    char *listenPidValue;
    const char *workdir;           // empty: stay
    const int *listenerFds;
    int listenerCount;
    int *temporaries;              // listenerCount slots, allocated by the parent

    int statusWriteFd;
    int cgroupProcsFd;             // -1: stay in batond's cgroup
    int stdoutFd;                  // -1: batond's own
    int stderrFd;
    pid_t parent;
    const sigset_t *restoreMask;   // the mask to give the worker: empty
};

int childMain(void *opaque)
{
    // Only async-signal-safe calls from here to execve (memory is shared).
    const auto *a = static_cast<const ChildArgs *>(opaque);
    const int firstFree = 3 + a->listenerCount;
    const int statusFd = ::fcntl(a->statusWriteFd, F_DUPFD_CLOEXEC, firstFree);
    if (statusFd < 0)
        ::_exit(127);

    // Dispositions first (signals are still blocked), then unblock.
    for (int s = 1; s < NSIG; ++s) {
        if (s != SIGKILL && s != SIGSTOP)
            ::signal(s, SIG_DFL);
    }
    ::sigprocmask(SIG_SETMASK, a->restoreMask, nullptr);
    ::setpgid(0, 0);
    // If batond dies, its workers drain instead of holding the ports forever.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != a->parent)
        ::_exit(127);
    // Into the worker's cgroup before anything can fork (and before the dup2s
    // below could clobber the FD): "0" means the writing process.
    if (a->cgroupProcsFd >= 0 && ::write(a->cgroupProcsFd, "0", 1) != 1)
        failChild(statusFd, errno != 0 ? errno : EIO);

    // Output pipes first: they may sit where the listeners are about to go
    // (3..), and 1 and 2 are never a listener's number. dup2 clears CLOEXEC.
    if (a->stdoutFd >= 0 && ::dup2(a->stdoutFd, 1) < 0)
        failChild(statusFd, errno);
    if (a->stderrFd >= 0 && ::dup2(a->stderrFd, 2) < 0)
        failChild(statusFd, errno);

    // Every listener, however many: the slots come from the parent (no
    // malloc here), and a failing dup (EMFILE) fails the spawn visibly.
    int *temporaries = a->temporaries;
    for (int i = 0; i < a->listenerCount; ++i) {
        temporaries[i] = ::fcntl(a->listenerFds[i], F_DUPFD_CLOEXEC, firstFree);
        if (temporaries[i] < 0)
            failChild(statusFd, errno);
    }
    for (int i = 0; i < a->listenerCount; ++i) {
        if (::dup2(temporaries[i], 3 + i) < 0)   // dup2 leaves the new FD without CLOEXEC
            failChild(statusFd, errno);
    }
    // Whatever else is open (a library that forgot O_CLOEXEC) dies at exec.
    ::syscall(SYS_close_range, unsigned(firstFree), ~0U, CLOSE_RANGE_CLOEXEC);

    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devNull >= 0)
        ::dup2(devNull, 0);
    if (a->workdir[0] != '\0' && ::chdir(a->workdir) < 0)
        failChild(statusFd, errno);
    writeDecimal(a->listenPidValue, long(::getpid()));
    ::execve(a->program, a->argv, a->envp);
    failChild(statusFd, errno);
}

// The child's stack: used by one child at a time (CLONE_VFORK suspends
// batond until the child has exec'd or exited), mapped once.
char *childStackTop()
{
    static constexpr size_t Size = 256 * 1024;
    static char *top = [] {
        void *p = ::mmap(nullptr, Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        return p == MAP_FAILED ? nullptr : static_cast<char *>(p) + Size;
    }();
    return top;
}

} // namespace

SpawnResult spawnProcess(const SpawnRequest &request)
{
    SpawnResult result;
    // Everything the child needs is built now: in the child only syscalls.
    std::vector<std::string> argStore, envStore;
    for (const QString &a : request.arguments)
        argStore.push_back(a.toStdString());
    for (const QString &e : request.environment)
        envStore.push_back(e.toStdString());
    envStore.push_back(std::string("LISTEN_PID=") + std::string(24, '\0'));
    std::vector<char *> argv, envp;
    for (std::string &a : argStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (std::string &e : envStore)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    char *listenPidValue = envStore.back().data() + std::strlen("LISTEN_PID=");
    const std::string program = request.program.toStdString();
    const std::string workdir = request.workingDirectory.toStdString();
    const int listenerCount = int(request.listenerFds.size());
    // The child writes its temporary FD numbers here (it shares our memory).
    std::vector<int> temporaries(request.listenerFds.size() + 1);
    const pid_t parent = ::getpid();

    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) < 0) {
        result.error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    UniqueFd readEnd(pipeFds[0]), writeEnd(pipeFds[1]);

    char *stack = childStackTop();
    if (!stack) {
        result.error = QStringLiteral("mmap of the spawn stack failed");
        return result;
    }
    sigset_t all, previous, empty;
    sigfillset(&all);
    sigemptyset(&empty);
    const ChildArgs args{program.c_str(), argv.data(), envp.data(), listenPidValue, workdir.c_str(),
                         request.listenerFds.data(), listenerCount, temporaries.data(), writeEnd.get(), request.cgroupProcsFd,
                         request.stdoutFd, request.stderrFd, parent, &empty};
    ::pthread_sigmask(SIG_SETMASK, &all, &previous);
    const pid_t pid = ::clone(childMain, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, const_cast<ChildArgs *>(&args));
    const int cloneErrno = errno;
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (pid < 0) {
        result.error = QStringLiteral("clone: %1").arg(QString::fromLocal8Bit(std::strerror(cloneErrno)));
        return result;
    }
    writeEnd.reset();
    ::fcntl(readEnd.get(), F_SETFL, O_NONBLOCK);
    result.pid = pid;
    result.execStatus = std::move(readEnd);
    return result;
}

} // namespace baton
