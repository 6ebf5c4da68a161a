#pragma once

#include "ConfigValidator.h"

#include <QPointer>
#include <QWidget>

class QPushButton;
class QSplitter;
class QStandardItemModel;
class QTreeView;

namespace baton {

class ControlClient;
class DiffPanel;
class NoticeBar;
class RunningConfig;
struct ClientError;

// The applied versions (`history`), newest first, with author, time and
// comment; the running one is marked. Selecting a version shows what
// rolling back to it would change (its diff against the running config
// and the reload plan); "Roll back to this version" asks first.
class HistoryPanel final : public QWidget {
    Q_OBJECT
public:
    enum Column { VersionColumn, TimeColumn, AuthorColumn, CommentColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, CurrentRole, HashRole };

    explicit HistoryPanel(ControlClient *client, QWidget *parent = nullptr);

    QStandardItemModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    DiffPanel *diffPanel() const { return m_diff; }
    NoticeBar *noticeBar() const { return m_notice; }
    QPushButton *rollbackButton() const { return m_rollback; }
    int selectedId() const;
    void selectId(int id);

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

public Q_SLOTS:
    void refresh();
    void rollbackRequested();    // with confirmation
    void rollbackTo(int id);     // without

Q_SIGNALS:
    void rollbackFinished(bool ok);

private:
    void onHistory(const QVariantList &versions);
    void retranslate();   // on QEvent::LanguageChange
    void changeEvent(QEvent *event) override;
    void showVersion(int id);
    void showDiff();
    void onValidated(const ValidationResult &result);
    void onRollbackReply(int id, const QVariantMap &reply, const std::optional<ClientError> &error);
    void updateActions();

    QPointer<ControlClient> m_client;
    RunningConfig *m_running;
    ConfigValidator *m_validator;
    QStandardItemModel *m_model;
    QTreeView *m_view;
    DiffPanel *m_diff;
    NoticeBar *m_notice;
    QPushButton *m_refresh;
    QPushButton *m_rollback;
    QSplitter *m_splitter;
    int m_historySequence = 0;
    int m_versionSequence = 0;
    int m_shownId = 0;
    QString m_shownText;
    QStringList m_shownPlan;
    bool m_busy = false;
};

} // namespace baton
