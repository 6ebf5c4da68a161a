// Turns baton.toml bytes into a Config, or into every error it can find.
//
// Why it is shaped like this: there is exactly one loader. batond runs it
// for real; `batond --check`, batonctl and the admin app run the same code
// with side effects (PATH lookup) stubbed through LoadOptions, so no client
// ever re-implements a rule. toml++ stops at the first syntax error, so
// syntax errors come one at a time; everything after parsing (types, ranges,
// unknown keys, duplicates, cross-service checks) is collected in one pass.
#include "baton/ConfigLoader.h"

#include "ConfigWalker.h"
#include "TomlPrescan.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <toml++/toml.h>

namespace baton {

namespace {

// Rejects what TOML parsers report badly or not at all: NUL bytes and invalid
// UTF-8, with the exact place of the first offending byte.
std::optional<Diagnostic> checkEncoding(const QByteArray &bytes)
{
    int line = 1, column = 1;
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size;) {
        const unsigned char c = data[i];
        if (c == 0)
            return Diagnostic{Severity::Error, line, column, {}, QStringLiteral("file contains a NUL byte; configuration must be UTF-8 text")};
        int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool valid = length > 0 && i + length <= size && !(length == 2 && c < 0xC2);
        for (int k = 1; valid && k < length; ++k)
            valid = (data[i + k] & 0xC0) == 0x80;
        if (valid && length == 3) {
            const unsigned cp = ((c & 0x0F) << 12) | ((data[i + 1] & 0x3F) << 6) | (data[i + 2] & 0x3F);
            valid = cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
        } else if (valid && length == 4) {
            const unsigned cp = ((c & 0x07) << 18) | ((data[i + 1] & 0x3F) << 12) | ((data[i + 2] & 0x3F) << 6) | (data[i + 3] & 0x3F);
            valid = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!valid)
            return Diagnostic{Severity::Error, line, column, {},
                              QStringLiteral("file is not valid UTF-8 (byte 0x%1)").arg(QString::number(c, 16).toUpper().rightJustified(2, QLatin1Char('0')))};
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += length;
    }
    return std::nullopt;
}

bool isBlank(const QByteArray &bytes)
{
    for (char c : bytes) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return false;
    }
    return true;
}

// toml++'s wording is written for parser authors; say it for operators, and
// point a redefinition at the repeated key rather than at its value.
Diagnostic syntaxDiagnostic(const QByteArray &bytes, const toml::parse_error &error)
{
    const auto &begin = error.source().begin;
    Diagnostic d{Severity::Error, int(begin.line), int(begin.column), {}, {}};
    QString text = QString::fromUtf8(error.description().data(), qsizetype(error.description().size()));
    static const QRegularExpression context(QStringLiteral("^Error while parsing [^:]+: "));
    text.remove(context);
    static const QRegularExpression redefinition(QStringLiteral("^cannot redefine existing ([a-z -]+) '(.+)'$"));
    const auto match = redefinition.match(text);
    if (!match.hasMatch()) {
        d.message = QStringLiteral("syntax error: %1").arg(text);
        return d;
    }
    const QString what = match.captured(1), name = match.captured(2);
    if (what == QLatin1String("table")) {
        d.message = QStringLiteral("duplicate table [%1]: it is already defined above").arg(name);
        d.keyPath = name;
        return d;
    }
    const QString key = name.section(QLatin1Char('.'), -1);
    d.keyPath = name;
    d.message = QStringLiteral("duplicate key \"%1\": it is already defined above (each key and listener name may appear once)").arg(key);
    const QString line = QString::fromUtf8(bytes.split('\n').value(d.line - 1));
    const qsizetype at = line.lastIndexOf(key, std::max(0, d.column - 1));
    if (at >= 0)
        d.column = int(at) + 1;
    return d;
}

} // namespace

namespace {

// Everything but the signature; `walked` gets the [daemon] table even when
// the config has errors, so the signature rules know whether it asks for one.
LoadResult loadUnsigned(const QByteArray &bytes, const LoadOptions &options, DaemonConfig *walked)
{
    LoadResult result;
    auto refuse = [&](Diagnostic d) {
        result.diagnostics.append(std::move(d));
        return result;
    };

    if (bytes.size() > MaxConfigBytes)
        return refuse({Severity::Error, 1, 1, {},
                       QStringLiteral("file is %1 bytes; configuration files are limited to 1 MiB").arg(bytes.size())});
    if (isBlank(bytes))
        return refuse({Severity::Error, 1, 1, {}, QStringLiteral("file is empty; a configuration needs at least one [service.NAME] table")});
    if (auto encoding = checkEncoding(bytes))
        return refuse(*encoding);
    // Text toml++ 3.3 would mishandle (undefined behaviour, violated
    // assumptions) never reaches it; see TomlPrescan.h.
    if (auto unsafe = prescanToml(bytes))
        return refuse(*unsafe);

    toml::table root;
    try {
        const std::string path = options.filePath.toStdString();
        root = toml::parse(std::string_view(bytes.constData(), size_t(bytes.size())), path);
    } catch (const toml::parse_error &error) {
        return refuse(syntaxDiagnostic(bytes, error));
    }

    ConfigWalker walker(options);
    Config config = walker.walk(root);
    result.diagnostics = walker.takeDiagnostics();
    result.signingKeys = walker.takeSigningKeys();
    *walked = config.daemon;
    sortByPlace(result.diagnostics);
    if (!hasErrors(result.diagnostics))
        result.config = std::move(config);
    return result;
}

} // namespace

LoadResult loadConfig(const QByteArray &bytes, const LoadOptions &options)
{
    DaemonConfig walked;
    LoadResult result = loadUnsigned(bytes, options, &walked);
    QList<PublicKey> keys;
    bool required = false;
    if (options.signatureMode == SignatureMode::Trusted) {
        keys = options.trustedKeys;
        required = !keys.isEmpty();
    } else if (options.signatureMode == SignatureMode::FromFile) {
        keys = result.signingKeys;
        required = !walked.signingKeys.isEmpty();
    }
    // A text too big to load is refused anyway; anything else is checked even
    // when it does not parse, so a tampered file is always reported as such.
    if (!required || bytes.size() > MaxConfigBytes)
        return result;
    result.signature = verifySignature(bytes, keys);
    if (result.signature->ok)
        return result;
    result.diagnostics.append({Severity::Error, result.signature->line, 1, QStringLiteral("daemon.signing_keys"),
                               QStringLiteral("this host requires signed configurations ([daemon] signing_keys): %1")
                                   .arg(result.signature->message)});
    sortByPlace(result.diagnostics);
    result.config.reset();
    return result;
}

LoadResult loadConfigFile(const QString &path, LoadOptions options)
{
    const QFileInfo info(path);
    if (options.filePath.isEmpty())
        options.filePath = info.absoluteFilePath();
    LoadResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.diagnostics.append({Severity::Error, 0, 0, {}, QStringLiteral("cannot read: %1").arg(file.errorString())});
        return result;
    }
    if (file.size() > MaxConfigBytes) {
        result.diagnostics.append({Severity::Error, 1, 1, {},
                                   QStringLiteral("file is %1 bytes; configuration files are limited to 1 MiB").arg(file.size())});
        return result;
    }
    // Read one byte past the limit so a file growing under us is still refused.
    return loadConfig(file.read(MaxConfigBytes + 1), options);
}

} // namespace baton
