#pragma once

#include "Config.h"
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

// Side effects the loader would otherwise perform, injectable so that callers
// (and tests) run the one real loader with them stubbed instead of
// re-implementing any rule.
struct LoadOptions {
    QString filePath;                   // used for messages and relative paths
    CommandCheck commandCheck = CommandCheck::Error;
    QStringList extraSearchDirs;        // searched before PATH (e.g. batond's own folder)
    // Returns the resolved path, or an error message. Default: real filesystem + PATH.
    std::function<std::optional<QString>(const QString &program, QString *error)> findProgram;
};

struct LoadResult {
    std::optional<Config> config;       // set only when there is no error
    Diagnostics diagnostics;            // errors and warnings, sorted by place

    bool ok() const { return config.has_value(); }
};

constexpr qsizetype MaxConfigBytes = 1024 * 1024;

LoadResult loadConfig(const QByteArray &bytes, const LoadOptions &options);
// Reads the file (refusing more than MaxConfigBytes before reading it all) and loads it.
LoadResult loadConfigFile(const QString &path, LoadOptions options = {});

} // namespace baton
