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

    static constexpr qsizetype MaxBytes = 4096;
    static std::optional<NotifyMessage> parse(const QByteArray &datagram);
};

} // namespace baton
