#pragma once

#include <QList>
#include <QString>

namespace baton {

// A three-way text merge (diff3 semantics) of the config editor: "re-apply
// my edits onto the running config" (issue 14 section 2). base is the text
// the edit started from, theirs the running text someone else applied, mine
// the editor's. Changes that do not overlap are combined; each overlapping
// one becomes a conflict region in the text, between git-style markers:
//
//   <<<<<<< my edits
//   drain_timeout = "25s"
//   ||||||| when you started editing
//   drain_timeout = "30s"
//   =======
//   drain_timeout = "20s"
//   >>>>>>> running (version 1a2b3c4d)
//
// The markers make the text invalid TOML, so a conflict cannot be applied
// before someone resolves it (validation points at the marker lines).
struct MergeConflict {
    int firstLine = 0;   // 1-based, the "<<<<<<<" line
    int lastLine = 0;    // the ">>>>>>>" line
};

struct TextMergeResult {
    bool ok = false;              // false: the merge itself failed (error says why)
    QString text;
    QList<MergeConflict> conflicts;
    QString error;
    bool clean() const { return ok && conflicts.isEmpty(); }
};

struct TextMergeLabels {
    QString mine = QStringLiteral("my edits");
    QString base = QStringLiteral("when you started editing");
    QString theirs = QStringLiteral("running");
};

TextMergeResult mergeTexts(const QString &base, const QString &theirs, const QString &mine,
                           const TextMergeLabels &labels = {});

} // namespace baton
