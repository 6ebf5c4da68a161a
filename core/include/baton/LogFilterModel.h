#pragma once

#include <QSortFilterProxyModel>
#include <QString>

#include <optional>

namespace baton {

class LogLineModel;

// The Logs page's filters over a LogLineModel (or a proxy of one): service,
// generation, worker PID, stderr only, "at least this important", and a
// case-insensitive search of the text. Every filter is off when unset. Never
// sorts: the lines stay in the daemon's order, and appends stay appends.
class LogFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LogFilterModel(QObject *parent = nullptr);

    void setService(const QString &service);
    void setGeneration(std::optional<int> generation);
    void setPid(std::optional<qint64> pid);
    void setStderrOnly(bool on);
    void setMaxPriority(std::optional<int> priority);   // syslog: 3 shows emerg..err
    void setSearchText(const QString &text);

    QString service() const { return m_service; }
    std::optional<int> generation() const { return m_generation; }
    std::optional<qint64> pid() const { return m_pid; }
    bool stderrOnly() const { return m_stderrOnly; }
    std::optional<int> maxPriority() const { return m_maxPriority; }
    QString searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_service;
    std::optional<int> m_generation;
    std::optional<qint64> m_pid;
    bool m_stderrOnly = false;
    std::optional<int> m_maxPriority;
    QString m_search;
};

} // namespace baton
