#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace baton {

// One sd_notify datagram ("READY=1\nSTATUS=...\n"), reduced to what batond
// understands. Unknown keys are ignored; a malformed datagram (NUL bytes,
// lines without '=', oversized) yields nullopt and never anything partial.
struct NotifyMessage {
    bool ready = false;
    bool reloading = false;
    bool stopping = false;
    bool watchdog = false;
    std::optional<QString> status;
    std::optional<qint64> mainPid;
    // X_BATON_REQUESTS=<total requests served>: Baton's optional key
    // (README, worker contract); a value that is not a count is ignored.
    std::optional<qint64> requests;

    static constexpr qsizetype MaxBytes = 4096;
    static std::optional<NotifyMessage> parse(const QByteArray &datagram);
};

} // namespace baton
