#pragma once

#include "baton/UniqueFd.h"

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace baton {

// Delivers POSIX signals through the Qt event loop via signalfd, so signal
// handling never runs in async-signal context. block() must run in main()
// before any thread exists, so no thread ever receives these signals directly.
class SignalWatcher final : public QObject {
    Q_OBJECT
public:
    static void block(std::initializer_list<int> signals);
    explicit SignalWatcher(std::initializer_list<int> signals, QObject *parent = nullptr);
    bool isValid() const { return m_fd.isValid(); }

Q_SIGNALS:
    void received(int signal);

private:
    void drain();

    UniqueFd m_fd;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace baton
