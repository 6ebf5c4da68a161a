#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace baton {

// Signed configs (README "Signed configs"): Ed25519 through libsodium.
//
// A signed baton.toml ends with one comment line
//     # baton-signature: ed25519:<key id>:<base64 of 64 bytes>
// which signs every byte before that line. Only a final newline may follow
// it. Key files are one line each:
//     baton-ed25519-public:<key id>:<base64 of the 32-byte public key>
//     baton-ed25519-secret:<key id>:<base64 of the 32-byte seed>
// The key id is the first 8 bytes of SHA-256(public key) in hex, so it
// names a key unambiguously across rotations. libsodium stays behind this
// header: no caller needs its headers.

struct PublicKey {
    QString id;                 // 16 hex digits
    QByteArray bytes;           // 32 bytes
    bool operator==(const PublicKey &) const = default;
};

// A private key in memory; its bytes are wiped (sodium_memzero) when it goes.
// Never printed, logged or sent anywhere.
class SecretKey final {
public:
    SecretKey(SecretKey &&other) noexcept;
    SecretKey &operator=(SecretKey &&other) noexcept;
    SecretKey(const SecretKey &) = delete;
    SecretKey &operator=(const SecretKey &) = delete;
    ~SecretKey();

    // Parses a secret key line; `text` is wiped in any case.
    static std::optional<SecretKey> fromText(QByteArray &text, QString *error);
    static std::optional<SecretKey> fromFile(const QString &path, QString *error);
    static SecretKey generate();

    const QString &id() const { return m_public.id; }
    const PublicKey &publicKey() const { return m_public; }
    QByteArray sign(const QByteArray &message) const;   // 64-byte detached signature
    // The key file line. The caller wipes it (sodium_memzero via wipe()).
    QByteArray toText() const;

private:
    SecretKey() = default;
    std::array<unsigned char, 64> m_secret{};   // libsodium's seed + public key
    PublicKey m_public;
};

// Overwrites the bytes of `data` with zeros (not optimised away).
void wipe(QByteArray &data);

QString keyIdOf(const QByteArray &publicKey);
QByteArray publicKeyText(const PublicKey &key);   // the key file line, with "\n"
std::optional<PublicKey> parsePublicKey(const QByteArray &text, QString *error);
// Reads a public key file, refusing one that someone other than root or our
// own user could replace: it must be a regular file owned by root or by us,
// writable by nobody else, in a folder likewise.
std::optional<PublicKey> loadPublicKeyFile(const QString &path, QString *error);

inline constexpr char SignaturePrefix[] = "# baton-signature: ";

struct SignatureCheck {
    bool ok = false;
    int line = 0;               // of the signature line, else the file's last line
    QString keyId;              // the key that signed, when ok
    QString message;            // why not, when !ok
};

// Verifies `file` against any of `keys` (crypto_sign_verify_detached).
SignatureCheck verifySignature(const QByteArray &file, const QList<PublicKey> &keys);
// The file without its trailing signature line (when it has one), ending in "\n".
QByteArray unsignedBody(const QByteArray &file);
// `file` (an existing signature line replaced) with a new signature line.
QByteArray signConfig(const QByteArray &file, const SecretKey &key);

} // namespace baton
