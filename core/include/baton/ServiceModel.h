#pragma once

#include "baton/SnapshotTableModel.h"

#include <QList>
#include <QString>
#include <QVariantList>
#include <QVariantMap>

namespace baton {

// The services of a `status` snapshot (docs/control-api.md), one row each,
// in the daemon's order. updateFromStatus() inserts and removes rows where
// services come and go and reports every changed cell in one dataChanged;
// it never resets the model, so selections and scroll positions survive the
// once-a-second metrics updates. Sort through a QSortFilterProxyModel on
// Qt::UserRole.
class ServiceModel final : public SnapshotTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StateColumn, GenerationColumn, WorkersColumn, RestartsColumn, ColumnCount };
    enum Role {
        UnderlyingDataRole = Qt::UserRole,   // the raw value of the cell, for sorting and filtering
        NameRole,                            // the service name, on every column
        StateRole,                           // "running", "reloading", ... on every column
        GenerationsRole,                     // the snapshot's `generations` list
        ServiceMapRole,                      // the whole service object of the snapshot
    };

    explicit ServiceModel(QObject *parent = nullptr);

    void updateFromStatus(const QVariantMap &status);
    void clear();   // offline: nothing stale stays on screen

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &name) const;   // -1 when unknown
    QStringList names() const;
    QVariantMap service(const QString &name) const;

    static QString stateText(const QString &state);   // translated "running", ...

private:
    struct Row {
        QString name;
        QString state;
        bool stoppedByRequest = false;   // as batond says (stop_service), shown as its own state
        int generation = 0;
        int workersReady = 0;
        int workersWanted = 0;
        int restarts = 0;
        QString failure;                 // batond's: why it failed and what starts it again
        QVariantList generations;
        QVariantMap raw;
    };
    static Row rowFrom(const QVariantMap &service);
    static QVariant rawValue(const Row &row, int column);
    QVariant display(const Row &row, int column) const;

    QList<Row> m_rows;
};

} // namespace baton
