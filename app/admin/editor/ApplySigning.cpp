#include "ApplySigning.h"

#include "baton/ConfigSignature.h"

#include <QSettings>

namespace baton {

QString signingKeyFile()
{
    const QString fromEnvironment = qEnvironmentVariable("BATON_SIGNING_KEY");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QSettings().value(QStringLiteral("signing/private_key_file")).toString();
}

std::optional<QString> signForApply(const QString &text, QString *error)
{
    const QString path = signingKeyFile();
    if (path.isEmpty())
        return text;
    const auto key = SecretKey::fromFile(path, error);
    if (!key)
        return std::nullopt;
    return QString::fromUtf8(signConfig(text.toUtf8(), *key));
}

} // namespace baton
