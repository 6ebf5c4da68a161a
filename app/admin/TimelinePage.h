#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTextBrowser;
class QTreeView;

namespace baton {

class DaemonMonitor;
class EventFilterModel;

// The restart history: every event of the daemon's log, newest first,
// filtered by service, kind and time and searched as you type. Crashes,
// restarts, reloads and rollbacks each have their icon and colour, so a
// crash never looks like a reload. The pane below explains one event, with
// a worker's last stderr lines for an exit, and leads to its whole output.
class TimelinePage final : public QWidget {
    Q_OBJECT
public:
    explicit TimelinePage(DaemonMonitor *monitor, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    EventFilterModel *filterModel() const { return m_filter; }
    QComboBox *serviceCombo() const { return m_serviceCombo; }
    QComboBox *kindCombo() const { return m_kindCombo; }
    QComboBox *timeCombo() const { return m_timeCombo; }
    QLineEdit *searchEdit() const { return m_search; }
    QTextBrowser *detailsPane() const { return m_details; }
    QPushButton *showOutputButton() const { return m_showOutput; }

    void setServiceFilter(const QString &service);
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    static QString detailsHtml(const QVariantMap &event);

public Q_SLOTS:
    void focusSearch();

Q_SIGNALS:
    // The output of the current event's worker (pid 0: its generation's).
    void showOutputRequested(const QString &service, int generation, qint64 pid);

private:
    QWidget *buildFilterBar();
    void updateServices(int first, int last);   // adds the services of these event rows
    void applyKindFilter();
    void applyTimeFilter();
    void updateCount();
    void showCurrent();
    void fitKindColumn();
    void retranslate();   // on QEvent::LanguageChange, keeping filters and selection
    void changeEvent(QEvent *event) override;

    DaemonMonitor *m_monitor;
    EventFilterModel *m_filter;
    QTreeView *m_view;
    QComboBox *m_serviceCombo = nullptr;
    QComboBox *m_kindCombo = nullptr;
    QComboBox *m_timeCombo = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_serviceLabel = nullptr;
    QLabel *m_kindLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    QTextBrowser *m_details;
    QPushButton *m_showOutput;
    QSplitter *m_splitter;
    QTimer m_timeWindow;      // "last hour" moves with the clock
};

} // namespace baton
