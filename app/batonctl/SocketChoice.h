#pragma once

#include <QString>

namespace baton::ctl {

// Which control socket batonctl talks to, and why. Precedence, first that is
// set (an empty value counts as unset):
//   --socket PATH  >  --config FILE  >  $BATON_SOCKET  >  $BATON_CONFIG  >  default
// Explicit options beat the environment, and within each level a socket path
// beats a config file (it is the more specific statement). A config file is
// read with core's own loader, so `[daemon] control_socket` resolves exactly
// as batond resolves it (relative to the file's folder); without the key,
// batond's default socket (baton::defaultControlSocket()) is meant.
struct SocketChoice {
    QString path;     // absolute; empty when `error` is set
    QString origin;   // "--socket", "--config", "BATON_SOCKET", "BATON_CONFIG", "default"
    QString error;    // the config file named could not be read or is invalid
};

SocketChoice chooseSocket(const QString &socketOption, const QString &configOption);

} // namespace baton::ctl
