#include "CheckCommand.h"

#include "baton/ConfigLoader.h"

#include <QTextStream>

namespace baton {

int runCheck(const QString &file, const QStringList &searchDirs, QTextStream &out, QTextStream &err)
{
    LoadOptions options;
    options.extraSearchDirs = searchDirs;
    const LoadResult result = loadConfigFile(file, options);
    int errors = 0, warnings = 0;
    for (const Diagnostic &d : result.diagnostics) {
        err << d.format(file) << '\n';
        (d.severity == Severity::Error ? errors : warnings) += 1;
    }
    err.flush();
    if (!result.ok()) {
        out << file << ": configuration is invalid (" << errors << (errors == 1 ? " error" : " errors");
        if (warnings)
            out << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
        out << ")\n";
        return 1;
    }
    int listeners = 0;
    for (const ServiceConfig &s : result.config->services)
        listeners += int(s.listeners.size());
    out << file << ": configuration is valid (" << result.config->services.size()
        << (result.config->services.size() == 1 ? " service, " : " services, ") << listeners
        << (listeners == 1 ? " listener" : " listeners");
    if (warnings)
        out << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
    out << ")\n";
    return 0;
}

} // namespace baton
