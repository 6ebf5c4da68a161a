#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QString>
#include <QVariantList>

#include <deque>

namespace baton {

// Worker output as the admin app shows it: the LogLines of `logs` and of
// the `log` notifications (docs/control-api.md), oldest first, in a ring
// bounded by maxLines(). Lines are merged by seq, so a backlog and the live
// lines that raced with it never show twice. Every appendLines() is one
// batch: at most one removal of the oldest rows and one insertion, so
// 100,000 lines and a flooding worker stay cheap for the views.
class LogLineModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, ServiceColumn, GenerationColumn, PidColumn, StreamColumn, TextColumn, ColumnCount };
    enum Role {
        UnderlyingDataRole = Qt::UserRole,   // the raw value of the column
        SeqRole,                             // on every column
        ServiceRole,
        GenerationRole,
        PidRole,
        StderrRole,                          // bool: written on stderr
        PriorityRole,                        // 0..7, syslog
        TextRole,                            // the line's text
    };

    struct Line {
        qint64 seq = 0;
        qint64 timeMs = 0;
        QString service;
        int generation = 0;
        qint64 pid = 0;
        bool stderrStream = false;
        int priority = 6;
        bool cut = false;
        QString text;
    };

    static constexpr int DefaultMaxLines = 100000;
    explicit LogLineModel(QObject *parent = nullptr, int maxLines = DefaultMaxLines);

    // Appends the lines newer than lastSeq() (LogLine::toMap() records,
    // oldest first); returns how many were added.
    int appendLines(const QVariantList &lines);
    void clear();

    qint64 lastSeq() const { return m_lastSeq; }
    int maxLines() const { return m_maxLines; }
    void setMaxLines(int max);
    qint64 droppedHere() const { return m_droppedHere; }   // lines this ring let go to stay within maxLines()
    const Line &lineAt(int row) const { return m_lines[size_t(row)]; }
    // "2026-12-01 11:27:00.123 web#2[1234] stderr: text", for copy and save.
    static QString lineText(const Line &line);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void trimTo(int max);
    QString intern(const QString &service);

    std::deque<Line> m_lines;
    QSet<QString> m_services;   // one shared string per service name
    qint64 m_lastSeq = 0;
    qint64 m_droppedHere = 0;
    int m_maxLines;
};

} // namespace baton
