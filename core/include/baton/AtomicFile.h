#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace baton {

// Replaces the file at `path` with `data` so that, whatever happens (crash,
// power loss, full disk), the file holds either the complete old or the
// complete new content, never a mix:
// a temp file `.NAME.tmp-XXXXXX` in the same folder is written in full,
// fsync'ed, given the target's permissions (or `mode`; 0666 & ~umask for a new
// file), renamed over the target, and the folder is fsync'ed.
// A symlink target is followed, so the link itself survives.
// On failure the temp file is removed, the target is untouched, and `error`
// (may be null) reads like "cannot save /etc/baton/baton.toml: No space left
// on device". Once the rename has happened the call succeeds: a failing folder
// fsync only weakens durability and is logged, not reported.
bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error,
                         std::optional<uint> mode = {});

} // namespace baton
