#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

#include <memory>

namespace baton::translations {

namespace {

std::unique_ptr<QTranslator> s_app;
std::unique_ptr<QTranslator> s_qt;
QString s_installed = QStringLiteral("en");

} // namespace

QStringList available()
{
    return {QStringLiteral("en"), QStringLiteral("zh_TW"), QStringLiteral("zh_CN")};
}

QString nativeName(const QString &language)
{
    // Each language in its own words, so anyone finds theirs.
    if (language == QLatin1String("zh_TW"))
        return QStringLiteral("繁體中文");
    if (language == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString resolve(const QString &setting, const QLocale &system)
{
    if (available().contains(setting))
        return setting;
    if (system.language() != QLocale::Chinese)
        return QStringLiteral("en");
    const bool traditional = system.script() == QLocale::TraditionalHanScript || system.territory() == QLocale::Taiwan
                             || system.territory() == QLocale::HongKong || system.territory() == QLocale::Macao;
    return traditional ? QStringLiteral("zh_TW") : QStringLiteral("zh_CN");
}

bool install(const QString &language)
{
    if (s_app)
        QCoreApplication::removeTranslator(s_app.get());
    if (s_qt)
        QCoreApplication::removeTranslator(s_qt.get());
    s_app.reset();
    s_qt.reset();
    s_installed = QStringLiteral("en");
    if (language == QLatin1String("en") || !available().contains(language))
        return language == QLatin1String("en");

    auto app = std::make_unique<QTranslator>();
    if (!app->load(QStringLiteral(":/i18n/baton_%1.qm").arg(language)))
        return false;
    QCoreApplication::installTranslator(app.get());
    s_app = std::move(app);
    s_installed = language;
    // Qt's own strings (standard buttons, dialogs), when the system has them.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        s_qt = std::move(qt);
    }
    return true;
}

QString installed()
{
    return s_installed;
}

} // namespace baton::translations
