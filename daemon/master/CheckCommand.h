#pragma once

#include <QString>
#include <QStringList>

class QTextStream;

namespace baton {

// `batond --check FILE` (the `nginx -t` convention): prints every diagnostic
// GCC-style on stderr and a verdict on stdout. Returns the exit code:
// 0 valid (warnings allowed), 1 invalid.
int runCheck(const QString &file, const QStringList &searchDirs, QTextStream &out, QTextStream &err);

} // namespace baton
