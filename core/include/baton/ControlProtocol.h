#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <limits>
#include <optional>

namespace baton {

// Error codes shared by both transports (JSON-RPC error.code; D-Bus error
// name io.github.baton.Daemon1.Error.<Name>).
namespace ControlErrorCode {
constexpr int ParseError = -32700;
constexpr int InvalidRequest = -32600;
constexpr int MethodNotFound = -32601;
constexpr int InvalidParams = -32602;
constexpr int Internal = -32603;
constexpr int Conflict = 1;           // expected config version is not the running one
constexpr int InvalidConfig = 2;      // data.diagnostics lists why
constexpr int NotFound = 3;           // unknown service or history version
constexpr int PermissionDenied = 4;
constexpr int Unavailable = 5;        // daemon stopping
constexpr int IoError = 6;            // disk full, read-only folder: nothing written
} // namespace ControlErrorCode

} // namespace baton

namespace baton::protocol {

// The control protocol as data: every method batond answers, on both
// transports, with its parameters (types, ranges), its access class and its
// D-Bus name. The JSON-RPC server and the D-Bus adaptor validate against it,
// the command layer authorizes from it, batonctl and the app's clients name
// methods from it, and tests/control checks docs/control-api.md against it.
// Adding a method means adding a row here.

// Who may call (docs/control-api.md, "Authorization").
enum class Access {
    PublicRead,      // daemon and service state, generations, worker counts and metrics: anyone who may connect
    SensitiveRead,   // config text, env, history texts, events with messages, worker output
    Write,           // changes something
};
QString accessName(Access access);   // "public-read", "sensitive-read", "write"

enum class ParamType { String, Bool, UInt, Any };   // Any: the method checks it (e.g. "0..7 or a name")

struct Param {
    QString name;
    ParamType type = ParamType::String;
    bool required = false;
    qint64 min = 0;                                   // UInt only
    qint64 max = std::numeric_limits<qint64>::max();  // UInt only
    qint64 maxLength = 1 << 20;                       // String only: bytes of UTF-8
};

struct Method {
    QString name;          // JSON-RPC: "apply_config"
    QString dbusName;      // D-Bus: "ApplyConfig"
    Access access = Access::PublicRead;
    QList<Param> params;
    QString summary;       // one line, for docs and `batonctl --help`
    bool jsonRpc = true;   // false: D-Bus only (JSON-RPC has another way to say it)
};

const QList<Method> &methods();
const Method *findMethod(const QString &name);
QStringList methodNames();

struct ParamError {
    QString param;         // empty: the params as a whole
    QString message;       // "\"since\" must be an unsigned integer"
};

// Checks `params` (as received: JSON types are exact) against the method's
// table entry: unknown keys, missing required ones, wrong types and values
// out of range are refused, naming the param. On success returns the params
// with defaults left out, as a QVariantMap for the command layer.
std::optional<ParamError> validateParams(const Method &method, const QJsonObject &params, QVariantMap *out);

} // namespace baton::protocol
