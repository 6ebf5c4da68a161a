#pragma once

#include "baton/TextDiff.h"

#include <QList>
#include <QPlainTextEdit>

namespace baton {

class DiffPaneGutter;

// A read-only text pane for diff views: one block per row, each with a
// gutter label (line numbers, +/-), a background by kind and stronger
// backgrounds on word-level changed spans. Colours follow the palette.
class DiffPane final : public QPlainTextEdit {
    Q_OBJECT
public:
    enum class Kind { Context, Removed, Added, Filler, Header };
    struct Row {
        Kind kind = Kind::Context;
        QString gutter;           // e.g. "12" or "12  13 +"
        QString text;
        QList<TextSpan> spans;    // word-level changes
    };

    explicit DiffPane(QWidget *parent = nullptr);

    void setRows(const QList<Row> &rows);
    const QList<Row> &rows() const { return m_rows; }
    void setCurrentRow(int row);      // marked in the gutter; -1 = none
    void scrollToRow(int row);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class DiffPaneGutter;

    void render();
    int gutterWidth() const;
    void layoutGutter();
    void paintGutter(QPaintEvent *event);

    DiffPaneGutter *m_gutter;
    QList<Row> m_rows;
    int m_currentRow = -1;
};

} // namespace baton
