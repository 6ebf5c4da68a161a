#pragma once

#include <QCoreApplication>
#include <QString>
#include <QVariantMap>

namespace baton {

// An event's sentence in the app's language, built from its fields
// (service, generation, pid, cause, reason, exit code, signal, delay, ...)
// with tr(). batond's own `message` is English prose for its logs; for the
// kinds known here the app never shows it as the sentence, only as the
// details (tooltip). An unknown kind (a newer daemon) falls back to it.
class EventText {
    Q_DECLARE_TR_FUNCTIONS(EventText)
public:
    static QString message(const QVariantMap &event);
    static bool knows(const QString &kind);   // message() builds the sentence itself
    static QString duration(qint64 ms);       // "850 ms", "12 s", "3 min 5 s", "2 h 4 min"

private:
    static QString howItEnded(const QVariantMap &event);
    static QString withReason(const QString &sentence, const QString &reason);
    static QString exitSentence(const QVariantMap &event);
    static QString reloadFinished(const QVariantMap &event);
    static QString configApplied(const QVariantMap &event);
};

} // namespace baton
