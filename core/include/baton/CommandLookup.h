#pragma once

#include <QDir>
#include <QString>
#include <QStringList>

#include <optional>

namespace baton {

// Resolves a command's program the way batond will exec it: a name with a
// slash is a path (relative to baseDir); a bare name is looked up in
// extraDirs, then PATH. Returns the absolute path, or nullopt and a reason.
std::optional<QString> findProgram(const QString &program, const QDir &baseDir, const QStringList &extraDirs,
                                   QString *error = nullptr);

} // namespace baton
