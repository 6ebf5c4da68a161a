#pragma once

#include "Config.h"
#include "ConfigSignature.h"
#include "Diagnostic.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace baton {

// How to treat `command[0]` that cannot be found or run. The daemon checks
// for real (Error); a client validating for a daemon on another host, or
// offline, cannot know that host's PATH (Warning); Off skips the check.
enum class CommandCheck { Error, Warning, Off };

// Which keys a signature must verify against (README "Signed configs").
// FromFile: the keys the text itself names in [daemon] signing_keys: a
//   first start and `batond --check`, where nothing is running yet.
// Trusted: LoadOptions::trustedKeys, the keys of the *running* config, so a
//   new text can never bring the key that verifies it; none = not required.
// Off: no signature checked and no key file read (clients validating a text
//   for a daemon elsewhere, re-reading a text that already runs).
enum class SignatureMode { FromFile, Trusted, Off };

// Side effects the loader would otherwise perform, injectable so that callers
// (and tests) run the one real loader with them stubbed instead of
// re-implementing any rule.
struct LoadOptions {
    QString filePath;                   // used for messages and relative paths
    CommandCheck commandCheck = CommandCheck::Error;
    QStringList extraSearchDirs;        // searched before PATH (e.g. batond's own folder)
    // Returns the resolved path, or an error message. Default: real filesystem + PATH.
    std::function<std::optional<QString>(const QString &program, QString *error)> findProgram;
    SignatureMode signatureMode = SignatureMode::FromFile;
    QList<PublicKey> trustedKeys;       // for SignatureMode::Trusted
};

struct LoadResult {
    std::optional<Config> config;       // set only when there is no error
    Diagnostics diagnostics;            // errors and warnings, sorted by place
    QList<PublicKey> signingKeys;       // the keys [daemon] signing_keys names, read (not with SignatureMode::Off)
    std::optional<SignatureCheck> signature;   // set when a signature was required

    bool signatureRefused() const { return signature && !signature->ok; }

    bool ok() const { return config.has_value(); }
};

constexpr qsizetype MaxConfigBytes = 1024 * 1024;

LoadResult loadConfig(const QByteArray &bytes, const LoadOptions &options);
// Reads the file (refusing more than MaxConfigBytes before reading it all) and loads it.
LoadResult loadConfigFile(const QString &path, LoadOptions options = {});

} // namespace baton
