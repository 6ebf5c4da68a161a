#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

// baton-admin's languages: English in the source, Traditional and
// Simplified Chinese as compiled .qm files under :/i18n. The app follows
// the system locale unless the "language" setting overrides it.
namespace baton::translations {

QStringList available();                       // {"en", "zh_TW", "zh_CN"}
QString nativeName(const QString &language);   // "English", "繁體中文", "简体中文"
// The language to use: `setting` when it names one, else the best match
// for the system locale (any Traditional Chinese → zh_TW, other Chinese → zh_CN).
QString resolve(const QString &setting, const QLocale &system = QLocale::system());
// Replaces the installed translators (ours and Qt's own, when found).
bool install(const QString &language);
QString installed();

} // namespace baton::translations
