#include "Highlighting.h"

#include "TomlHighlighter.h"

#include <QCoreApplication>

#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#include <ksyntaxhighlighting_version.h>
#endif

namespace baton {

#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
namespace {

// One repository for the app's lifetime: loading the definitions costs a few
// ms, and every highlighter and theme refers into it.
KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository repo;
    return repo;
}

KSyntaxHighlighting::Definition tomlDefinition()
{
    return repository().definitionForName(QStringLiteral("TOML"));
}

// The editor's Base is the theme's background once set, so light or dark is
// read from the Window colour, which stays the application's.
KSyntaxHighlighting::Theme themeFor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return repository().defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                          : KSyntaxHighlighting::Repository::LightTheme);
}

} // namespace
#endif

QSyntaxHighlighter *createTomlHighlighter(QTextDocument *document, const QPalette &palette)
{
#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
    const KSyntaxHighlighting::Definition definition = tomlDefinition();
    if (definition.isValid()) {
        auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
        highlighter->setDefinition(definition);
        setHighlighterPalette(highlighter, palette);
        return highlighter;
    }
#endif
    auto *highlighter = new TomlHighlighter(document);
    highlighter->setPalette(palette);
    return highlighter;
}

QPalette setHighlighterPalette(QSyntaxHighlighter *highlighter, const QPalette &palette)
{
    if (auto *toml = qobject_cast<TomlHighlighter *>(highlighter)) {
        toml->setPalette(palette);
        return palette;
    }
#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
    if (auto *k = qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(highlighter)) {
        const KSyntaxHighlighting::Theme theme = themeFor(palette);
        QPalette shown = palette;
        const auto background = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor));
        const auto text = QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Normal));
        for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
            shown.setColor(group, QPalette::Base, background);
            if (group != QPalette::Disabled)
                shown.setColor(group, QPalette::Text, text);
        }
        if (k->theme().name() != theme.name()) {
            k->setTheme(theme);
            k->rehighlight();
        }
        return shown;
    }
#endif
    return palette;
}

bool usesKSyntaxHighlighting()
{
#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
    return tomlDefinition().isValid();
#else
    return false;
#endif
}

QString highlighterDescription()
{
#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
    if (usesKSyntaxHighlighting())
        return QStringLiteral("KDE Frameworks SyntaxHighlighting %1").arg(QString::fromLatin1(KSYNTAXHIGHLIGHTING_VERSION_STRING));
#endif
    return QCoreApplication::translate("baton::Highlighting", "built-in TOML highlighter");
}

} // namespace baton
