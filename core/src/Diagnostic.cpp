#include "baton/Diagnostic.h"

#include <algorithm>

namespace baton {

QString severityName(Severity severity)
{
    return severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
}

QString Diagnostic::format(const QString &fileName) const
{
    QString place = fileName;
    if (line > 0)
        place += QStringLiteral(":%1:%2").arg(line).arg(std::max(column, 1));
    return QStringLiteral("%1: %2: %3").arg(place, severityName(severity), message);
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

void sortByPlace(Diagnostics &diagnostics)
{
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
}

} // namespace baton
