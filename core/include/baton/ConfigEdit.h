#pragma once

#include <QByteArray>
#include <QString>

namespace baton {

// An edit of a config text that keeps every other byte (comments, order,
// layout). The admin app's Scale… is one: the result is an ordinary edit in
// the editor, and goes through batond's validation, the diff, the plan and
// Apply like any other (no second path that changes a running service).
struct ConfigTextEdit {
    bool ok = false;
    QByteArray text;   // when ok
    QString error;     // when not: why, for the operator (edit by hand then)
};

// `workers = N` in [service.NAME]: the value replaced where the key is
// written, else a line added right below the table's header.
ConfigTextEdit setServiceWorkers(const QByteArray &text, const QString &service, int workers);

} // namespace baton
