#pragma once

#include <QMap>
#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QToolButton;

namespace baton {

class LogFeed;
class LogView;

// The Logs tab: what the workers printed, filtered by service, generation,
// worker and importance, searched with the matches highlighted, followed
// live or paused, copied and saved. The lines, the dropped-line counters
// and the access decision all come from batond through LogFeed; refused
// access replaces the table with the daemon's reason.
class LogsPage final : public QWidget {
    Q_OBJECT
public:
    explicit LogsPage(LogFeed *feed, QWidget *parent = nullptr);

    LogView *view() const { return m_view; }
    QComboBox *serviceCombo() const { return m_service; }
    QComboBox *generationCombo() const { return m_generation; }
    QComboBox *workerCombo() const { return m_worker; }
    QComboBox *showCombo() const { return m_show; }
    QLineEdit *searchEdit() const { return m_search; }
    QToolButton *followButton() const { return m_follow; }
    QLabel *droppedLabel() const { return m_dropped; }
    QLabel *heldBackLabel() const { return m_heldBack; }
    QLabel *stateMessage() const { return m_message; }
    bool showsMessage() const;   // the table is replaced by a refusal or an error

    // Only this worker's lines (0: any generation / any worker), newest in view.
    void showWorker(const QString &service, int generation, qint64 pid);
    bool saveTo(const QString &path, QString *error) const;

public Q_SLOTS:
    void focusSearch();
    void saveRequested();

private:
    QWidget *buildFilterBar();
    void noteRows(int first, int last);   // services, generations and PIDs seen
    void rebuildCombos();
    void applyFilters();
    void updateState();
    void updateCount();
    void updateCounters();
    void retranslate();   // on QEvent::LanguageChange, keeping filters, search and lines
    void changeEvent(QEvent *event) override;

    LogFeed *m_feed;
    LogView *m_view;
    QStackedWidget *m_stack;
    QComboBox *m_service = nullptr;
    QComboBox *m_generation = nullptr;
    QComboBox *m_worker = nullptr;
    QComboBox *m_show = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_follow = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_dropped = nullptr;
    QLabel *m_heldBack = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_message = nullptr;
    QToolButton *m_copy = nullptr;
    QToolButton *m_save = nullptr;
    QLabel *m_serviceLabel = nullptr;
    QLabel *m_generationLabel = nullptr;
    QLabel *m_workerLabel = nullptr;
    // service -> generation -> PIDs, of the lines held
    QMap<QString, QMap<int, QSet<qint64>>> m_seen;
    bool m_combosDirty = false;
    bool m_rebuilding = false;
};

} // namespace baton
