// Signed configs: the signature line, key files, and the loader's rules on
// which keys verify what (README "Signed configs").
#include "baton/ConfigLoader.h"
#include "baton/ConfigSignature.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace baton;

namespace {

const QByteArray Body = "[daemon]\nbus = \"none\"\n\n[service.web]\ncommand = [\"/bin/true\"]\nworkers = 2\n[service.web.listen]\nhttp = \"127.0.0.1:18080\"\n";

SecretKey &keyA()
{
    static SecretKey key = SecretKey::generate();
    return key;
}

SecretKey &keyB()
{
    static SecretKey key = SecretKey::generate();
    return key;
}

QList<PublicKey> keysNamed(const QString &which)
{
    QList<PublicKey> out;
    if (which.contains(QLatin1Char('A')))
        out << keyA().publicKey();
    if (which.contains(QLatin1Char('B')))
        out << keyB().publicKey();
    return out;
}

bool writeFile(const QString &path, const QByteArray &data, mode_t mode)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size())
        return false;
    f.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

LoadOptions options(SignatureMode mode, const QList<PublicKey> &trusted = {})
{
    LoadOptions o;
    o.filePath = QStringLiteral("/etc/baton/baton.toml");
    o.commandCheck = CommandCheck::Off;
    o.signatureMode = mode;
    o.trustedKeys = trusted;
    return o;
}

} // namespace

class ConfigSignatureTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void verify_data();
    void verify();
    void resigningReplacesTheSignature();
    void keyFilesRoundTrip();
    void publicKeyRejectsMismatchedId();
    void secretKeyFileMustBePrivate();
    void keyFileWritableByOthersIsRefused();
    void loaderFromFileUsesTheFilesKeys();
    void loaderTrustedIgnoresTheFilesOwnKeys();
    void loaderTrustedWithoutKeysNeedsNoSignature();
    void loaderOffReadsNoKeyFile();
};

void ConfigSignatureTest::verify_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("trusted");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");

    const QByteArray signedA = signConfig(Body, keyA());
    const QByteArray signedB = signConfig(Body, keyB());
    const int sigLine = 9;   // Body has 8 lines

    QByteArray tampered = signedA;
    tampered[tampered.indexOf("workers = 2") + 10] = '3';
    QByteArray garbage = signedA.left(signedA.lastIndexOf(':') + 1) + "!!not*base64!!\n";
    QByteArray truncated = signedA;
    truncated.chop(6);
    truncated += '\n';
    QByteArray wrongAlgorithm = signedA;
    wrongAlgorithm.replace("ed25519:", "rsa:");
    QByteArray crlf = signedA;
    crlf.insert(crlf.size() - 1, '\r');

    QTest::newRow("valid") << signedA << "A" << true << sigLine << "";
    QTest::newRow("valid without final newline") << signedA.chopped(1) << "A" << true << sigLine << "";
    QTest::newRow("tampered byte") << tampered << "A" << false << sigLine << "does not match the file";
    QTest::newRow("wrong key") << signedB << "A" << false << sigLine << "not a trusted signing key";
    QTest::newRow("rotation: old key of two") << signedA << "AB" << true << sigLine << "";
    QTest::newRow("rotation: new key of two") << signedB << "AB" << true << sigLine << "";
    QTest::newRow("signature not last") << signedA + "workers = 9\n" << "A" << false << sigLine << "is not the last line";
    QTest::newRow("trailing blank line") << signedA + "\n" << "A" << false << sigLine << "is not the last line";
    QTest::newRow("trailing space") << signedA.chopped(1) + " \n" << "A" << false << sigLine << "canonical base64";
    QTest::newRow("carriage return") << crlf << "A" << false << sigLine << "canonical base64";
    QTest::newRow("no signature") << Body << "A" << false << 8 << "not signed";
    QTest::newRow("garbage base64") << garbage << "A" << false << sigLine << "canonical base64";
    QTest::newRow("truncated signature") << truncated << "A" << false << sigLine << "canonical base64";
    QTest::newRow("other algorithm") << wrongAlgorithm << "A" << false << sigLine << "ed25519";
    QTest::newRow("no trusted key") << signedA << "" << false << sigLine << "trusted: none";
}

void ConfigSignatureTest::verify()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, trusted);
    QFETCH(bool, ok);
    QFETCH(int, line);
    QFETCH(QString, message);
    const SignatureCheck check = verifySignature(file, keysNamed(trusted));
    QCOMPARE(check.ok, ok);
    QCOMPARE(check.line, line);
    if (ok) {
        QVERIFY(check.message.isEmpty());
        QVERIFY(!check.keyId.isEmpty());
    } else {
        QVERIFY2(check.message.contains(message), qPrintable(check.message));
    }
}

void ConfigSignatureTest::resigningReplacesTheSignature()
{
    const QByteArray once = signConfig(Body, keyA());
    const QByteArray twice = signConfig(once, keyB());
    QCOMPARE(twice.count(SignaturePrefix), 1);
    QCOMPARE(unsignedBody(twice), Body);
    QVERIFY(verifySignature(twice, keysNamed(QStringLiteral("B"))).ok);
    QVERIFY(!verifySignature(twice, keysNamed(QStringLiteral("A"))).ok);
    // A body without a final newline gets one before the signature line.
    QVERIFY(verifySignature(signConfig(Body.chopped(1), keyA()), keysNamed(QStringLiteral("A"))).ok);
}

void ConfigSignatureTest::keyFilesRoundTrip()
{
    QByteArray secretText = keyA().toText();
    QVERIFY(secretText.startsWith("baton-ed25519-secret:" + keyA().id().toLatin1() + ':'));
    QString error;
    auto again = SecretKey::fromText(secretText, &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(secretText.isEmpty());   // wiped
    QCOMPARE(again->publicKey(), keyA().publicKey());
    QCOMPARE(again->sign(Body), keyA().sign(Body));

    const QByteArray publicText = publicKeyText(keyA().publicKey());
    QVERIFY(publicText.startsWith("baton-ed25519-public:"));
    auto parsed = parsePublicKey(publicText, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, keyA().publicKey());
    QCOMPARE(keyA().id().size(), 16);
    QCOMPARE(keyIdOf(keyA().publicKey().bytes), keyA().id());
    QVERIFY(keyA().id() != keyB().id());
}

void ConfigSignatureTest::publicKeyRejectsMismatchedId()
{
    QByteArray text = publicKeyText(keyA().publicKey());
    text.replace(keyA().id().toLatin1(), keyB().id().toLatin1());
    QString error;
    QVERIFY(!parsePublicKey(text, &error));
    QVERIFY2(error.contains(QLatin1String("does not match")), qPrintable(error));
    QVERIFY(!parsePublicKey("baton-ed25519-public:0123456789abcdef:AAAA\n", &error));
    QVERIFY(!parsePublicKey(keyA().toText(), &error));   // a secret key is not a public one
}

void ConfigSignatureTest::secretKeyFileMustBePrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("release.key"));
    QVERIFY(writeFile(path, keyA().toText(), 0644));
    QString error;
    QVERIFY(!SecretKey::fromFile(path, &error));
    QVERIFY2(error.contains(QLatin1String("chmod 600")), qPrintable(error));
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
    auto key = SecretKey::fromFile(path, &error);
    QVERIFY2(key, qPrintable(error));
    QCOMPARE(key->id(), keyA().id());
}

void ConfigSignatureTest::keyFileWritableByOthersIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("release.pub"));
    QVERIFY(writeFile(path, publicKeyText(keyA().publicKey()), 0664));
    QString error;
    QVERIFY(!loadPublicKeyFile(path, &error));
    QVERIFY2(error.contains(QLatin1String("writable by group or others")), qPrintable(error));
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    QVERIFY2(loadPublicKeyFile(path, &error), qPrintable(error));
    // The folder counts too: whoever may write it may replace the file.
    QVERIFY(::chmod(QFile::encodeName(dir.path()).constData(), 0777) == 0);
    QVERIFY(!loadPublicKeyFile(path, &error));
    QVERIFY2(error.contains(QLatin1String("folder")), qPrintable(error));
    QVERIFY(::chmod(QFile::encodeName(dir.path()).constData(), 0700) == 0);
}

void ConfigSignatureTest::loaderFromFileUsesTheFilesKeys()
{
    QTemporaryDir dir;
    const QString pub = dir.filePath(QStringLiteral("a.pub"));
    QVERIFY(writeFile(pub, publicKeyText(keyA().publicKey()), 0644));
    const QByteArray text = QByteArray(Body).replace("bus = \"none\"\n", "bus = \"none\"\nsigning_keys = [\"" + pub.toUtf8() + "\"]\n");

    LoadResult unsignedResult = loadConfig(text, options(SignatureMode::FromFile));
    QVERIFY(!unsignedResult.ok());
    QVERIFY(unsignedResult.signatureRefused());
    QCOMPARE(unsignedResult.diagnostics.size(), 1);
    QCOMPARE(unsignedResult.diagnostics[0].line, 9);   // the last line: where the signature belongs
    QVERIFY2(unsignedResult.diagnostics[0].message.contains(QLatin1String("requires signed configurations")),
             qPrintable(unsignedResult.diagnostics[0].message));

    LoadResult signedResult = loadConfig(signConfig(text, keyA()), options(SignatureMode::FromFile));
    QVERIFY2(signedResult.ok(), qPrintable(signedResult.diagnostics.value(0).message));
    QCOMPARE(signedResult.signingKeys, keysNamed(QStringLiteral("A")));
    QCOMPARE(signedResult.config->daemon.signingKeys, QStringList{pub});

    // A key file that cannot be read is reported at its element.
    const QByteArray missing = QByteArray(text).replace("a.pub", "missing.pub");
    LoadResult broken = loadConfig(signConfig(missing, keyA()), options(SignatureMode::FromFile));
    QVERIFY(!broken.ok());
    QCOMPARE(broken.diagnostics.value(0).line, 3);
    QVERIFY2(broken.diagnostics.value(0).message.contains(QLatin1String("missing.pub")), qPrintable(broken.diagnostics.value(0).message));

    // The loader's plain rules still apply to signature-less configs.
    QVERIFY(loadConfig(Body, options(SignatureMode::FromFile)).ok());
}

void ConfigSignatureTest::loaderTrustedIgnoresTheFilesOwnKeys()
{
    QTemporaryDir dir;
    const QString pubB = dir.filePath(QStringLiteral("b.pub"));
    QVERIFY(writeFile(pubB, publicKeyText(keyB().publicKey()), 0644));
    // An attacker's text naming their own key, signed with it.
    const QByteArray text = QByteArray(Body).replace("bus = \"none\"\n", "bus = \"none\"\nsigning_keys = [\"" + pubB.toUtf8() + "\"]\n");
    LoadResult result = loadConfig(signConfig(text, keyB()), options(SignatureMode::Trusted, keysNamed(QStringLiteral("A"))));
    QVERIFY(!result.ok());
    QVERIFY(result.signatureRefused());
    QVERIFY2(result.diagnostics.value(0).message.contains(QLatin1String("not a trusted signing key")),
             qPrintable(result.diagnostics.value(0).message));
    // Rotation: the running key A signs a text that names key B; it loads and brings B.
    LoadResult rotated = loadConfig(signConfig(text, keyA()), options(SignatureMode::Trusted, keysNamed(QStringLiteral("A"))));
    QVERIFY2(rotated.ok(), qPrintable(rotated.diagnostics.value(0).message));
    QCOMPARE(rotated.signingKeys, keysNamed(QStringLiteral("B")));
    // A syntax error does not hide a bad signature.
    LoadResult both = loadConfig(Body + "[[[\n", options(SignatureMode::Trusted, keysNamed(QStringLiteral("A"))));
    QVERIFY(both.signatureRefused());
}

void ConfigSignatureTest::loaderTrustedWithoutKeysNeedsNoSignature()
{
    LoadResult result = loadConfig(Body, options(SignatureMode::Trusted));
    QVERIFY(result.ok());
    QVERIFY(!result.signature);
}

void ConfigSignatureTest::loaderOffReadsNoKeyFile()
{
    const QByteArray text = QByteArray(Body).replace("bus = \"none\"\n", "bus = \"none\"\nsigning_keys = [\"/nonexistent/a.pub\"]\n");
    LoadResult result = loadConfig(text, options(SignatureMode::Off));
    QVERIFY2(result.ok(), qPrintable(result.diagnostics.value(0).message));
    QVERIFY(result.signingKeys.isEmpty());
    QCOMPARE(result.config->daemon.signingKeys, QStringList{QStringLiteral("/nonexistent/a.pub")});
    // Not an array of paths: an error whatever the mode.
    QVERIFY(!loadConfig(QByteArray(Body).replace("bus = \"none\"\n", "bus = \"none\"\nsigning_keys = \"a.pub\"\n"),
                        options(SignatureMode::Off)).ok());
}

QTEST_GUILESS_MAIN(ConfigSignatureTest)
#include "tst_config_signature.moc"
