// Headless tests of the config editor parts of baton-admin (ConfigPage,
// HistoryPanel, the highlighter, the validator), with FakeClient
// (FakeControlClient.h) staging the daemon's replies. The same flow against
// a real batond is in tst_admin_gui.cpp.
#include "FakeControlClient.h"
#include "MainWindow.h"
#include "editor/ApplySigning.h"
#include "editor/ConfigEditor.h"
#include "editor/ConfigPage.h"
#include "editor/ConfigValidator.h"
#include "editor/DiffController.h"
#include "editor/DiffPane.h"
#include "editor/DiffPanel.h"
#include "editor/EditorColors.h"
#include "editor/FindBar.h"
#include "editor/Highlighting.h"
#include "editor/HistoryPanel.h"
#include "editor/NoticeBar.h"
#include "editor/ProblemsPanel.h"
#include "editor/SideBySideDiffView.h"
#include "editor/TomlHighlighter.h"
#include "editor/UnifiedDiffView.h"

#include "baton/ConfigSignature.h"

#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QTimer>
#include <QTreeView>

using namespace baton;
using namespace baton::test;

class TestEditor final : public QObject {
    Q_OBJECT

private:
    // Moves the cursor to the end of 1-based `line`.
    static void moveToEndOfLine(ConfigEditor *editor, int line)
    {
        QTextCursor c(editor->document()->findBlockByNumber(line - 1));
        c.movePosition(QTextCursor::EndOfBlock);
        editor->setTextCursor(c);
    }

    static void replaceText(ConfigEditor *editor, const QString &from, const QString &to)
    {
        QTextCursor found = editor->document()->find(from);
        QVERIFY(!found.isNull());
        found.insertText(to);
    }

    static QList<QTextEdit::ExtraSelection> underlines(const ConfigEditor *editor)
    {
        QList<QTextEdit::ExtraSelection> out;
        for (const auto &s : editor->extraSelections()) {
            if (s.format.underlineStyle() == QTextCharFormat::WaveUnderline)
                out << s;
        }
        return out;
    }

    static QString paneText(const DiffPane *pane) { return pane->toPlainText(); }

private Q_SLOTS:
    void invalidEditIsUnderlinedListedAndJumpable()
    {
        FakeClient client;
        ConfigPage page(&client);
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        QTRY_VERIFY(!page.validator()->isPending());
        QVERIFY(!page.isDirty());

        // Type a misspelt key as a new line 4.
        moveToEndOfLine(page.editor(), 3);
        QTest::keyClick(page.editor(), Qt::Key_Return);
        QTest::keyClicks(page.editor(), QStringLiteral("wrokers = 3"));
        QVERIFY(page.isDirty());
        QVERIFY(underlines(page.editor()).isEmpty());   // debounced: nothing yet

        QTRY_COMPARE(underlines(page.editor()).size(), 1);
        const QTextEdit::ExtraSelection underline = underlines(page.editor()).first();
        QCOMPARE(page.editor()->document()->findBlock(underline.cursor.selectionStart()).blockNumber(), 3);
        QCOMPARE(underline.cursor.selectedText(), QStringLiteral("wrokers"));
        QVERIFY(page.editor()->messagesOnLine(3).first().contains(QStringLiteral("wrokers")));

        QStandardItemModel *problems = page.problemsPanel()->model();
        QCOMPARE(problems->rowCount(), 1);
        QCOMPARE(problems->item(0, ProblemsPanel::PlaceColumn)->text(), QStringLiteral("baton.toml:4:1"));
        QVERIFY(problems->item(0, ProblemsPanel::MessageColumn)->text().contains(QStringLiteral("did you mean \"workers\"")));
        QVERIFY(page.problemsPanel()->summary().contains(QStringLiteral("batond")));

        // Click the problem: the cursor goes to 4:1 and the editor has focus.
        moveToEndOfLine(page.editor(), 1);
        QTreeView *view = page.problemsPanel()->view();
        const QRect rect = view->visualRect(problems->index(0, ProblemsPanel::MessageColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(page.editor()->textCursor().blockNumber(), 3);
        QCOMPARE(page.editor()->textCursor().positionInBlock(), 0);
        QTRY_VERIFY(page.editor()->hasFocus());

        // Fix it: drop the bad line, scale to 4. The diff and the plan follow.
        QTextCursor line = page.editor()->textCursor();
        line.select(QTextCursor::BlockUnderCursor);
        line.removeSelectedText();
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        QTRY_VERIFY(underlines(page.editor()).isEmpty());
        QTRY_COMPARE(page.problemsPanel()->model()->rowCount(), 0);
        DiffController *diff = page.diffPanel()->controller();
        QTRY_COMPARE(diff->diff().addedLines(), 1);
        QCOMPARE(diff->diff().removedLines(), 1);
        QCOMPARE(diff->changeCount(), 1);
        QVERIFY(paneText(page.diffPanel()->sideBySideView()->rightPane()).contains(QStringLiteral("workers = 4")));
        QVERIFY(paneText(page.diffPanel()->sideBySideView()->leftPane()).contains(QStringLiteral("workers = 2")));
        QTRY_VERIFY(page.diffPanel()->planText().contains(QStringLiteral("web: scale 2 → 4, no restart")));

        // The word-level span marks "4" only, on the right.
        const auto &rows = page.diffPanel()->sideBySideView()->rightPane()->rows();
        const auto changed = std::find_if(rows.begin(), rows.end(), [](const DiffPane::Row &r) { return r.kind == DiffPane::Kind::Added; });
        QVERIFY(changed != rows.end());
        QCOMPARE(changed->spans.size(), 1);
        QCOMPARE(changed->text.mid(changed->spans.first().start, changed->spans.first().length), QStringLiteral("4"));

        // The unified view of the same diff: one hunk header, -/+ lines.
        page.diffPanel()->setMode(DiffPanel::Mode::Unified);
        const QString unified = paneText(page.diffPanel()->unifiedView()->pane());
        QVERIFY(unified.startsWith(QStringLiteral("@@ -1,6 +1,6 @@")));
        page.diffPanel()->controller()->nextChange();
        QCOMPARE(page.diffPanel()->controller()->currentChange(), 0);

        // Apply: the fake daemon now runs the edited text; the page is clean.
        QVERIFY(page.applyAction()->isEnabled());
        page.commentEdit()->setText(QStringLiteral("more workers"));
        page.applyRequested();
        QTRY_VERIFY(!page.isDirty());
        QCOMPARE(client.running, page.editor()->toPlainText());
        QCOMPARE(client.lastParams[QStringLiteral("apply_config")].value(QStringLiteral("comment")).toString(),
                 QStringLiteral("more workers"));
        QCOMPARE(client.lastParams[QStringLiteral("apply_config")].value(QStringLiteral("expected_version")).toString(),
                 versionOf(Running));
        QCOMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Positive);
        QCOMPARE(page.baseVersion(), versionOf(client.running));
    }

    void applyRefusedWhenInvalid()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 0"));
        QTRY_COMPARE(page.problemsPanel()->model()->rowCount(), 1);
        page.applyRequested();
        QCOMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Error);
        QCOMPARE(client.count(QStringLiteral("apply_config")), 0);
    }

    void conflictOffersReloadAndKeepsEdits()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        const QString mine = page.editor()->toPlainText();
        QTRY_VERIFY(page.diffPanel()->planText().contains(QStringLiteral("scale 2 → 4")));

        // Someone else applies meanwhile (no notification reached us).
        QString theirs = Running;
        theirs.replace(QStringLiteral("127.0.0.1:18080"), QStringLiteral("127.0.0.1:18081"));
        client.running = theirs;

        page.applyRequested();
        QTRY_COMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Warning);
        QCOMPARE(page.editor()->toPlainText(), mine);
        QCOMPARE(client.running, theirs);   // nothing was overwritten
        QCOMPARE(page.noticeBar()->buttons().size(), 1);
        QPushButton *reapply = page.noticeBar()->buttons().first();
        QCOMPARE(reapply->text(), QStringLiteral("Reload the running config and re-apply my edits"));

        reapply->click();
        QTRY_COMPARE(page.baseVersion(), versionOf(theirs));
        // A three-way merge: my edit onto their text, theirs kept.
        QString merged = theirs;
        merged.replace(QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        QCOMPARE(page.editor()->toPlainText(), merged);
        QVERIFY(page.isDirty());
        QCOMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Information);
        // The new diff is against their version: only my change remains.
        QTRY_COMPARE(page.diffPanel()->controller()->oldText(), theirs);
        QCOMPARE(page.diffPanel()->controller()->diff().addedLines(), 1);

        page.applyRequested();
        QTRY_VERIFY(!page.isDirty());
        QCOMPARE(client.running, merged);
        QCOMPARE(client.lastParams[QStringLiteral("apply_config")].value(QStringLiteral("expected_version")).toString(),
                 versionOf(theirs));
    }

    // Issue 14, the reported case: their drain_timeout = "20s" must survive
    // re-applying my edits on the neighbouring line; the same key changed by
    // both becomes a marked conflict that cannot be applied as it is.
    void reapplyMergesNeighbouringLinesAndMarksConflicts()
    {
        FakeClient client;
        QString base = Running;
        base.replace(QStringLiteral("workers = 2\n"), QStringLiteral("workers = 2\ndrain_timeout = \"30s\"\n"));
        client.running = base;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), base);
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 3"));
        QString theirs = base;
        theirs.replace(QStringLiteral("\"30s\""), QStringLiteral("\"20s\""));
        client.running = theirs;
        page.applyRequested();
        QTRY_COMPARE(page.noticeBar()->buttons().size(), 1);
        page.noticeBar()->buttons().first()->click();
        QTRY_COMPARE(page.baseVersion(), versionOf(theirs));
        QString merged = theirs;
        merged.replace(QStringLiteral("workers = 2"), QStringLiteral("workers = 3"));
        QCOMPARE(page.editor()->toPlainText(), merged);
        page.applyRequested();
        QTRY_VERIFY(!page.isDirty());
        QVERIFY(client.running.contains(QStringLiteral("drain_timeout = \"20s\"")));
        QVERIFY(client.running.contains(QStringLiteral("workers = 3")));

        // Now both change drain_timeout: a conflict, marked, not appliable.
        const QString started = client.running;
        replaceText(page.editor(), QStringLiteral("\"20s\""), QStringLiteral("\"25s\""));
        QString other = started;
        other.replace(QStringLiteral("\"20s\""), QStringLiteral("\"15s\""));
        client.running = other;
        page.applyRequested();
        QTRY_COMPARE(page.noticeBar()->buttons().size(), 1);
        page.noticeBar()->buttons().first()->click();
        QTRY_COMPARE(page.baseVersion(), versionOf(other));
        const QString text = page.editor()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("<<<<<<< my edits\ndrain_timeout = \"25s\"\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("=======\ndrain_timeout = \"15s\"\n>>>>>>> running (version ")));
        QCOMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Warning);
        QVERIFY(page.noticeBar()->text().contains(QStringLiteral("1 conflict")));
        QTRY_VERIFY(page.problemsPanel()->model()->rowCount() > 0);   // the markers are not TOML
        const int applies = client.count(QStringLiteral("apply_config"));
        page.applyRequested();
        QCOMPARE(client.count(QStringLiteral("apply_config")), applies);
        QCOMPARE(client.running, other);
    }

    // Issue 14: Ctrl+S on a change that starts a new generation asks first,
    // showing the plan; a scale does not.
    void applyConfirmsWhatReplacesProcesses()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        replaceText(page.editor(), QStringLiteral("\"baton-worker\""), QStringLiteral("\"baton-worker\", \"--threads\", \"2\""));
        page.applyRequested();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = page.findChild<QMessageBox *>(QStringLiteral("applyConfirmation"))) != nullptr);
        QVERIFY2(box->informativeText().contains(QStringLiteral("new generation")), qPrintable(box->informativeText()));
        QCOMPARE(client.count(QStringLiteral("apply_config")), 0);
        box->reject();
        QTest::qWait(50);
        QCOMPARE(client.count(QStringLiteral("apply_config")), 0);   // cancelled: nothing sent

        page.applyRequested();
        QTRY_VERIFY((box = page.findChild<QMessageBox *>(QStringLiteral("applyConfirmation"))) != nullptr);
        const auto buttons = box->buttons();
        for (QAbstractButton *b : buttons) {
            if (box->buttonRole(b) == QMessageBox::AcceptRole)
                b->click();
        }
        QTRY_COMPARE(client.count(QStringLiteral("apply_config")), 1);
        QTRY_VERIFY(!page.isDirty());

        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 3"));
        page.applyRequested();
        QTRY_COMPARE(client.count(QStringLiteral("apply_config")), 2);   // a scale: no question
        QVERIFY(!page.findChild<QMessageBox *>(QStringLiteral("applyConfirmation")));
    }

    // Signed configs: with BATON_SIGNING_KEY set, what is applied carries a
    // valid signature by that key; without one, the daemon's refusal is explained.
    void applySignsWithTheConfiguredKey()
    {
        QTemporaryDir dir;
        const QString keyPath = dir.filePath(QStringLiteral("release.key"));
        const SecretKey key = SecretKey::generate();
        {
            QFile f(keyPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
            f.write(key.toText());
        }
        qputenv("BATON_SIGNING_KEY", keyPath.toLocal8Bit());
        auto unset = qScopeGuard([] { qunsetenv("BATON_SIGNING_KEY"); });
        QCOMPARE(signingKeyFile(), keyPath);

        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        QTRY_VERIFY(!page.validator()->isPending());
        page.applyRequested();
        QTRY_COMPARE(client.count(QStringLiteral("apply_config")), 1);
        const QByteArray sent = client.lastParams[QStringLiteral("apply_config")].value(QStringLiteral("text")).toString().toUtf8();
        const SignatureCheck check = verifySignature(sent, {key.publicKey()});
        QVERIFY2(check.ok, qPrintable(check.message));
        QVERIFY(sent.contains("workers = 4"));
        QTRY_VERIFY(!page.isDirty());
        QCOMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Positive);

        // An unusable key: nothing is sent.
        qputenv("BATON_SIGNING_KEY", dir.filePath(QStringLiteral("missing.key")).toLocal8Bit());
        replaceText(page.editor(), QStringLiteral("workers = 4"), QStringLiteral("workers = 3"));
        page.applyRequested();   // validated first (typed a moment ago), then refused
        QTRY_COMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Error);
        QVERIFY2(page.noticeBar()->text().contains(QStringLiteral("cannot sign")), qPrintable(page.noticeBar()->text()));
        QCOMPARE(client.count(QStringLiteral("apply_config")), 1);
    }

    void unsignedApplyRefusalIsExplained()
    {
        qunsetenv("BATON_SIGNING_KEY");
        FakeClient client;
        client.handlers[QStringLiteral("apply_config")] = [](const QVariantMap &, const FakeClient::Callback &reply) {
            reply({}, ClientError{2, QStringLiteral("this host requires signed configurations"),
                                  {{QStringLiteral("diagnostics"), QVariantList()}, {QStringLiteral("signature_required"), true}}});
        };
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        QTRY_VERIFY(!page.validator()->isPending());
        page.applyRequested();
        QTRY_COMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Error);
        QVERIFY2(page.noticeBar()->text().contains(QStringLiteral("requires signed configurations")), qPrintable(page.noticeBar()->text()));
        QVERIFY(page.noticeBar()->text().contains(QStringLiteral("BATON_SIGNING_KEY")));
        QVERIFY(page.isDirty());
    }

    void offlineFallsBackToCoreValidator()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        QTRY_VERIFY(!page.validator()->isPending());
        client.disconnectFromDaemon();
        QVERIFY(!page.applyAction()->isEnabled());
        QVERIFY(page.applyAction()->toolTip().contains(QStringLiteral("Not connected")));
        const int asked = client.count(QStringLiteral("validate"));

        QSignalSpy spy(page.validator(), &ConfigValidator::validated);
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = \"two\""));
        const auto latest = [&spy] { return spy.isEmpty() ? ValidationResult() : spy.last().first().value<ValidationResult>(); };
        QTRY_VERIFY(latest().text.contains(QStringLiteral("\"two\"")));
        QCOMPARE(client.count(QStringLiteral("validate")), asked);   // batond was not asked
        const ValidationResult result = latest();
        QVERIFY(!result.byDaemon);
        QVERIFY(!result.valid);
        QVERIFY(page.problemsPanel()->summary().contains(QStringLiteral("checked locally")));
        // The error, and the underline under the bad value.
        QStandardItemModel *problems = page.problemsPanel()->model();
        QStringList places;
        for (int row = 0; row < problems->rowCount(); ++row) {
            if (problems->item(row, ProblemsPanel::SeverityColumn)->text() == QLatin1String("error"))
                places << problems->item(row, ProblemsPanel::PlaceColumn)->text();
        }
        QCOMPARE(places, QStringList{QStringLiteral("baton.toml:3:11")});
        const auto marks = underlines(page.editor());
        QVERIFY(std::any_of(marks.begin(), marks.end(), [](const QTextEdit::ExtraSelection &s) {
            return s.cursor.selectedText() == QLatin1String("\"two\"");
        }));

        // Valid again: the plan is computed here, against the running config last read.
        replaceText(page.editor(), QStringLiteral("workers = \"two\""), QStringLiteral("workers = 4"));
        QTRY_VERIFY(page.diffPanel()->planText().contains(QStringLiteral("web: scale 2 → 4, no restart")));
        QCOMPARE(client.count(QStringLiteral("validate")), asked);
        // Command lookup is only a warning offline: an unknown program does not make it invalid.
        replaceText(page.editor(), QStringLiteral("baton-worker"), QStringLiteral("no-such-program-here"));
        QTRY_VERIFY(spy.last().first().value<ValidationResult>().text.contains(QStringLiteral("no-such-program-here")));
        const auto lookup = spy.last().first().value<ValidationResult>();
        QVERIFY(lookup.valid);
        QVERIFY(!lookup.diagnostics.isEmpty());
        QCOMPARE(lookup.diagnostics.first().severity, Severity::Warning);
    }

    void offlineFromTheStartValidatesLocally()
    {
        FakeClient client;
        client.online = false;
        ConfigPage page(&client);
        page.editor()->setPlainText(QStringLiteral("[service.web]\ncommand = \n"));
        QTRY_COMPARE(page.problemsPanel()->model()->rowCount(), 1);
        QTRY_COMPARE(page.problemsPanel()->model()->item(0, ProblemsPanel::PlaceColumn)->text(), QStringLiteral("baton.toml:2:11"));
        QCOMPARE(underlines(page.editor()).first().cursor.selectedText(), QStringLiteral("="));
        QCOMPARE(client.calls.size(), 0);
        QVERIFY(page.isDirty());

        // Connecting keeps the offline edits and compares them with the running config.
        client.connectToDaemon();
        QTRY_COMPARE(page.baseVersion(), versionOf(Running));
        QCOMPARE(page.editor()->toPlainText(), QStringLiteral("[service.web]\ncommand = \n"));
    }

    void staleValidationRepliesAreDropped()
    {
        FakeClient client;
        client.handlers[QStringLiteral("validate")] = [&client](const QVariantMap &params, const ControlClient::Callback &reply) {
            const QString text = params.value(QStringLiteral("text")).toString();
            const QVariantMap out{{QStringLiteral("valid"), true}, {QStringLiteral("diagnostics"), QVariantList()},
                                  {QStringLiteral("plan"), QStringList{text}}};
            // The first request is slow: its reply arrives after the second's.
            QTimer::singleShot(text == QLatin1String("slow") ? 200 : 0, &client, [reply, out] { reply(out, std::nullopt); });
        };
        ConfigValidator validator(&client);
        QSignalSpy spy(&validator, &ConfigValidator::validated);
        validator.validateText(QStringLiteral("slow"));
        validator.validateText(QStringLiteral("fast"));
        QTRY_COMPARE(spy.size(), 1);
        QTest::qWait(300);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().first().value<ValidationResult>().text, QStringLiteral("fast"));
    }

    void runningConfigChangedElsewhere()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        const auto announce = [&client] {
            Q_EMIT client.servicesChanged({{QStringLiteral("daemon"),
                                            QVariantMap{{QStringLiteral("config_version"), versionOf(client.running)}}}});
        };

        // Clean editor: refreshed silently.
        QString second = Running;
        second.replace(QStringLiteral("workers = 2"), QStringLiteral("workers = 3"));
        client.running = second;
        announce();
        QTRY_COMPARE(page.editor()->toPlainText(), second);
        QVERIFY(!page.isDirty());
        QVERIFY(page.noticeBar()->isHidden());

        // Dirty editor: kept, with a non-modal notice.
        replaceText(page.editor(), QStringLiteral("18080"), QStringLiteral("18082"));
        const QString mine = page.editor()->toPlainText();
        QString third = second;
        third.replace(QStringLiteral("workers = 3"), QStringLiteral("workers = 5"));
        client.running = third;
        announce();
        QTRY_VERIFY(!page.noticeBar()->isHidden());
        QCOMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Warning);
        QVERIFY(page.noticeBar()->text().contains(QStringLiteral("changed")));
        QCOMPARE(page.editor()->toPlainText(), mine);
        QCOMPARE(page.baseVersion(), versionOf(second));
    }

    void highlighterGivesKeysStringsAndCommentsTheirOwnFormats()
    {
        QTextDocument doc(QStringLiteral("key = \"value\" # note\nt = \"10s\"\nm = \"\"\"\nstill = string\n\"\"\"\nn = [\n  1,\n  true,\n]\n[service.web]\n"));
        TomlHighlighter highlighter(&doc);
        highlighter.rehighlight();
        const auto formatAt = [&doc](int blockNumber, int column) {
            const QTextBlock block = doc.findBlockByNumber(blockNumber);
            for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
                if (column >= r.start && column < r.start + r.length)
                    return r.format;
            }
            return QTextCharFormat();
        };
        const QTextCharFormat key = formatAt(0, 0), string = formatAt(0, 7), comment = formatAt(0, 16);
        QCOMPARE(key, highlighter.format(TomlHighlighter::Token::Key));
        QCOMPARE(string, highlighter.format(TomlHighlighter::Token::String));
        QCOMPARE(comment, highlighter.format(TomlHighlighter::Token::Comment));
        QVERIFY(key.foreground() != string.foreground());
        QVERIFY(key.foreground() != comment.foreground());
        QVERIFY(string.foreground() != comment.foreground());
        QVERIFY(comment.fontItalic());
        QCOMPARE(formatAt(1, 5), highlighter.format(TomlHighlighter::Token::Duration));
        // Multi-line string: the middle line is string, not "key = value".
        QCOMPARE(formatAt(3, 0), highlighter.format(TomlHighlighter::Token::String));
        // Inside a multi-line array: values, not keys.
        QCOMPARE(formatAt(6, 2), highlighter.format(TomlHighlighter::Token::Number));
        QCOMPARE(formatAt(7, 2), highlighter.format(TomlHighlighter::Token::Boolean));
        QCOMPARE(formatAt(9, 1), highlighter.format(TomlHighlighter::Token::Table));

        // Dark palette: colours change, and stay distinct.
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(220, 220, 220));
        highlighter.setPalette(dark);
        QVERIFY(highlighter.format(TomlHighlighter::Token::Key).foreground() != key.foreground());
        QVERIFY(highlighter.format(TomlHighlighter::Token::Key).foreground().color().lightness() > 128);
    }

    // The highlighter this build really uses in the editor (KF6
    // SyntaxHighlighting where configure found it, Debian 13; else the
    // built-in one, Debian 12): formats at known positions, light and dark.
    void editorHighlightsWithTheBuiltHighlighter()
    {
#ifdef BATON_HAVE_KSYNTAXHIGHLIGHTING
        QVERIFY2(usesKSyntaxHighlighting(), "built with KF6 SyntaxHighlighting, but its TOML definition is missing");
#else
        QVERIFY(!usesKSyntaxHighlighting());
#endif
        QPalette light;
        light.setColor(QPalette::Window, QColor(239, 239, 239));
        light.setColor(QPalette::Base, QColor(255, 255, 255));
        light.setColor(QPalette::Text, QColor(20, 20, 20));
        ConfigEditor editor;
        editor.setPalette(light);
        editor.setPlainText(QStringLiteral("[service.web]\nkey = \"value\" # note\nworkers = 2\nwatch = true\n"));
        editor.highlighter()->rehighlight();
        QCOMPARE(qobject_cast<TomlHighlighter *>(editor.highlighter()) == nullptr, usesKSyntaxHighlighting());

        const auto formatAt = [&editor](int blockNumber, int column) {
            const QTextBlock block = editor.document()->findBlockByNumber(blockNumber);
            for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
                if (column >= r.start && column < r.start + r.length)
                    return r.format;
            }
            return QTextCharFormat();
        };
        const auto colourAt = [&](int blockNumber, int column) {
            const QTextCharFormat f = formatAt(blockNumber, column);
            return f.hasProperty(QTextFormat::ForegroundBrush) ? f.foreground().color()
                                                                : editor.palette().color(QPalette::Text);
        };
        const QColor table = colourAt(0, 1), key = colourAt(1, 0), string = colourAt(1, 7), comment = colourAt(1, 16);
        const QColor number = colourAt(2, 10), boolean = colourAt(3, 9);
        QVERIFY(formatAt(1, 7).hasProperty(QTextFormat::ForegroundBrush));   // the string is highlighted
        QVERIFY(formatAt(1, 16).hasProperty(QTextFormat::ForegroundBrush));  // and the comment
        QVERIFY(key != string);
        QVERIFY(string != comment);
        QVERIFY(key != comment);
        QVERIFY(table != string);
        QVERIFY(number != string);
        QVERIFY(boolean != string);
        QCOMPARE(colourAt(1, 2), key);      // the whole key, not just its first letter
        QCOMPARE(colourAt(1, 11), string);  // the whole string
        QVERIFY(!editorColors::isDark(editor.palette()));

        // Dark palette: a dark background (with KF6, the dark theme's own,
        // copied into Base) and other, still distinct, colours.
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(40, 40, 40));
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(220, 220, 220));
        editor.setPalette(dark);
        editor.highlighter()->rehighlight();
        QVERIFY(editorColors::isDark(editor.palette()));
        QVERIFY(colourAt(1, 7) != string);
        QVERIFY(colourAt(1, 7) != colourAt(1, 0));
        QVERIFY(colourAt(1, 7).lightness() > editor.palette().color(QPalette::Base).lightness());
        if (usesKSyntaxHighlighting())
            QVERIFY(editor.palette().color(QPalette::Base) != dark.color(QPalette::Base));   // the theme's background
        else
            QCOMPARE(editor.palette().color(QPalette::Base), dark.color(QPalette::Base));

        // Help > About names it.
        QVERIFY(MainWindow::aboutText().contains(highlighterDescription()));
        QCOMPARE(highlighterDescription().contains(QStringLiteral("SyntaxHighlighting")), usesKSyntaxHighlighting());
    }

    void findAndReplace()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        page.replaceRequested();
        FindBar *bar = page.findBar();
        QVERIFY(bar->isVisible() || !page.isVisible());
        bar->setSearchText(QStringLiteral("WEB"));
        QCOMPARE(bar->matchCount(), 2);
        bar->setMatchCase(true);
        QCOMPARE(bar->matchCount(), 0);
        bar->setMatchCase(false);
        bar->findNext();
        QCOMPARE(page.editor()->textCursor().selectedText(), QStringLiteral("web"));
        bar->setReplaceText(QStringLiteral("api"));
        QCOMPARE(bar->replaceAll(), 2);
        QVERIFY(page.editor()->toPlainText().contains(QStringLiteral("[service.api.listen]")));
        page.editor()->undo();   // one step
        QCOMPARE(page.editor()->toPlainText(), Running);
    }

    void shortcutsWorkFromTheEditor()
    {
        FakeClient client;
        ConfigPage page(&client);
        page.resize(1000, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        page.editor()->setFocus();
        QTest::keyClick(page.editor(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(page.findBar()->isVisible());
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("workers"));
        QCOMPARE(page.findBar()->searchText(), QStringLiteral("workers"));
        QCOMPARE(page.editor()->textCursor().selectedText(), QStringLiteral("workers"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QVERIFY(!page.findBar()->isVisible());
        QVERIFY(page.editor()->hasFocus());

        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 3"));
        QTRY_VERIFY(page.applyAction()->isEnabled());
        QTest::keyClick(page.editor(), Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY(!page.isDirty());
        QCOMPARE(client.count(QStringLiteral("apply_config")), 1);

        // Hovering an underlined token shows its message.
        replaceText(page.editor(), QStringLiteral("workers = 3"), QStringLiteral("workers = 0"));
        QTRY_VERIFY(!underlines(page.editor()).isEmpty());
        const QTextCursor mark = underlines(page.editor()).first().cursor;
        QVERIFY(!page.editor()->messagesAt(mark.selectionStart() + 1).isEmpty());
        QVERIFY(page.editor()->messagesAt(0).isEmpty());
    }

    void saveAsWritesAtomicallyAndReportsErrors()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        QVERIFY(page.isDirty());

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mine.toml"));
        QVERIFY(page.saveToFile(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), page.editor()->toPlainText());
        QVERIFY(!page.isDirty());      // saved locally
        QVERIFY(page.hasChanges());    // but not applied

        QVERIFY(!page.saveToFile(dir.filePath(QStringLiteral("missing/folder/x.toml"))));
        QCOMPARE(page.noticeBar()->kind(), NoticeBar::Kind::Error);
        QVERIFY(page.noticeBar()->text().contains(QStringLiteral("x.toml")));

        // Open puts a local file's text in the editor.
        QFile other(dir.filePath(QStringLiteral("other.toml")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("[service.other]\ncommand = [\"x\"]\n");
        other.close();
        QVERIFY(page.openFile(other.fileName()));
        QVERIFY(page.editor()->toPlainText().startsWith(QStringLiteral("[service.other]")));
    }

    void maybeSaveDiscardAndCancel()
    {
        FakeClient client;
        ConfigPage page(&client);
        QTRY_COMPARE(page.editor()->toPlainText(), Running);
        QVERIFY(page.maybeSave());   // clean
        replaceText(page.editor(), QStringLiteral("workers = 2"), QStringLiteral("workers = 4"));
        const auto answer = [](QMessageBox::StandardButton which) {
            QTimer::singleShot(0, [which] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                box->button(which)->click();
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!page.maybeSave());
        answer(QMessageBox::Discard);
        QVERIFY(page.maybeSave());
    }

    void stateRoundTrip()
    {
        FakeClient client;
        ConfigPage page(&client);
        page.diffPanel()->setMode(DiffPanel::Mode::Unified);
        const QByteArray state = page.saveState();
        ConfigPage other(&client);
        QVERIFY(other.restoreState(state));
        QCOMPARE(other.diffPanel()->mode(), DiffPanel::Mode::Unified);
        QVERIFY(!other.restoreState(QByteArray("garbage")));
    }

    void historyShowsDiffAndRollsBackAfterConfirmation()
    {
        FakeClient client;
        QString older = Running;
        older.replace(QStringLiteral("workers = 2"), QStringLiteral("workers = 1"));
        // The flags stay as they are after the rollback (no #3 listed): what
        // counts as running is the text that serves, by its hash.
        client.handlers[QStringLiteral("history")] = [older](const QVariantMap &, const ControlClient::Callback &reply) {
            reply({{QStringLiteral("versions"),
                    QVariantList{QVariantMap{{QStringLiteral("id"), 2}, {QStringLiteral("time"), QStringLiteral("2024-05-01T10:00:00.000Z")},
                                             {QStringLiteral("author"), QStringLiteral("alice")}, {QStringLiteral("comment"), QStringLiteral("two workers")},
                                             {QStringLiteral("current"), true}, {QStringLiteral("hash"), versionOf(Running)}},
                                 QVariantMap{{QStringLiteral("id"), 1}, {QStringLiteral("time"), QStringLiteral("2024-04-01T09:00:00.000Z")},
                                             {QStringLiteral("author"), QStringLiteral("bob")}, {QStringLiteral("comment"), QStringLiteral("first")},
                                             {QStringLiteral("current"), false}, {QStringLiteral("hash"), versionOf(older)}}}}},
                  std::nullopt);
        };
        client.handlers[QStringLiteral("get_version")] = [older](const QVariantMap &params, const ControlClient::Callback &reply) {
            reply({{QStringLiteral("id"), params.value(QStringLiteral("id"))},
                   {QStringLiteral("text"), params.value(QStringLiteral("id")).toInt() == 1 ? older : Running}},
                  std::nullopt);
        };
        client.handlers[QStringLiteral("rollback")] = [&client, older](const QVariantMap &, const ControlClient::Callback &reply) {
            client.running = older;
            reply({{QStringLiteral("ok"), true}, {QStringLiteral("version"), versionOf(older)}, {QStringLiteral("history_id"), 3},
                   {QStringLiteral("outcome"), QStringLiteral("reloaded")}, {QStringLiteral("rolled_back"), QStringList()}},
                  std::nullopt);
        };

        HistoryPanel panel(&client);
        panel.resize(900, 600);
        panel.show();
        QTRY_COMPARE(panel.model()->rowCount(), 2);
        QCOMPARE(panel.model()->item(0, HistoryPanel::VersionColumn)->text(), QStringLiteral("#2 (running)"));
        QCOMPARE(panel.model()->item(1, HistoryPanel::AuthorColumn)->text(), QStringLiteral("bob"));

        panel.selectId(2);
        QVERIFY(!panel.rollbackButton()->isEnabled());   // already running
        panel.selectId(1);
        QTRY_COMPARE(panel.diffPanel()->controller()->newText(), older);
        QCOMPARE(panel.diffPanel()->controller()->oldText(), Running);
        QTRY_VERIFY(panel.diffPanel()->planText().contains(QStringLiteral("web: scale 2 → 1, no restart")));
        QVERIFY(panel.rollbackButton()->isEnabled());

        // Cancel first: nothing happens.
        panel.rollbackButton()->click();
        auto *box = panel.findChild<QMessageBox *>(QStringLiteral("rollbackConfirmation"));
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(QStringLiteral("scale 2 → 1")));
        box->button(QMessageBox::Cancel)->click();
        QTest::qWait(20);
        QCOMPARE(client.count(QStringLiteral("rollback")), 0);

        QSignalSpy finished(&panel, &HistoryPanel::rollbackFinished);
        panel.rollbackButton()->click();
        box = nullptr;
        QTRY_VERIFY((box = panel.findChild<QMessageBox *>(QStringLiteral("rollbackConfirmation"))) && box->isVisible());
        const auto buttons = box->buttons();
        const auto confirm = std::find_if(buttons.begin(), buttons.end(), [box](QAbstractButton *b) {
            return box->buttonRole(b) == QMessageBox::AcceptRole;
        });
        QVERIFY(confirm != buttons.end());
        (*confirm)->click();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(client.lastParams[QStringLiteral("rollback")].value(QStringLiteral("id")).toInt(), 1);
        QCOMPARE(panel.noticeBar()->kind(), NoticeBar::Kind::Positive);
        // #1's text is what serves now: no Roll Back to it.
        panel.selectId(1);
        QTRY_VERIFY(!panel.rollbackButton()->isEnabled());
    }
};

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
