#include "ConfigPage.h"

#include "baton/ControlProtocol.h"

#include "ApplyFlow.h"
#include "ConfigEditor.h"
#include "ControlClient.h"
#include "DiffController.h"
#include "DiffPanel.h"
#include "FindBar.h"
#include "NoticeBar.h"
#include "ProblemsPanel.h"
#include "RunningConfig.h"

#include "baton/AtomicFile.h"
#include "baton/ConfigEdit.h"
#include "baton/ConfigLoader.h"
#include "baton/ConfigSignature.h"
#include "baton/TextMerge.h"

#include <QAction>
#include <QDataStream>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QIODevice>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace baton {

namespace {

constexpr quint32 StateMagic = 0xBA70C0F1;
constexpr quint32 StateVersion = 1;

QIcon themed(const char *name, QStyle *style, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), style->standardIcon(fallback));
}

} // namespace

ConfigPage::ConfigPage(ControlClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_running(new RunningConfig(client, this)),
      m_validator(new ConfigValidator(client, this)), m_editor(new ConfigEditor(this)),
      m_findBar(new FindBar(m_editor, this)), m_problems(new ProblemsPanel(this)), m_diff(new DiffPanel(this)),
      m_notice(new NoticeBar(this)), m_apply(new ApplyFlow(client, m_notice, this)), m_comment(new QLineEdit(this))
{
    buildActions();
    buildLayout();
    m_validator->setDocument(m_editor->document());

    connect(m_editor, &QPlainTextEdit::textChanged, this, &ConfigPage::onTextChanged);
    connect(m_validator, &ConfigValidator::validated, this, &ConfigPage::onValidated);
    connect(m_problems, &ProblemsPanel::problemActivated, m_editor, &ConfigEditor::goToPosition);
    connect(m_running, &RunningConfig::versionAnnounced, this, &ConfigPage::onVersionAnnounced);
    connect(m_apply, &ApplyFlow::applyingChanged, this, &ConfigPage::updateActions);
    connect(m_apply, &ApplyFlow::applied, this, &ConfigPage::onApplied);
    connect(m_apply, &ApplyFlow::rejected, this, &ConfigPage::onValidated);
    connect(m_apply, &ApplyFlow::conflict, this, [this] {
        offerRebase([](const QStringList &) {
            return tr("Not applied: the running configuration changed since you loaded it. Nothing was written.");
        });
    });
    connect(m_apply, &ApplyFlow::finished, this, &ConfigPage::applyFinished);
    connect(client, &ControlClient::connected, this, [this] {
        updateActions();
        loadRunning(m_baseKnown ? Load::Silent : Load::Initial);
    });
    connect(client, &ControlClient::disconnected, this, [this] {
        updateActions();
        if (!m_editor->document()->isEmpty())
            m_validator->validateNow();   // the local validator takes over
    });

    retranslate();
    if (client->isConnected())
        loadRunning(Load::Initial);
}

ConfigPage::~ConfigPage() = default;

void ConfigPage::buildActions()
{
    const auto make = [this](const QString &text, const QIcon &icon, const QKeySequence &key, auto slot) {
        auto *action = new QAction(icon, text, this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    QStyle *s = style();
    m_applyAction = make(QString(), themed("dialog-ok-apply", s, QStyle::SP_DialogApplyButton),
                         QKeySequence(Qt::CTRL | Qt::Key_S), &ConfigPage::applyRequested);
    m_revertAction = make(QString(), themed("document-revert", s, QStyle::SP_BrowserReload), QKeySequence(),
                          &ConfigPage::revertRequested);
    m_openAction = make(QString(), themed("document-open", s, QStyle::SP_DialogOpenButton), QKeySequence(),
                        &ConfigPage::openRequested);
    m_saveAsAction = make(QString(), themed("document-save-as", s, QStyle::SP_DialogSaveButton),
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), &ConfigPage::saveAsRequested);
    m_findAction = make(QString(), QIcon::fromTheme(QStringLiteral("edit-find")),
                        QKeySequence(Qt::CTRL | Qt::Key_F), &ConfigPage::findRequested);
    m_replaceAction = make(QString(), QIcon::fromTheme(QStringLiteral("edit-find-replace")),
                           QKeySequence(Qt::CTRL | Qt::Key_H), &ConfigPage::replaceRequested);
}

// Every fixed text, again on QEvent::LanguageChange; the editor's text,
// its undo history and the notice shown stay as they are.
void ConfigPage::retranslate()
{
    m_applyAction->setText(tr("&Apply"));
    m_revertAction->setText(tr("&Revert"));
    m_openAction->setText(tr("&Open…"));
    m_saveAsAction->setText(tr("Save &As…"));
    m_findAction->setText(tr("&Find…"));
    m_replaceAction->setText(tr("&Replace…"));
    m_openAction->setToolTip(tr("Load a local file into the editor (Ctrl+Z undoes it)"));
    m_saveAsAction->setToolTip(tr("Save the editor's text to a local file"));
    m_diff->setPlaceholder(tr("Not connected to batond: there is no running configuration to compare with."));
    updateActions();
    updateTitles();
}

void ConfigPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void ConfigPage::buildLayout()
{
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_applyAction);
    m_comment->setPlaceholderText(tr("Comment for the history (optional)"));
    m_comment->setClearButtonEnabled(true);
    m_comment->setMaximumWidth(320);
    toolbar->addWidget(m_comment);
    toolbar->addSeparator();
    toolbar->addAction(m_revertAction);
    toolbar->addAction(m_openAction);
    toolbar->addAction(m_saveAsAction);
    toolbar->addSeparator();
    toolbar->addAction(m_findAction);
    connect(m_comment, &QLineEdit::returnPressed, this, &ConfigPage::applyRequested);

    auto *editorColumn = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorColumn);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_findBar);

    m_editorSplitter = new QSplitter(Qt::Vertical, this);
    m_editorSplitter->addWidget(editorColumn);
    m_editorSplitter->addWidget(m_problems);
    m_editorSplitter->setStretchFactor(0, 4);
    m_editorSplitter->setStretchFactor(1, 1);
    m_editorSplitter->setChildrenCollapsible(false);
    m_editorSplitter->setSizes({500, 120});

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->addWidget(m_editorSplitter);
    m_mainSplitter->addWidget(m_diff);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setSizes({400, 600});   // the diff has two panes

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(toolbar);
    layout->addWidget(m_notice);
    layout->addWidget(m_mainSplitter, 1);
}

void ConfigPage::loadRunning(Load how)
{
    if (!m_client || !m_client->isConnected())
        return;
    const QPointer<ConfigPage> self(this);
    m_running->fetch([self, how](const std::optional<ClientError> &error) {
        if (!self)
            return;
        if (error) {
            self->m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) {
                return tr("Could not read the running configuration: %1").arg(f.value(0));
            }, {error->message});
            return;
        }
        const bool wasDirty = self->m_dirty;
        if (how == Load::Silent && wasDirty && self->m_running->version() != self->m_baseVersion) {
            // Edits were made meanwhile: do not move their base without asking.
            self->offerRebase(changedMeanwhile, {shortVersion(self->m_running->version())});
            return;
        }
        // The text my edits started from: kept by this editor session, so the
        // merge never depends on what the daemon's history still holds.
        const QString startedFrom = self->m_baseText;
        self->adoptRunning();
        switch (how) {
        case Load::Initial:
        case Load::Silent:
            if (wasDirty) {   // edits made offline (or typed while the reply travelled): keep them
                self->onTextChanged();
                self->m_validator->validateNow();
                return;
            }
            self->setEditorText(self->m_baseText);
            break;
        case Load::Revert:
            self->setEditorText(self->m_baseText);
            self->m_notice->showNotice(NoticeBar::Kind::Information, [](const QStringList &f) {
                return tr("Reverted to the running configuration (version %1).").arg(f.value(0));
            }, {shortVersion(self->m_baseVersion)});
            break;
        case Load::KeepEdits:
            self->reapplyEdits(startedFrom);
            break;
        }
        self->onTextChanged();
        self->m_validator->validateNow();
    });
}

// "Re-apply my edits onto the running config": a three-way merge (base: the
// text the edits started from; theirs: the running text; mine: the editor),
// whose result goes through the normal diff, plan and Apply.
void ConfigPage::reapplyEdits(const QString &startedFrom)
{
    TextMergeLabels labels;
    labels.mine = tr("my edits");
    labels.base = tr("when you started editing");
    labels.theirs = tr("running (version %1)").arg(shortVersion(m_baseVersion));
    const TextMergeResult merged = mergeTexts(startedFrom, m_baseText, m_editor->toPlainText(), labels);
    if (!merged.ok) {
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) {
            return tr("Your edits could not be merged (%1): they are unchanged in the "
                      "editor, compared with the running configuration (version %2).").arg(f.value(0), f.value(1));
        }, {merged.error, shortVersion(m_baseVersion)});
        return;
    }
    setEditorText(merged.text);
    if (merged.conflicts.isEmpty()) {
        m_notice->showNotice(NoticeBar::Kind::Information, [](const QStringList &f) {
            return tr("Your edits were merged onto the running configuration (version %1). "
                      "Review the diff and the plan, then apply.").arg(f.value(0));
        }, {shortVersion(m_baseVersion)});
        return;
    }
    const MergeConflict first = merged.conflicts.first();
    m_editor->goToPosition(first.firstLine, 1);
    m_notice->showNotice(NoticeBar::Kind::Warning, [](const QStringList &f) {
        return tr("%n conflict(s): you and version %1 changed the same lines. In each marked region keep "
                  "what should stay and delete the marker lines; nothing can be applied before.",
                  nullptr, f.value(0).toInt()).arg(f.value(1));
    }, {QString::number(merged.conflicts.size()), shortVersion(m_baseVersion)});
}

void ConfigPage::adoptRunning()
{
    m_baseKnown = true;
    m_baseText = m_running->text();
    m_baseVersion = m_running->version();
    m_basePath = m_running->path();
    m_validator->setRunningConfig(m_baseText, m_basePath);
    updateTitles();
}

void ConfigPage::setEditorText(const QString &text)
{
    if (m_editor->toPlainText() == text)
        return;
    const QTextCursor old = m_editor->textCursor();
    const int line = old.blockNumber() + 1;
    const int column = old.positionInBlock() + 1;
    if (m_editor->document()->isEmpty()) {
        m_editor->setPlainText(text);
    } else {
        // One undoable step, so Ctrl+Z brings the previous text back.
        QTextCursor all(m_editor->document());
        all.beginEditBlock();
        all.select(QTextCursor::Document);
        all.insertText(text);
        all.endEditBlock();
    }
    QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
    if (block.isValid()) {
        QTextCursor c(block);
        c.setPosition(block.position() + std::min(column - 1, block.length() - 1));
        m_editor->setTextCursor(c);
    }
}

void ConfigPage::onTextChanged()
{
    const QString text = m_editor->toPlainText();
    m_hasChanges = !m_baseKnown || text != m_baseText;
    const bool dirty = (m_baseKnown ? m_hasChanges : !text.isEmpty()) && (!m_savedText || text != *m_savedText);
    if (dirty != m_dirty) {
        m_dirty = dirty;
        Q_EMIT dirtyChanged(dirty);
    }
    updateActions();
}

void ConfigPage::onValidated(const ValidationResult &result)
{
    m_last = result;
    if (m_applyWhenValidated && result.text == m_editor->toPlainText()) {
        m_applyWhenValidated = false;
        QTimer::singleShot(0, this, &ConfigPage::applyRequested);   // after the views below are updated
    }
    m_editor->setDiagnostics(result.diagnostics);
    m_problems->setResult(result);
    if (m_baseKnown)
        m_diff->controller()->setTexts(m_baseText, result.text);
    else
        m_diff->controller()->clear();

    if (!result.valid)
        m_diff->setPlanMessage(tr("Fix the errors to see what a reload would do."));
    else if (m_baseKnown && result.text == m_baseText)
        m_diff->setPlanMessage(tr("No changes: the editor holds the running configuration."));
    else if (result.planKnown)
        m_diff->setPlan(result.plan);
    else
        m_diff->setPlanMessage(tr("Valid. Connect to batond to see what a reload would do."));
    updateActions();
}

void ConfigPage::onVersionAnnounced(const QString &version)
{
    if (m_apply->isApplying() || version == m_baseVersion)
        return;   // our own apply is under way: its reply sets the base
    if (!m_dirty)
        loadRunning(Load::Silent);
    else
        offerRebase(changedMeanwhile, {shortVersion(version)});
}

QString ConfigPage::changedMeanwhile(const QStringList &fields)
{
    return tr("The running configuration changed (version %1) while you were editing; "
              "the diff and the plan are against an older version.").arg(fields.value(0));
}

void ConfigPage::offerRebase(NoticeBar::Render message, const QStringList &fields)
{
    m_notice->showNotice(NoticeBar::Kind::Warning, message, fields);
    m_notice->addButton([](const QStringList &) { return tr("Reload the running config and re-apply my edits"); },
                        [this] { loadRunning(Load::KeepEdits); });
}

void ConfigPage::applyRequested()
{
    if (m_apply->isApplying())
        return;
    if (!m_client || !m_client->isConnected() || !m_baseKnown) {
        m_notice->showNotice(NoticeBar::Kind::Error,
                             [](const QStringList &) { return tr("Not connected to batond: nothing can be applied."); });
        return;
    }
    const QString text = m_editor->toPlainText();
    if (m_last && m_last->text == text && !m_last->valid) {
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &) {
            return tr("Not applied: the configuration has errors. Fix them first (see Problems).");
        });
        return;
    }
    // The confirmation is decided on the plan of exactly this text.
    if (!m_last || m_last->text != text) {
        // Typed a moment ago: validate now, and decide when the plan is in.
        m_applyWhenValidated = true;
        m_validator->validateNow();
        return;
    }
    if (ApplyFlow::needsConfirmation(*m_last)) {
        m_apply->confirm(*m_last, [this, text] {
            if (m_editor->toPlainText() == text)
                applyNow();
        });
        return;
    }
    applyNow();
}

void ConfigPage::applyNow()
{
    if (m_apply->isApplying() || !m_client || !m_client->isConnected() || !m_baseKnown)
        return;
    m_apply->apply(m_editor->toPlainText(), m_baseVersion, m_comment->text().trimmed());
}

void ConfigPage::onApplied(const QString &text, const QString &version)
{
    m_running->setApplied(text, version);
    adoptRunning();
    // Signed on the way out: show the signature line that now runs.
    if (text != m_editor->toPlainText() && unsignedBody(text.toUtf8()) == unsignedBody(m_editor->toPlainText().toUtf8()))
        setEditorText(text);
    onTextChanged();
    m_comment->clear();
    m_validator->validateNow();
}

void ConfigPage::findRequested()
{
    m_findBar->showFind();
}

void ConfigPage::replaceRequested()
{
    m_findBar->showReplace();
}

void ConfigPage::revertRequested()
{
    if (!m_dirty) {
        loadRunning(Load::Revert);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Revert"),
                                tr("Discard your edits and load the running configuration?"),
                                QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setInformativeText(tr("Ctrl+Z in the editor brings them back."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Discard)
            loadRunning(Load::Revert);
    });
    box->open();
}

void ConfigPage::openRequested()
{
    auto *dialog = new QFileDialog(this, tr("Open Configuration"), QFileInfo(m_localPath.isEmpty() ? m_basePath : m_localPath).path(),
                                   tr("TOML files (*.toml);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { openFile(path); });
    dialog->open();
}

void ConfigPage::saveAsRequested()
{
    const QString suggested = !m_localPath.isEmpty() ? m_localPath
                            : !m_basePath.isEmpty() ? QFileInfo(m_basePath).fileName() : QStringLiteral("baton.toml");
    auto *dialog = new QFileDialog(this, tr("Save Configuration As"), suggested, tr("TOML files (*.toml);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("toml"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { saveToFile(path); });
    dialog->open();
}

bool ConfigPage::scaleService(const QString &service, int workers)
{
    const ConfigTextEdit edit = m_editor->document()->isEmpty()
                                    ? ConfigTextEdit{false, {}, tr("no configuration is loaded yet")}
                                    : setServiceWorkers(m_editor->toPlainText().toUtf8(), service, workers);
    if (!edit.ok) {
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) {
            return tr("Cannot scale %1 in the editor: %2").arg(f.value(0), f.value(1));
        }, {service, edit.error});
        return false;
    }
    QTextCursor all(m_editor->document());
    all.select(QTextCursor::Document);
    all.insertText(QString::fromUtf8(edit.text));   // one undo step
    m_notice->showNotice(NoticeBar::Kind::Information, [](const QStringList &f) {
        return tr("%1 set to %2 workers in the editor: the plan says what Apply will do.").arg(f.value(0), f.value(1));
    }, {service, QString::number(workers)});
    return true;
}

bool ConfigPage::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) { return tr("Cannot open %1: %2").arg(f.value(0), f.value(1)); },
                             {path, file.errorString()});
        return false;
    }
    if (file.size() > MaxConfigBytes) {
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) {
            return tr("Cannot open %1: larger than 1 MiB, batond would refuse it.").arg(f.value(0));
        }, {path});
        return false;
    }
    const QString text = QString::fromUtf8(file.readAll());
    m_localPath = QFileInfo(path).absoluteFilePath();
    m_savedText = text;
    if (!m_baseKnown)
        m_validator->setRunningConfig(QString(), m_localPath);
    setEditorText(text);
    onTextChanged();
    updateTitles();
    m_notice->showNotice(NoticeBar::Kind::Information, [](const QStringList &f) {
        return tr("Opened %1. The diff shows what Apply would change in the running configuration.").arg(f.value(0));
    }, {m_localPath});
    return true;
}

bool ConfigPage::saveToFile(const QString &path)
{
    const QString text = m_editor->toPlainText();
    QString error;
    if (!writeFileAtomically(path, text.toUtf8(), &error)) {
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) { return f.value(0); }, {error});   // core's own words
        return false;
    }
    m_localPath = QFileInfo(path).absoluteFilePath();
    m_savedText = text;
    onTextChanged();
    updateTitles();
    m_notice->showNotice(NoticeBar::Kind::Positive, [](const QStringList &f) { return tr("Saved to %1.").arg(f.value(0)); },
                         {m_localPath});
    return true;
}

bool ConfigPage::maybeSave()
{
    if (!m_dirty)
        return true;
    const bool canApply = m_applyAction->isEnabled();
    QMessageBox box(QMessageBox::Warning, tr("Unapplied Changes"),
                    tr("The configuration has changes that are neither applied nor saved."), QMessageBox::NoButton, this);
    box.setInformativeText(canApply ? tr("Apply them to the running daemon, or discard them?")
                                    : tr("batond is not connected, so they cannot be applied now. "
                                         "Discard them, or cancel and use Save As…"));
    QPushButton *apply = box.addButton(tr("Apply"), QMessageBox::AcceptRole);
    apply->setEnabled(canApply);
    box.addButton(QMessageBox::Discard);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(canApply ? apply : cancel);
    box.exec();
    if (box.clickedButton() == apply) {
        applyRequested();
        return false;
    }
    return box.buttonRole(box.clickedButton()) == QMessageBox::DestructiveRole;
}

QByteArray ConfigPage::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateMagic << StateVersion << m_mainSplitter->saveState() << m_editorSplitter->saveState()
        << qint32(m_diff->mode());
    return state;
}

bool ConfigPage::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0, version = 0;
    QByteArray main, editor;
    qint32 mode = 0;
    in >> magic >> version >> main >> editor >> mode;
    if (in.status() != QDataStream::Ok || magic != StateMagic || version != StateVersion)
        return false;
    m_mainSplitter->restoreState(main);
    m_editorSplitter->restoreState(editor);
    m_diff->setMode(mode == qint32(DiffPanel::Mode::Unified) ? DiffPanel::Mode::Unified : DiffPanel::Mode::SideBySide);
    return true;
}

void ConfigPage::updateActions()
{
    const bool connected = m_client && m_client->isConnected();
    const bool changes = m_hasChanges;
    // Known invalid: the last validation was of exactly this text.
    const bool invalid = m_last && !m_last->valid && m_last->text == m_editor->toPlainText();
    const bool applying = m_apply->isApplying();
    m_applyAction->setEnabled(connected && m_baseKnown && changes && !invalid && !applying);
    m_applyAction->setToolTip(!connected    ? tr("Not connected to batond: Apply needs the daemon")
                              : applying    ? tr("Applying…")
                              : !changes    ? tr("No changes to apply")
                              : invalid     ? tr("Fix the errors in the problems list first")
                                            : tr("Validate, write and reload the running configuration (Ctrl+S)"));
    m_revertAction->setEnabled(connected && !applying);
    m_revertAction->setToolTip(connected ? tr("Load the running configuration into the editor")
                                         : tr("Not connected to batond"));
    m_comment->setEnabled(connected);
}

void ConfigPage::updateTitles()
{
    const QString edited = m_localPath.isEmpty() ? tr("editor") : tr("editor (%1)").arg(QFileInfo(m_localPath).fileName());
    m_diff->setTitles(m_baseKnown ? tr("running, version %1").arg(shortVersion(m_baseVersion)) : QString(), edited);
}

} // namespace baton
