#pragma once

#include <QString>
#include <QStringList>

namespace baton {

// The keys each table of baton.toml accepts, for unknown-key checks and
// "did you mean" suggestions. The loader and the editor's completion share it.
namespace schema {
QStringList rootKeys();
QStringList daemonKeys();
QStringList serviceKeys();
QStringList listenerKeys();
QStringList restartKeys();
} // namespace schema

// Closest candidate within a small edit distance, or an empty string.
QString suggestKey(const QString &unknown, const QStringList &candidates);

} // namespace baton
