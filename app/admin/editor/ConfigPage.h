#pragma once

#include "ConfigValidator.h"
#include "NoticeBar.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QAction;
class QLineEdit;
class QSplitter;

namespace baton {

class ApplyFlow;
class ConfigEditor;
class ControlClient;
class DiffPanel;
class FindBar;
class ProblemsPanel;
class RunningConfig;
struct ClientError;

// The config editor page: the editor with its find bar and problems panel
// on the left, the reload plan and the diff against the running config on
// the right. Edits are validated as you type (by batond, or locally when
// offline); Apply sends them with the version they were based on, so a
// config changed meanwhile by someone else is a conflict, never overwritten.
//
// Shortcuts (Ctrl+S apply, Ctrl+F find, Ctrl+H replace, Ctrl+Shift+S save
// as) are the page's own actions with Qt::WidgetWithChildrenShortcut: put
// applyAction() etc. in the window's menus rather than binding the same
// keys again at window level (that would make them ambiguous).
class ConfigPage final : public QWidget {
    Q_OBJECT
public:
    explicit ConfigPage(ControlClient *client, QWidget *parent = nullptr);
    ~ConfigPage() override;

    // Edits that are neither applied nor saved to a local file.
    bool isDirty() const { return m_dirty; }
    // The text differs from the running config (what Apply would change).
    bool hasChanges() const { return m_hasChanges; }
    QString baseVersion() const { return m_baseVersion; }
    QString localFilePath() const { return m_localPath; }

    // Unsaved-changes guard for closing: true when it is fine to close.
    // Asks Apply / Discard / Cancel (a modal box); "Apply" starts the apply
    // and returns false: close again once applyFinished(true) came.
    bool maybeSave();

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // Scale…: `workers = N` for the service, written into the editor's text
    // as one undoable edit (ConfigEdit); false, with the reason in the
    // notice bar, when it cannot be placed.
    bool scaleService(const QString &service, int workers);

    // What Open… and Save As… do once a file is chosen.
    bool openFile(const QString &path);
    bool saveToFile(const QString &path);

    ConfigEditor *editor() const { return m_editor; }
    FindBar *findBar() const { return m_findBar; }
    ProblemsPanel *problemsPanel() const { return m_problems; }
    DiffPanel *diffPanel() const { return m_diff; }
    NoticeBar *noticeBar() const { return m_notice; }
    ConfigValidator *validator() const { return m_validator; }
    QLineEdit *commentEdit() const { return m_comment; }
    QAction *applyAction() const { return m_applyAction; }
    QAction *revertAction() const { return m_revertAction; }
    QAction *openAction() const { return m_openAction; }
    QAction *saveAsAction() const { return m_saveAsAction; }
    QAction *findAction() const { return m_findAction; }
    QAction *replaceAction() const { return m_replaceAction; }

public Q_SLOTS:
    void applyRequested();
    void findRequested();
    void replaceRequested();
    void revertRequested();
    void openRequested();
    void saveAsRequested();

Q_SIGNALS:
    void dirtyChanged(bool dirty);
    void applyFinished(bool applied);

private:
    enum class Load { Initial, Silent, Revert, KeepEdits };
    void reapplyEdits(const QString &startedFrom);
    void applyNow();   // after applyRequested()'s checks and, where needed, the confirmation
    void onApplied(const QString &text, const QString &version);
    bool m_applyWhenValidated = false;   // Ctrl+S came before the text's validation

    void buildActions();
    void buildLayout();
    void loadRunning(Load how);
    void adoptRunning();
    void setEditorText(const QString &text);
    void onTextChanged();
    void onValidated(const ValidationResult &result);
    void onVersionAnnounced(const QString &version);
    void offerRebase(NoticeBar::Render message, const QStringList &fields = {});
    static QString changedMeanwhile(const QStringList &fields);   // a notice: someone else applied
    void updateActions();
    void updateTitles();
    void retranslate();   // on QEvent::LanguageChange
    void changeEvent(QEvent *event) override;

    QPointer<ControlClient> m_client;
    RunningConfig *m_running;
    ConfigValidator *m_validator;
    ConfigEditor *m_editor;
    FindBar *m_findBar;
    ProblemsPanel *m_problems;
    DiffPanel *m_diff;
    NoticeBar *m_notice;
    ApplyFlow *m_apply;
    QLineEdit *m_comment;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_editorSplitter = nullptr;
    QAction *m_applyAction = nullptr;
    QAction *m_revertAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_replaceAction = nullptr;

    bool m_baseKnown = false;
    QString m_baseText;        // the running config the edits are based on
    QString m_baseVersion;
    QString m_basePath;
    QString m_localPath;       // last local file opened or saved
    std::optional<QString> m_savedText;   // its content
    std::optional<ValidationResult> m_last;
    bool m_dirty = false;
    bool m_hasChanges = true;
};

} // namespace baton
