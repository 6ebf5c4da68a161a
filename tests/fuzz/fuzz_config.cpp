// The config loader on arbitrary bytes: encoding check, TOML prescan,
// toml++ (header-only here, assertions live) and every validation rule.
// The PATH lookup is stubbed: no filesystem side effects per input.
#include "baton/ConfigLoader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const baton::LoadOptions options = [] {
        baton::LoadOptions o;
        o.filePath = QStringLiteral("/etc/baton/baton.toml");
        o.commandCheck = baton::CommandCheck::Off;
        o.findProgram = [](const QString &program, QString *) -> std::optional<QString> { return QStringLiteral("/usr/bin/") + program; };
        return o;
    }();
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const baton::LoadResult result = baton::loadConfig(bytes, options);
    // A result is either a config or at least one error, never neither.
    if (!result.ok() && !baton::hasErrors(result.diagnostics))
        __builtin_trap();
    for (const baton::Diagnostic &d : result.diagnostics)
        (void)d.format(QStringLiteral("baton.toml"));
    return 0;
}
