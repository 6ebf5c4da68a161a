#pragma once

#include <QString>

namespace baton {

// Where batond keeps runtime and state files when the config does not say:
// systemd's $RUNTIME_DIRECTORY/$STATE_DIRECTORY first, then /run/baton and
// /var/lib/baton for root, else $XDG_RUNTIME_DIR/baton and $XDG_STATE_HOME/baton.
QString runtimeDir();
QString defaultControlSocket();
QString defaultStateDir();
// One lock per config file, so two masters never manage the same config.
QString lockFileFor(const QString &configPath);

} // namespace baton
