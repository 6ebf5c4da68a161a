#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariantList>
#include <QVariantMap>

namespace baton {

// The daemon's events (the `events` method and the `event` notifications,
// docs/control-api.md), ordered by seq, oldest first. Events are merged by
// seq, so the backlog loaded on (re)connect and the live notifications that
// raced with it never show twice. Capped at maxEvents(): the oldest go first.
class EventModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, ServiceColumn, KindColumn, GenerationColumn, PidColumn, MessageColumn, ColumnCount };
    enum Role {
        UnderlyingDataRole = Qt::UserRole,
        SeqRole,           // on every column
        CategoryRole,      // Category as int, on every column
        KindRole,          // the raw kind ("exit", "reload-started", ...)
        TimeRole,          // QDateTime (UTC)
        EventMapRole,      // the whole event object
    };
    // What an event means to an operator; crashes and deliberate reloads
    // are told apart here, once, for the timeline and the tray.
    enum class Category { Lifecycle, Crash, Restart, Reload, Rollback, StormBreaker, Config, Daemon };
    Q_ENUM(Category)

    explicit EventModel(QObject *parent = nullptr);

    // Adds the events not seen yet (by seq); returns how many.
    int mergeEvents(const QVariantList &events);
    void addEvent(const QVariantMap &event) { mergeEvents({event}); }
    // Replaces everything: another daemon, or a log that started over.
    void setEvents(const QVariantList &events);
    void clear();

    qint64 lastSeq() const;
    QVariantMap eventAt(int row) const;
    int maxEvents() const { return m_maxEvents; }
    void setMaxEvents(int max);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool eventFilter(QObject *watched, QEvent *event) override;

    static Category category(const QVariantMap &event);
    static QString kindText(const QString &kind, Category category, const QString &cause = {});
    static QString causeText(const QString &cause);   // "Drained", "Killed: rolled back", ...
    static QString categoryText(Category category);
    static QList<Category> categories();

private:
    struct Row {
        qint64 seq = 0;
        QDateTime time;
        QString kind;
        QString service;
        int generation = 0;
        qint64 pid = 0;
        QString message;
        Category category = Category::Lifecycle;
        QVariantMap raw;
    };
    static Row rowFrom(const QVariantMap &event);
    static QVariant rawValue(const Row &row, int column);
    QVariant display(const Row &row, int column) const;
    void trim();

    QList<Row> m_rows;
    int m_maxEvents = 10000;
};

} // namespace baton
