#pragma once

#include "baton/SnapshotTableModel.h"

#include <QList>
#include <QString>
#include <QVariantMap>

namespace baton {

// Every worker of a `status` snapshot, of all services, keyed by PID.
// Filter by service and sort through a QSortFilterProxyModel on
// Qt::UserRole (ServiceColumn holds the service name). Metrics are -1 until
// batond sampled them; they show as "–", never as 0.
class WorkerModel final : public SnapshotTableModel {
    Q_OBJECT
public:
    enum Column {
        PidColumn,
        ServiceColumn,
        GenerationColumn,
        StateColumn,
        UptimeColumn,
        FdsColumn,
        RssColumn,
        CpuColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role {
        UnderlyingDataRole = Qt::UserRole,
        PidRole,
        WorkerMapRole,    // the whole worker object of the snapshot
        RestartRefusalRole,   // batond's reason why it would refuse to restart it now; empty: it would not
    };

    explicit WorkerModel(QObject *parent = nullptr);

    void updateFromStatus(const QVariantMap &status);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOfPid(qint64 pid) const;

    static QString stateText(const QString &state);
    // "45 s", "12 min 05 s", "3 h 20 min", "2 d 4 h"
    static QString formatUptime(qint64 ms);
    // "12.3 MiB"; "–" for a negative (not sampled) value
    static QString formatBytes(qint64 bytes);

private:
    struct Row {
        qint64 pid = 0;
        QString service;
        int generation = 0;
        int slot = 0;
        QString state;
        qint64 uptimeMs = 0;
        qint64 fds = -1;
        qint64 rssBytes = -1;
        double cpuPercent = -1;
        QString status;
        QString restartRefused;   // batond's verdict: why it would not restart this worker now
        QVariantMap raw;
    };
    static QVariant rawValue(const Row &row, int column);
    static QVariant display(const Row &row, int column);

    QList<Row> m_rows;
};

} // namespace baton
