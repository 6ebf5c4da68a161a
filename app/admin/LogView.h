#pragma once

#include <QTableView>

namespace baton {

class DecoratedModel;
class LogFilterModel;
class LogLineModel;

// One table of worker output, used by the Logs page and the dashboard's
// output dock: its own filters over the shared LogLineModel, colours by
// priority and stream, search matches highlighted, and "follow": new lines
// scroll into view until the user scrolls up (scrolling back to the bottom
// follows again). Rows have one fixed height, so 100,000 lines cost the
// view nothing but the visible ones.
class LogView final : public QTableView {
    Q_OBJECT
public:
    explicit LogView(LogLineModel *lines, QWidget *parent = nullptr);

    LogFilterModel *filter() const { return m_filter; }
    LogLineModel *lines() const { return m_lines; }

    bool follows() const { return m_follow; }
    void setFollow(bool follow);
    void setSearchText(const QString &text);   // filters and highlights
    QString searchText() const { return m_search; }

    // The shown lines (all, or the selected ones), one LogLineModel::lineText() each.
    QString shownText(bool selectedOnly) const;
    void copySelection() const;

    // Foreground for a line: errors and warnings from the palette's accents,
    // notices blue, debug dimmed, stderr (on the stream column) red; the
    // accents follow the palette, so dark and light both stay readable.
    static QColor lineColor(int priority, bool stderrStream, const QPalette &palette);

Q_SIGNALS:
    void followChanged(bool follow);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void scheduleScroll();

    LogLineModel *m_lines;
    LogFilterModel *m_filter;
    DecoratedModel *m_decorated;
    QString m_search;
    bool m_follow = true;
    bool m_scrollPending = false;
};

} // namespace baton
