#pragma once

#include "ConfigValidator.h"

#include <QWidget>

class QLabel;
class QModelIndex;
class QStandardItemModel;
class QTreeView;

namespace baton {

// The list of problems of the last validation: severity icon, place
// ("baton.toml:7:1") and message, with a one-line summary that says who
// checked (the daemon, or the local validator when offline). Activating a
// row asks to jump there.
class ProblemsPanel final : public QWidget {
    Q_OBJECT
public:
    enum Column { SeverityColumn, PlaceColumn, MessageColumn, ColumnCount };
    enum Role { LineRole = Qt::UserRole + 1, ColumnRole };

    explicit ProblemsPanel(QWidget *parent = nullptr);

    void setResult(const ValidationResult &result);
    void setDiagnostics(const Diagnostics &diagnostics, const QString &fileName, const QString &summary);
    void clear();

    QStandardItemModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QString summary() const;

Q_SIGNALS:
    void problemActivated(int line, int column);

protected:
    void changeEvent(QEvent *event) override;

private:
    void activate(const QModelIndex &index);
    void restyle();

    QLabel *m_summary;
    QTreeView *m_view;
    QStandardItemModel *m_model;
    bool m_hasErrors = false;
};

} // namespace baton
