#include "SignalWatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <sys/signalfd.h>

namespace baton {

namespace {
sigset_t maskOf(std::initializer_list<int> signals)
{
    sigset_t mask;
    sigemptyset(&mask);
    for (int s : signals)
        sigaddset(&mask, s);
    return mask;
}
} // namespace

void SignalWatcher::block(std::initializer_list<int> signals)
{
    const sigset_t mask = maskOf(signals);
    pthread_sigmask(SIG_BLOCK, &mask, nullptr);
}

SignalWatcher::SignalWatcher(std::initializer_list<int> signals, QObject *parent)
    : QObject(parent)
{
    const sigset_t mask = maskOf(signals);
    m_fd.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!m_fd)
        return;
    m_notifier = new QSocketNotifier(m_fd.get(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::drain);
}

void SignalWatcher::drain()
{
    signalfd_siginfo info{};
    while (::read(m_fd.get(), &info, sizeof(info)) == ssize_t(sizeof(info)))
        Q_EMIT received(int(info.ssi_signo));
}

} // namespace baton
