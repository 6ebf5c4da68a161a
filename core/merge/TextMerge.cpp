// The three-way merge is libgit2's git_merge_file: the diff3 algorithm git
// itself uses (the same hunks, markers and edge cases people know from
// `git merge`), in memory, no repository needed. Written by hand it would be
// a second, less tested diff3; linked here, in a library of its own
// (baton-merge), so that batond and batonctl do not load libgit2.
//
// One refinement on top: diff3 (git's and GNU's) calls changes to
// neighbouring lines a conflict, and in a config two keys of one table sit
// on neighbouring lines all the time (workers = 3 beside someone else's
// drain_timeout = "20s"). Where a conflict's three sides have the same
// number of lines, it is resolved line by line: a line only one side changed
// takes that change; only lines both changed differently stay a conflict.
#include "baton/TextMerge.h"

#include <git2.h>

#include <mutex>

namespace baton {

namespace {

void initOnce()
{
    static std::once_flag once;
    // Reference-counted global state (allocator, threads); kept for the
    // process's life: a merge happens on demand, any time.
    std::call_once(once, [] { git_libgit2_init(); });
}

git_merge_file_input input(const QByteArray &bytes)
{
    git_merge_file_input in;
    git_merge_file_input_init(&in, GIT_MERGE_FILE_INPUT_VERSION);
    in.ptr = bytes.constData();
    in.size = size_t(bytes.size());
    in.path = "baton.toml";
    in.mode = 0100644;
    return in;
}

// The diff3-style regions of git's output, resolved line by line where the
// three sides line up (see the top of the file); the rest is kept as is.
QString refineConflicts(const QString &merged, const TextMergeLabels &labels)
{
    const QStringList lines = merged.split(QLatin1Char('\n'));
    QStringList out;
    const QString open = QStringLiteral("<<<<<<< ") + labels.mine, baseMark = QStringLiteral("||||||| ") + labels.base;
    const QString split = QStringLiteral("======="), close = QStringLiteral(">>>>>>> ") + labels.theirs;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i] != open) {
            out << lines[i];
            continue;
        }
        qsizetype b = i + 1;
        while (b < lines.size() && lines[b] != baseMark)
            ++b;
        qsizetype s = b + 1;
        while (s < lines.size() && lines[s] != split)
            ++s;
        qsizetype c = s + 1;
        while (c < lines.size() && lines[c] != close)
            ++c;
        if (c >= lines.size()) {   // not a region we recognise: leave everything
            out << lines.mid(i);
            break;
        }
        const QStringList mine = lines.mid(i + 1, b - i - 1), base = lines.mid(b + 1, s - b - 1),
                          theirs = lines.mid(s + 1, c - s - 1);
        if (mine.size() != base.size() || theirs.size() != base.size()) {
            out << lines.mid(i, c - i + 1);
            i = c;
            continue;
        }
        for (qsizetype k = 0; k < base.size();) {
            if (mine[k] == base[k] || mine[k] == theirs[k]) {
                out << theirs[k++];
            } else if (theirs[k] == base[k]) {
                out << mine[k++];
            } else {   // both changed these lines differently: a conflict of just them
                qsizetype end = k;
                while (end < base.size() && mine[end] != base[end] && theirs[end] != base[end] && mine[end] != theirs[end])
                    ++end;
                out << open << mine.mid(k, end - k) << baseMark << base.mid(k, end - k) << split
                    << theirs.mid(k, end - k) << close;
                k = end;
            }
        }
        i = c;
    }
    return out.join(QLatin1Char('\n'));
}

QList<MergeConflict> findConflicts(const QString &text)
{
    QList<MergeConflict> out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    int open = 0;
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(QLatin1String("<<<<<<< ")) && !open) {
            open = i + 1;
        } else if (lines[i].startsWith(QLatin1String(">>>>>>> ")) && open) {
            out.append({open, i + 1});
            open = 0;
        }
    }
    return out;
}

} // namespace

TextMergeResult mergeTexts(const QString &base, const QString &theirs, const QString &mine, const TextMergeLabels &labels)
{
    TextMergeResult result;
    if (mine == base || mine == theirs) {   // nothing of mine to carry over, or nothing of theirs
        result.ok = true;
        result.text = theirs;
        return result;
    }
    if (theirs == base) {
        result.ok = true;
        result.text = mine;
        return result;
    }
    initOnce();
    const QByteArray b = base.toUtf8(), t = theirs.toUtf8(), m = mine.toUtf8();
    const QByteArray mineLabel = labels.mine.toUtf8(), baseLabel = labels.base.toUtf8(), theirLabel = labels.theirs.toUtf8();
    const git_merge_file_input ancestor = input(b), ours = input(m), theirsIn = input(t);
    git_merge_file_options options;
    git_merge_file_options_init(&options, GIT_MERGE_FILE_OPTIONS_VERSION);
    options.ancestor_label = baseLabel.constData();
    options.our_label = mineLabel.constData();
    options.their_label = theirLabel.constData();
    // diff3 style: the conflict shows what the line was before both edits too.
    options.flags = GIT_MERGE_FILE_STYLE_DIFF3;
    git_merge_file_result merged = {};
    if (git_merge_file(&merged, &ancestor, &ours, &theirsIn, &options) != 0) {
        const git_error *e = git_error_last();
        result.error = e && e->message ? QString::fromUtf8(e->message) : QStringLiteral("the merge failed");
        return result;
    }
    result.ok = true;
    result.text = QString::fromUtf8(merged.ptr, qsizetype(merged.len));
    const bool automerged = merged.automergeable != 0;
    git_merge_file_result_free(&merged);
    if (!automerged)
        result.text = refineConflicts(result.text, labels);
    if (!result.text.isEmpty())
        result.conflicts = findConflicts(result.text);
    return result;
}

} // namespace baton
