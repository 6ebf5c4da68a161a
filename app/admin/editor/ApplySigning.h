#pragma once

#include <QString>

#include <optional>

namespace baton {

// Where baton-admin finds the operator's private key for signed configs
// (README "Signed configs"): $BATON_SIGNING_KEY, else the QSettings key
// "signing/private_key_file". Empty: the app applies texts as they are.
QString signingKeyFile();

// `text` signed with the configured key (an existing signature line
// replaced), or unchanged when no key is configured; std::nullopt with
// `error` set when a key is configured but cannot be used. The key is
// read for this one signature and wiped right after.
std::optional<QString> signForApply(const QString &text, QString *error);

} // namespace baton
