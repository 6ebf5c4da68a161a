// batonctl sign FILE --key PRIVATE_KEY [--output OUT]
// batonctl keygen --out PREFIX
//
// Why it is shaped like this: release pipelines sign where the private key
// lives, batond's host holds only public keys. These commands work on files
// only (no socket, no D-Bus), so they sit apart from the client commands:
// main() hands them the whole command line first. The private key is held in
// a SecretKey (wiped when done) and is never printed: only its key id is.
#include "Sign.h"

#include "JsonOutput.h"

#include "baton/AtomicFile.h"
#include "baton/ConfigLoader.h"
#include "baton/ConfigSignature.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <cstdio>

namespace baton::ctl {

namespace {

constexpr int Ok = 0, Failed = 1, Usage = 2;   // as every batonctl command (batonctl --help)

const char SignHelp[] =
    "Usage: batonctl sign FILE --key PRIVATE_KEY [--output OUT] [--json]\n\n"
    "Sign FILE (a baton.toml, or - for stdin) with PRIVATE_KEY: its last line becomes\n"
    "\"# baton-signature: ed25519:<key id>:<base64>\" over every byte before it (an\n"
    "existing signature line is replaced). Written to OUT (atomically; may be FILE\n"
    "itself) or to stdout. Offline: batond is not contacted.\n"
    "  --key PRIVATE_KEY   a baton-ed25519-secret key file (mode 0600; batonctl keygen)\n"
    "  --output OUT        where to write the signed file (default: stdout)\n";

const char KeygenHelp[] =
    "Usage: batonctl keygen --out PREFIX [--json]\n\n"
    "Make an Ed25519 key pair: PREFIX.pub (public, for [daemon] signing_keys on the\n"
    "hosts) and PREFIX.key (private, mode 0600, for batonctl sign). Existing files\n"
    "are never overwritten. Prints the key id.\n";

// --json: one document on stdout (schema baton.cli/1), messages still on stderr.
bool g_json = false;

void print(FILE *to, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), to);
    std::fflush(to);
}

int usage(const QString &command, const QString &message)
{
    print(stderr, QStringLiteral("batonctl: %1: %2\nTry 'batonctl %1 --help'.\n").arg(command, message));
    if (g_json)
        json::print(json::errorDocument(command, Usage, message));
    return Usage;
}

int failed(const QString &command, const QString &message)
{
    print(stderr, QStringLiteral("batonctl: %1: %2\n").arg(command, message));
    if (g_json)
        json::print(json::errorDocument(command, Failed, message));
    return Failed;
}

// "--name VALUE" / "--name=VALUE" options and positional arguments.
struct Parsed {
    QStringList args;
    QHash<QString, QString> options;
    bool help = false;
    QString error;
};

Parsed parseArgs(const QStringList &rest, const QStringList &valueOptions)
{
    Parsed p;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &a = rest[i];
        const QString key = a.section(QLatin1Char('='), 0, 0);
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            p.help = true;
        } else if (a == QLatin1String("--json")) {
            g_json = true;
        } else if (valueOptions.contains(key)) {
            if (a.contains(QLatin1Char('=')))
                p.options.insert(key, a.section(QLatin1Char('='), 1));
            else if (i + 1 < rest.size())
                p.options.insert(key, rest[++i]);
            else
                p.error = QStringLiteral("%1 needs a value").arg(key);
        } else if (a.startsWith(QLatin1String("--"))) {
            p.error = QStringLiteral("unknown option %1").arg(a);
        } else {
            p.args << a;
        }
    }
    return p;
}

std::optional<QByteArray> readInput(const QString &path, QString *error)
{
    QFile file;
    const bool ok = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray data = file.read(MaxConfigBytes + 1);
    if (data.size() > MaxConfigBytes) {
        *error = QStringLiteral("%1 is larger than 1 MiB, the limit of a configuration").arg(path);
        return std::nullopt;
    }
    return data;
}

int sign(const QStringList &rest)
{
    const Parsed p = parseArgs(rest, {QStringLiteral("--key"), QStringLiteral("--output")});
    if (p.help) {
        print(stdout, QString::fromLatin1(SignHelp));
        return Ok;
    }
    if (!p.error.isEmpty())
        return usage(QStringLiteral("sign"), p.error);
    if (p.args.size() != 1 || !p.options.contains(QStringLiteral("--key")))
        return usage(QStringLiteral("sign"), QStringLiteral("usage: batonctl sign FILE --key PRIVATE_KEY [--output OUT]"));
    QString why;
    const auto text = readInput(p.args[0], &why);
    if (!text)
        return failed(QStringLiteral("sign"), why);
    const auto key = SecretKey::fromFile(p.options.value(QStringLiteral("--key")), &why);
    if (!key)
        return failed(QStringLiteral("sign"), why);
    const QByteArray signedText = signConfig(*text, *key);
    const QString output = p.options.value(QStringLiteral("--output"));
    const bool toStdout = output.isEmpty() || output == QLatin1String("-");
    if (toStdout && !g_json) {
        std::fwrite(signedText.constData(), 1, size_t(signedText.size()), stdout);
        std::fflush(stdout);
    } else if (!toStdout && !writeFileAtomically(output, signedText, &why)) {
        return failed(QStringLiteral("sign"), why);
    }
    print(stderr, QStringLiteral("batonctl: signed with key %1\n").arg(key->id()));
    if (g_json) {   // the signed text goes into the document when it has no file of its own
        QVariantMap fields{{QStringLiteral("file"), p.args[0]}, {QStringLiteral("key_id"), key->id()}};
        if (toStdout)
            fields.insert(QStringLiteral("text"), QString::fromUtf8(signedText));
        else
            fields.insert(QStringLiteral("output"), output);
        json::print(json::document(QStringLiteral("sign"), true, fields));
    }
    return Ok;
}

int keygen(const QStringList &rest)
{
    const Parsed p = parseArgs(rest, {QStringLiteral("--out")});
    if (p.help) {
        print(stdout, QString::fromLatin1(KeygenHelp));
        return Ok;
    }
    if (!p.error.isEmpty())
        return usage(QStringLiteral("keygen"), p.error);
    const QString prefix = p.options.value(QStringLiteral("--out"));
    if (!p.args.isEmpty() || prefix.isEmpty())
        return usage(QStringLiteral("keygen"), QStringLiteral("usage: batonctl keygen --out PREFIX"));
    const QString publicPath = prefix + QStringLiteral(".pub"), secretPath = prefix + QStringLiteral(".key");
    for (const QString &path : {publicPath, secretPath}) {
        if (QFileInfo::exists(path))
            return failed(QStringLiteral("keygen"), QStringLiteral("%1 exists; not overwriting a key").arg(path));
    }
    const SecretKey key = SecretKey::generate();
    QByteArray secretText = key.toText();
    QString why;
    const bool written = writeFileAtomically(secretPath, secretText, &why, 0600);
    wipe(secretText);
    if (!written || !writeFileAtomically(publicPath, publicKeyText(key.publicKey()), &why, 0644))
        return failed(QStringLiteral("keygen"), why);
    if (g_json)
        json::print(json::document(QStringLiteral("keygen"), true,
                                   {{QStringLiteral("key_id"), key.id()}, {QStringLiteral("public"), publicPath}, {QStringLiteral("private"), secretPath}}));
    else
        print(stdout, QStringLiteral("%1\n").arg(key.id()));
    print(stderr, QStringLiteral("batonctl: key %1: public %2, private %3 (keep it off the hosts)\n").arg(key.id(), publicPath, secretPath));
    return Ok;
}

} // namespace

std::optional<int> runSigningCommand(const QStringList &argv)
{
    // The command is the first word that is neither an option nor the value of
    // --socket/--bus (meaningless here, accepted so aliases keep working).
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &a = argv[i];
        if (a == QLatin1String("--socket") || a == QLatin1String("--bus")) {
            ++i;
            continue;
        }
        if (a.startsWith(QLatin1Char('-')))
            continue;
        if (a == QLatin1String("sign"))
            return sign(argv.mid(i + 1));
        if (a == QLatin1String("keygen"))
            return keygen(argv.mid(i + 1));
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace baton::ctl
