#include "baton/CommandLookup.h"

#include <QFileInfo>

namespace baton {

std::optional<QString> findProgram(const QString &program, const QDir &baseDir, const QStringList &extraDirs,
                                   QString *error)
{
    auto check = [&](const QString &path) -> std::optional<QString> {
        const QFileInfo info(path);
        if (!info.exists()) {
            if (error)
                *error = QStringLiteral("\"%1\" does not exist").arg(path);
            return std::nullopt;
        }
        if (!info.isFile() || !info.isExecutable()) {
            if (error)
                *error = QStringLiteral("\"%1\" is not an executable file").arg(path);
            return std::nullopt;
        }
        return info.absoluteFilePath();
    };

    if (program.contains(QLatin1Char('/')))
        return check(QDir::cleanPath(baseDir.absoluteFilePath(program)));

    QStringList dirs = extraDirs;
    dirs += qEnvironmentVariable("PATH", QStringLiteral("/usr/local/bin:/usr/bin:/bin")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
    for (const QString &dir : dirs) {
        const QFileInfo info(QDir(dir).filePath(program));
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
    }
    if (error)
        *error = QStringLiteral("command \"%1\" not found on PATH").arg(program);
    return std::nullopt;
}

} // namespace baton
