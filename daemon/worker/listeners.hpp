#pragma once

#include <string>
#include <vector>

namespace baton::worker {

// A listening socket handed to us by batond (or systemd) via LISTEN_FDS.
struct InheritedListener final {
    int fd = -1;
    std::string name;     // from LISTEN_FDNAMES, "unknown" when unnamed
    int family = 0;       // AF_INET, AF_INET6 or AF_UNIX
    std::string address;  // human-readable, for logs only
};

// Takes ownership of all inherited listeners. Consumes (unsets) the LISTEN_*
// variables so they do not leak into anything we might spawn. On failure
// returns an empty vector and fills `error`; an empty result with an empty
// error cannot happen.
std::vector<InheritedListener> take_inherited_listeners(std::string& error);

}  // namespace baton::worker
