// Finding and opening the D-Bus module. Why it works this way:
//
// - The module sits next to batond in the build tree (bin/) and, installed,
//   in <prefix>/lib/baton, BATON_MODULE_RELDIR from batond's folder
//   (/usr/sbin/../lib/baton). Both are relative to the running binary, so an
//   upgrade in place to a binary elsewhere loads the module built with it.
// - The module's symbols resolve against batond itself (batond is linked
//   with its symbols exported; the module links nothing of ours), so there
//   is one copy of every class and of every static, and all of them are
//   resolved at open time (ResolveAllSymbolsHint): a module from another
//   build fails here, with the reason, and never later in a call.
// - Its identity (version and interface revision) must match exactly: the
//   package installs both files, but a binary copied on its own would
//   otherwise run with a module whose classes have another layout.
#include "BusTransport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

namespace baton {

namespace {

constexpr const char *ModuleName = "batond-dbus.so";

QString identity()
{
    return QStringLiteral(BATON_VERSION " " BATON_BUS_MODULE_INTERFACE);
}

QString findModule()
{
    const QString override = qEnvironmentVariable("BATON_BUS_MODULE");   // tests: a broken or foreign module
    if (!override.isEmpty())
        return override;
    const QString own = QCoreApplication::applicationDirPath();
    for (const QString &dir : {own, QDir::cleanPath(own + QStringLiteral("/" BATON_MODULE_RELDIR))}) {
        const QString path = dir + QLatin1Char('/') + QLatin1String(ModuleName);
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

} // namespace

BatonBusModuleCreate BusTransport::open(QString *error)
{
    const QString path = findModule();
    if (path.isEmpty()) {
        const QString own = QCoreApplication::applicationDirPath();
        *error = QStringLiteral("the D-Bus module %1 is neither in %2 nor in %3 (set bus = \"none\" to run without D-Bus)")
                     .arg(QLatin1String(ModuleName), own, QDir::cleanPath(own + QStringLiteral("/" BATON_MODULE_RELDIR)));
        return nullptr;
    }
    // Never unloaded: the transport's code must outlive every object and
    // queued call it made, up to exit.
    QLibrary library(path);
    library.setLoadHints(QLibrary::ResolveAllSymbolsHint);
    if (!library.load()) {
        *error = QStringLiteral("cannot load the D-Bus module: %1").arg(library.errorString());
        return nullptr;
    }
    const auto moduleIdentity = reinterpret_cast<BatonBusModuleIdentity>(library.resolve("baton_bus_module_identity"));
    const auto create = reinterpret_cast<BatonBusModuleCreate>(library.resolve("baton_bus_module_create"));
    if (!moduleIdentity || !create) {
        *error = QStringLiteral("%1 is not a Baton D-Bus module").arg(path);
        return nullptr;
    }
    if (QLatin1String(moduleIdentity()) != identity()) {
        *error = QStringLiteral("the D-Bus module %1 is from another build (%2, batond is %3)")
                     .arg(path, QLatin1String(moduleIdentity()), identity());
        return nullptr;
    }
    return create;
}

BusTransport *BusTransport::load(ControlApi &api, QObject *parent, QString *error)
{
    const BatonBusModuleCreate create = open(error);
    return create ? create(api, parent) : nullptr;
}

bool BusTransport::probe(QString *error)
{
    return open(error) != nullptr;
}

} // namespace baton
