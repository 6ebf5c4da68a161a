#include "Highlighting.h"

#include "TomlHighlighter.h"

#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace baton {

#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
namespace {

KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository repo;   // loading it costs a few ms: once per process
    return repo;
}

} // namespace
#endif

QSyntaxHighlighter *createTomlHighlighter(QTextDocument *document, const QPalette &palette)
{
#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
    const KSyntaxHighlighting::Definition definition = repository().definitionForName(QStringLiteral("TOML"));
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

void setHighlighterPalette(QSyntaxHighlighter *highlighter, const QPalette &palette)
{
    if (auto *toml = qobject_cast<TomlHighlighter *>(highlighter)) {
        toml->setPalette(palette);
        return;
    }
#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
    if (auto *k = qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(highlighter)) {
        k->setTheme(repository().themeForPalette(palette));
        k->rehighlight();
    }
#endif
}

} // namespace baton
