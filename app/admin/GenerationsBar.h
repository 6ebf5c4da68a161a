#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QTimer>
#include <QVariantMap>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace baton {

// The generations of one service side by side: the one starting (with how
// many of its workers are ready), the current one, and those draining with
// a live countdown to their SIGKILL deadline. The countdown runs locally
// from drain_deadline_ms (remaining at the snapshot), so it ticks smoothly
// between snapshots.
class GenerationsBar final : public QWidget {
    Q_OBJECT
public:
    explicit GenerationsBar(QWidget *parent = nullptr);

    void setService(const QVariantMap &service);   // an empty map clears
    QStringList chipTexts() const;                 // plain text, for tests

    static QString formatCountdown(qint64 ms);     // "0:24", "12:05"

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Generation {
        int number = 0;
        QString role;
        int workers = 0;
        int ready = 0;
        int wanted = 0;                // the service's workers_wanted
        qint64 drainDeadlineMs = -1;   // at m_received
    };
    void rebuild();
    void tick();
    QString chipText(const Generation &g) const;
    QString chipStyle(const QString &role) const;

    QHBoxLayout *m_layout;
    QLabel *m_empty;
    QList<QLabel *> m_chips;
    QList<Generation> m_generations;
    QElapsedTimer m_received;
    QTimer m_tick;
};

} // namespace baton
