#pragma once

#include <QList>
#include <QString>

namespace baton {

enum class Severity { Error, Warning };

// One finding of the validator, anchored at a place in the file.
// line/column are 1-based; 0 means "the file as a whole".
struct Diagnostic {
    Severity severity = Severity::Error;
    int line = 0;
    int column = 0;
    QString keyPath;   // e.g. "service.web.workers"; empty for syntax errors
    QString message;

    // GCC style: "file:line:col: error: message", the form editors and CI parse.
    QString format(const QString &fileName) const;
    bool operator==(const Diagnostic &) const = default;
};

using Diagnostics = QList<Diagnostic>;

QString severityName(Severity severity);
bool hasErrors(const Diagnostics &diagnostics);
// Sorted by line, then column; stable for equal places.
void sortByPlace(Diagnostics &diagnostics);

} // namespace baton
