#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace baton::ctl::json {

// What `batonctl COMMAND --json` prints: exactly one JSON document per
// invocation, compact, on one line (`events --follow`: one per line), always
// carrying the schema and the command, so a script can check what it reads:
//
//   {"schema":"baton.cli/1","command":"status","ok":true, ...payload}
//   {"schema":"baton.cli/1","command":"apply","ok":false,
//    "error":{"kind":"failed","message":"...","code":2,"data":{...}}, ...}
//
// The payload keys per command are documented in batonctl(1), "JSON OUTPUT".
// The schema changes its number only for an incompatible change (a key
// renamed, removed or retyped); new keys may appear at any time. Every
// command, daemon-bound or offline (sign, keygen, logs, ...), builds its
// document with these functions so the envelope stays the same everywhere.
inline constexpr char Schema[] = "baton.cli/1";

// The envelope: {"schema", "command", "ok"}.
QJsonObject document(const QString &command, bool ok);
// The envelope with `fields` added (an envelope key in `fields` never wins).
QJsonObject document(const QString &command, bool ok, const QVariantMap &fields);

// The document of a failure. `exitCode` gives error.kind: 1 "failed",
// 2 "usage", 3 "unreachable", 130 "interrupted". `rpcCode` is the control
// API's error code when batond answered one (docs/control-api.md, Errors).
QJsonObject errorDocument(const QString &command, int exitCode, const QString &message,
                          std::optional<int> rpcCode = std::nullopt, const QVariantMap &data = {},
                          const QVariantMap &fields = {});

// Writes one document as one line to stdout and flushes it, so a reader of
// a pipe (`events --follow --json | jq`) sees each document at once.
void print(const QJsonObject &document);

// Whether the command line asks for JSON (before a `--`): usage errors are
// found before the command's own options are parsed, and still owe the
// caller a document.
bool requested(const QStringList &arguments);

} // namespace baton::ctl::json
