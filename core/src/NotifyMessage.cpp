#include "baton/NotifyMessage.h"

#include <QList>

namespace baton {

std::optional<NotifyMessage> NotifyMessage::parse(const QByteArray &datagram)
{
    if (datagram.isEmpty() || datagram.size() > MaxBytes || datagram.contains('\0'))
        return std::nullopt;
    NotifyMessage message;
    for (const QByteArray &line : datagram.split('\n')) {
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        const QByteArray key = line.left(eq), value = line.mid(eq + 1);
        if (key == "READY")
            message.ready = value == "1";
        else if (key == "RELOADING")
            message.reloading = value == "1";
        else if (key == "STOPPING")
            message.stopping = value == "1";
        else if (key == "WATCHDOG")
            message.watchdog = value == "1";
        else if (key == "STATUS")
            message.status = QString::fromUtf8(value).left(256);
        else if (key == "X_BATON_REQUESTS") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (ok && n >= 0)
                message.requests = n;
        } else if (key == "MAINPID") {
            bool ok = false;
            const qint64 pid = value.toLongLong(&ok);
            if (!ok || pid <= 1)
                return std::nullopt;
            message.mainPid = pid;
        }
    }
    return message;
}

} // namespace baton
