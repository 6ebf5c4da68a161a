// Ed25519 signatures of config files and the key files around them.
//
// Why it is shaped like this:
// - The signature is the file's last line and covers every byte before it,
//   so one atomic rename replaces file and signature together, and a watch
//   never sees one without the other. Anything after it (other than one
//   final newline) is refused: those bytes would be unsigned.
// - Parsing is strict (one exact spelling, base64 without padding tricks or
//   whitespace, exact lengths): there is one byte string that verifies.
// - Verification is crypto_sign_verify_detached, constant-time by design;
//   secret bytes live in SecretKey only and are wiped with sodium_memzero.
// - Key files are trusted only when nobody but root or our own user could
//   have written them: otherwise whoever can write the config folder could
//   plant a key next to it.
#include "baton/ConfigSignature.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace baton {

namespace {

constexpr char PublicTag[] = "baton-ed25519-public:";
constexpr char SecretTag[] = "baton-ed25519-secret:";
constexpr char Algorithm[] = "ed25519:";
constexpr qsizetype MaxKeyFileBytes = 4096;

void ensureSodium()
{
    static const int ready = sodium_init();   // thread-safe once; >= 0 when usable
    if (ready < 0)
        qFatal("libsodium cannot be initialised");
}

QByteArray toBase64(const unsigned char *data, size_t size)
{
    QByteArray out(qsizetype(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL)), '\0');
    sodium_bin2base64(out.data(), size_t(out.size()), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.chop(1);   // the terminating NUL
    return out;
}

// Exactly `size` bytes from canonical base64, or false.
bool fromBase64(const QByteArray &text, unsigned char *out, size_t size)
{
    size_t length = 0;
    const char *end = nullptr;
    if (sodium_base642bin(out, size, text.constData(), size_t(text.size()), nullptr, &length, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return length == size && end == text.constData() + text.size();
}

bool isHexId(const QByteArray &id)
{
    if (id.size() != 16)
        return false;
    for (char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

// "<tag><id>:<base64>" with at most one final newline; false when not.
bool splitKeyLine(const QByteArray &text, const char *tag, QByteArray *id, QByteArray *base64)
{
    QByteArray line = text;
    if (line.endsWith('\n'))
        line.chop(1);
    if (!line.startsWith(tag) || line.contains('\n'))
        return false;
    const QByteArray rest = line.mid(qsizetype(std::strlen(tag)));
    const qsizetype colon = rest.indexOf(':');
    if (colon < 0)
        return false;
    *id = rest.left(colon);
    *base64 = rest.mid(colon + 1);
    return isHexId(*id);
}

// Owned by root or by us, writable by nobody else.
bool trustworthy(const struct stat &st, const QString &what, QString *error)
{
    if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
        *error = QStringLiteral("%1 is owned by uid %2, not by root or batond's user").arg(what).arg(st.st_uid);
        return false;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        *error = QStringLiteral("%1 is writable by group or others (mode %2)").arg(what).arg(st.st_mode & 07777, 4, 8, QLatin1Char('0'));
        return false;
    }
    return true;
}

std::optional<QByteArray> readSmallFile(const QString &path, struct stat *st, QString *error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    QByteArray data;
    bool ok = ::fstat(fd, st) == 0 && S_ISREG(st->st_mode) && st->st_size <= MaxKeyFileBytes;
    if (ok) {
        data.resize(qsizetype(st->st_size));
        ok = ::read(fd, data.data(), size_t(data.size())) == ssize_t(data.size());
    }
    ::close(fd);
    if (!ok) {
        *error = QStringLiteral("%1 is not a regular key file of at most %2 bytes").arg(path).arg(MaxKeyFileBytes);
        return std::nullopt;
    }
    return data;
}

} // namespace

void wipe(QByteArray &data)
{
    if (!data.isEmpty())
        sodium_memzero(data.data(), size_t(data.size()));   // data() detaches: only our copy is wiped
    data.clear();
}

QString keyIdOf(const QByteArray &publicKey)
{
    ensureSodium();
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char *>(publicKey.constData()), quint64(publicKey.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(hash), 8).toHex());
}

QByteArray publicKeyText(const PublicKey &key)
{
    return PublicTag + key.id.toLatin1() + ':'
         + toBase64(reinterpret_cast<const unsigned char *>(key.bytes.constData()), size_t(key.bytes.size())) + '\n';
}

std::optional<PublicKey> parsePublicKey(const QByteArray &text, QString *error)
{
    ensureSodium();
    QByteArray id, base64;
    if (!splitKeyLine(text, PublicTag, &id, &base64)) {
        *error = QStringLiteral("not a public key: expected one line \"baton-ed25519-public:<key id>:<base64>\"");
        return std::nullopt;
    }
    unsigned char key[crypto_sign_PUBLICKEYBYTES];
    if (!fromBase64(base64, key, sizeof key)) {
        *error = QStringLiteral("public key: the base64 part is not %1 bytes of canonical base64").arg(sizeof key);
        return std::nullopt;
    }
    PublicKey out{{}, QByteArray(reinterpret_cast<const char *>(key), sizeof key)};
    out.id = keyIdOf(out.bytes);
    if (out.id != QLatin1String(id)) {
        *error = QStringLiteral("public key: key id %1 does not match the key (its id is %2)").arg(QLatin1String(id), out.id);
        return std::nullopt;
    }
    return out;
}

std::optional<PublicKey> loadPublicKeyFile(const QString &path, QString *error)
{
    struct stat st {};
    const auto text = readSmallFile(path, &st, error);
    if (!text || !trustworthy(st, QStringLiteral("key file %1").arg(path), error))
        return std::nullopt;
    const QString dir = QFileInfo(path).absolutePath();
    struct stat dst {};
    if (::stat(QFile::encodeName(dir).constData(), &dst) != 0) {
        *error = QStringLiteral("cannot inspect %1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    if (!trustworthy(dst, QStringLiteral("folder %1 of key file").arg(dir), error))
        return std::nullopt;
    QString why;
    auto key = parsePublicKey(*text, &why);
    if (!key)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return key;
}

SecretKey::SecretKey(SecretKey &&other) noexcept : m_secret(other.m_secret), m_public(std::move(other.m_public))
{
    sodium_memzero(other.m_secret.data(), other.m_secret.size());
}

SecretKey &SecretKey::operator=(SecretKey &&other) noexcept
{
    if (this != &other) {
        m_secret = other.m_secret;
        m_public = std::move(other.m_public);
        sodium_memzero(other.m_secret.data(), other.m_secret.size());
    }
    return *this;
}

SecretKey::~SecretKey()
{
    sodium_memzero(m_secret.data(), m_secret.size());
}

std::optional<SecretKey> SecretKey::fromText(QByteArray &text, QString *error)
{
    ensureSodium();
    QByteArray id, base64;
    const bool shaped = splitKeyLine(text, SecretTag, &id, &base64);
    std::optional<SecretKey> out;
    unsigned char seed[crypto_sign_SEEDBYTES];
    if (!shaped) {
        *error = QStringLiteral("not a private key: expected one line \"baton-ed25519-secret:<key id>:<base64>\"");
    } else if (!fromBase64(base64, seed, sizeof seed)) {
        *error = QStringLiteral("private key: the base64 part is not %1 bytes of canonical base64").arg(sizeof seed);
    } else {
        SecretKey key;
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        crypto_sign_seed_keypair(pk, key.m_secret.data(), seed);
        key.m_public.bytes = QByteArray(reinterpret_cast<const char *>(pk), sizeof pk);
        key.m_public.id = keyIdOf(key.m_public.bytes);
        if (key.m_public.id == QLatin1String(id))
            out = std::move(key);
        else
            *error = QStringLiteral("private key: key id %1 does not match the key").arg(QLatin1String(id));
    }
    sodium_memzero(seed, sizeof seed);
    wipe(base64);
    wipe(text);
    return out;
}

std::optional<SecretKey> SecretKey::fromFile(const QString &path, QString *error)
{
    struct stat st {};
    auto text = readSmallFile(path, &st, error);
    if (!text)
        return std::nullopt;
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        wipe(*text);
        *error = QStringLiteral("private key %1 is accessible by group or others (mode %2); chmod 600 it")
                     .arg(path).arg(st.st_mode & 07777, 4, 8, QLatin1Char('0'));
        return std::nullopt;
    }
    QString why;
    auto key = fromText(*text, &why);
    if (!key)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return key;
}

SecretKey SecretKey::generate()
{
    ensureSodium();
    SecretKey key;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(pk, key.m_secret.data());
    key.m_public.bytes = QByteArray(reinterpret_cast<const char *>(pk), sizeof pk);
    key.m_public.id = keyIdOf(key.m_public.bytes);
    return key;
}

QByteArray SecretKey::sign(const QByteArray &message) const
{
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char *>(message.constData()),
                         quint64(message.size()), m_secret.data());
    return QByteArray(reinterpret_cast<const char *>(signature), sizeof signature);
}

QByteArray SecretKey::toText() const
{
    unsigned char seed[crypto_sign_SEEDBYTES];
    crypto_sign_ed25519_sk_to_seed(seed, m_secret.data());
    QByteArray out = SecretTag + m_public.id.toLatin1() + ':' + toBase64(seed, sizeof seed) + '\n';
    sodium_memzero(seed, sizeof seed);
    return out;
}

namespace {

struct Split {
    QByteArray body;            // every byte before the signature line
    QByteArray signatureLine;   // without its newline; empty when there is none
    int lastLine = 1;           // number of the file's last line
};

Split split(const QByteArray &file)
{
    Split out;
    QByteArray text = file;
    if (text.endsWith('\n'))
        text.chop(1);
    out.lastLine = int(text.count('\n')) + 1;
    const qsizetype start = text.lastIndexOf('\n') + 1;
    if (text.mid(start).startsWith(SignaturePrefix)) {
        out.body = file.left(start);
        out.signatureLine = text.mid(start);
    } else {
        out.body = file;
    }
    return out;
}

// Line number of the last line starting with the signature prefix, or 0.
int strayedSignatureLine(const QByteArray &file)
{
    int line = 1, found = 0;
    for (qsizetype at = 0; at < file.size(); ++line) {
        if (file.mid(at, qsizetype(sizeof SignaturePrefix - 1)) == SignaturePrefix)
            found = line;
        const qsizetype next = file.indexOf('\n', at);
        if (next < 0)
            break;
        at = next + 1;
    }
    return found;
}

} // namespace

QByteArray unsignedBody(const QByteArray &file)
{
    QByteArray body = split(file).body;
    if (!body.isEmpty() && !body.endsWith('\n'))
        body += '\n';
    return body;
}

QByteArray signConfig(const QByteArray &file, const SecretKey &key)
{
    const QByteArray body = unsignedBody(file);
    const QByteArray signature = key.sign(body);
    return body + SignaturePrefix + Algorithm + key.id().toLatin1() + ':'
         + toBase64(reinterpret_cast<const unsigned char *>(signature.constData()), size_t(signature.size())) + '\n';
}

SignatureCheck verifySignature(const QByteArray &file, const QList<PublicKey> &keys)
{
    ensureSodium();
    const Split parts = split(file);
    SignatureCheck check;
    check.line = parts.lastLine;
    if (parts.signatureLine.isEmpty()) {
        if (const int stray = strayedSignatureLine(file)) {
            check.line = stray;
            check.message = QStringLiteral("the signature on line %1 is not the last line: what follows it is not signed").arg(stray);
        } else {
            check.message = QStringLiteral("the file is not signed (its last line must be \"# baton-signature: ed25519:...\")");
        }
        return check;
    }
    const QByteArray value = parts.signatureLine.mid(qsizetype(sizeof SignaturePrefix - 1));
    if (!value.startsWith(Algorithm)) {
        check.message = QStringLiteral("the signature is not \"ed25519:<key id>:<base64>\"");
        return check;
    }
    const QByteArray rest = value.mid(qsizetype(sizeof Algorithm - 1));
    const qsizetype colon = rest.indexOf(':');
    const QByteArray id = rest.left(colon);
    unsigned char signature[crypto_sign_BYTES];
    if (colon < 0 || !isHexId(id)) {
        check.message = QStringLiteral("the signature has no valid key id (16 hex digits)");
        return check;
    }
    if (!fromBase64(rest.mid(colon + 1), signature, sizeof signature)) {
        check.message = QStringLiteral("the signature is not %1 bytes of canonical base64").arg(sizeof signature);
        return check;
    }
    QStringList known;
    for (const PublicKey &key : keys) {
        known << key.id;
        if (key.id != QLatin1String(id) || key.bytes.size() != crypto_sign_PUBLICKEYBYTES)
            continue;
        if (crypto_sign_verify_detached(signature, reinterpret_cast<const unsigned char *>(parts.body.constData()),
                                        quint64(parts.body.size()),
                                        reinterpret_cast<const unsigned char *>(key.bytes.constData())) != 0) {
            check.message = QStringLiteral("the signature by key %1 does not match the file: it was changed after signing")
                                .arg(key.id);
            return check;
        }
        check.ok = true;
        check.keyId = key.id;
        return check;
    }
    check.message = QStringLiteral("signed with key %1, which is not a trusted signing key here (trusted: %2)")
                        .arg(QLatin1String(id), known.isEmpty() ? QStringLiteral("none") : known.join(QLatin1String(", ")));
    return check;
}

} // namespace baton
