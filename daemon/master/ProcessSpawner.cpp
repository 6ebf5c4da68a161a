#include "ProcessSpawner.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <string>
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

} // namespace

SpawnResult spawnProcess(const SpawnRequest &request)
{
    SpawnResult result;
    // Everything the child needs is built now: after fork only syscalls.
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
    const pid_t parent = ::getpid();

    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) < 0) {
        result.error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    UniqueFd readEnd(pipeFds[0]), writeEnd(pipeFds[1]);

    const pid_t pid = ::fork();
    if (pid < 0) {
        result.error = QStringLiteral("fork: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    if (pid == 0) {
        // Child. Only async-signal-safe calls from here to execve.
        const int firstFree = 3 + listenerCount;
        int statusFd = ::fcntl(writeEnd.get(), F_DUPFD_CLOEXEC, firstFree);
        if (statusFd < 0)
            ::_exit(127);

        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s = 1; s < NSIG; ++s) {
            if (s != SIGKILL && s != SIGSTOP)
                ::signal(s, SIG_DFL);
        }
        ::setpgid(0, 0);
        // If batond dies, its workers drain instead of holding the ports forever.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(127);

        int temporaries[256];
        for (int i = 0; i < listenerCount && i < 256; ++i) {
            temporaries[i] = ::fcntl(request.listenerFds[size_t(i)], F_DUPFD_CLOEXEC, firstFree);
            if (temporaries[i] < 0)
                failChild(statusFd, errno);
        }
        for (int i = 0; i < listenerCount && i < 256; ++i) {
            if (::dup2(temporaries[i], 3 + i) < 0)   // dup2 leaves the new FD without CLOEXEC
                failChild(statusFd, errno);
        }
        // Whatever else is open (a library that forgot O_CLOEXEC) dies at exec.
        ::syscall(SYS_close_range, unsigned(firstFree), ~0U, CLOSE_RANGE_CLOEXEC);

        const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (devNull >= 0)
            ::dup2(devNull, 0);
        if (!workdir.empty() && ::chdir(workdir.c_str()) < 0)
            failChild(statusFd, errno);
        writeDecimal(listenPidValue, long(::getpid()));
        ::execve(program.c_str(), argv.data(), envp.data());
        failChild(statusFd, errno);
    }
    writeEnd.reset();
    ::fcntl(readEnd.get(), F_SETFL, O_NONBLOCK);
    result.pid = pid;
    result.execStatus = std::move(readEnd);
    return result;
}

} // namespace baton
