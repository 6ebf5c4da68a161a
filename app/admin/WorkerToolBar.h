#pragma once

#include <QModelIndex>
#include <QToolBar>

class QAction;
class QMenu;
class QToolButton;

namespace baton {

// The actions on the selected worker row, as buttons beside the dashboard's
// service title (the same as the row's context menu): restart, send a
// signal, show output. It reads the row through WorkerModel's raw roles and
// only asks; DashboardPage carries the requests out (and confirms SIGKILL).
class WorkerToolBar final : public QToolBar {
    Q_OBJECT
public:
    explicit WorkerToolBar(QWidget *parent = nullptr);

    // The selected row (any column) or an invalid index, and whether the
    // daemon is live: decides what is enabled.
    void setCurrent(const QModelIndex &row, bool live);
    void retranslate();

    QAction *restartAction() const { return m_restart; }
    QAction *outputAction() const { return m_output; }
    QToolButton *signalButton() const { return m_signalButton; }

Q_SIGNALS:
    void restartRequested(qint64 pid);
    void signalRequested(qint64 pid, const QString &signal);   // "TERM", ..., "KILL"
    void showOutputRequested(const QString &service, int generation, qint64 pid);

protected:
    void changeEvent(QEvent *event) override;

private:
    QAction *m_restart;
    QAction *m_signal;
    QAction *m_output;
    QToolButton *m_signalButton = nullptr;
    QMenu *m_signals;
    qint64 m_pid = 0;
    int m_generation = 0;
    QString m_service;
    QString m_restartRefusal;   // batond's, from the selected row (restart_refused)
};

} // namespace baton
