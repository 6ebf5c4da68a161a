#include "DiffPane.h"

#include "EditorColors.h"

#include <QEvent>
#include <QFontDatabase>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>

namespace baton {

class DiffPaneGutter final : public QWidget {
public:
    explicit DiffPaneGutter(DiffPane *pane) : QWidget(pane), m_pane(pane) {}

protected:
    void paintEvent(QPaintEvent *event) override { m_pane->paintGutter(event); }

private:
    DiffPane *m_pane;
};

namespace {

QColor lineColor(DiffPane::Kind kind, const QPalette &pal)
{
    switch (kind) {
    case DiffPane::Kind::Removed: return editorColors::removedLine(pal);
    case DiffPane::Kind::Added: return editorColors::addedLine(pal);
    case DiffPane::Kind::Filler: return editorColors::fillerLine(pal);
    case DiffPane::Kind::Header: return editorColors::hunkHeader(pal);
    case DiffPane::Kind::Context: break;
    }
    return {};
}

} // namespace

DiffPane::DiffPane(QWidget *parent)
    : QPlainTextEdit(parent), m_gutter(new DiffPaneGutter(this))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    document()->setUndoRedoEnabled(false);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
}

void DiffPane::setRows(const QList<Row> &rows)
{
    m_rows = rows;
    m_currentRow = -1;
    render();
}

void DiffPane::render()
{
    const QPalette pal = palette();
    const int vertical = verticalScrollBar()->value();
    const int horizontal = horizontalScrollBar()->value();

    document()->clear();
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows[i];
        QTextBlockFormat block;
        if (const QColor bg = lineColor(row.kind, pal); bg.isValid())
            block.setBackground(bg);
        QTextCharFormat plain;
        if (row.kind == Kind::Header)
            plain.setForeground(editorColors::dimText(pal));
        if (i == 0)
            cursor.setBlockFormat(block);
        else
            cursor.insertBlock(block, plain);

        QTextCharFormat strong = plain;
        strong.setBackground(row.kind == Kind::Removed ? editorColors::removedSpan(pal) : editorColors::addedSpan(pal));
        int at = 0;
        for (const TextSpan &span : row.spans) {
            const int start = std::clamp(span.start, at, int(row.text.size()));
            const int end = std::clamp(span.start + span.length, start, int(row.text.size()));
            cursor.insertText(row.text.mid(at, start - at), plain);
            cursor.insertText(row.text.mid(start, end - start), strong);
            at = end;
        }
        cursor.insertText(row.text.mid(at), plain);
    }
    cursor.endEditBlock();

    layoutGutter();
    verticalScrollBar()->setValue(vertical);
    horizontalScrollBar()->setValue(horizontal);
    m_gutter->update();
}

void DiffPane::setCurrentRow(int row)
{
    m_currentRow = row;
    m_gutter->update();
}

void DiffPane::scrollToRow(int row)
{
    const QTextBlock block = document()->findBlockByNumber(row);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    setTextCursor(cursor);
    // Show a little context above the change rather than centring it.
    verticalScrollBar()->setValue(std::max(0, row - 3));
}

int DiffPane::gutterWidth() const
{
    int widest = 2;
    for (const Row &row : m_rows)
        widest = std::max(widest, int(row.gutter.size()));
    return fontMetrics().horizontalAdvance(QLatin1Char('9')) * widest + 14;
}

void DiffPane::paintGutter(QPaintEvent *event)
{
    const QPalette pal = palette();
    QPainter painter(m_gutter);
    painter.fillRect(event->rect(), editorColors::mix(pal.color(QPalette::Base), pal.color(QPalette::Window), 0.6));
    painter.setFont(font());
    const int lineHeight = fontMetrics().height();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int bottom = top + qRound(blockBoundingRect(block).height());
        const int number = block.blockNumber();
        if (number < m_rows.size() && bottom >= event->rect().top()) {
            const Row &row = m_rows[number];
            if (const QColor bg = lineColor(row.kind, pal); bg.isValid())
                painter.fillRect(0, top, m_gutter->width(), bottom - top, bg);
            if (number == m_currentRow)
                painter.fillRect(0, top, 3, bottom - top, pal.color(QPalette::Highlight));
            painter.setPen(editorColors::dimText(pal));
            painter.drawText(4, top, m_gutter->width() - 10, lineHeight, Qt::AlignRight, row.gutter);
        }
        block = block.next();
        top = bottom;
    }
}

void DiffPane::layoutGutter()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void DiffPane::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    layoutGutter();
}

void DiffPane::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

} // namespace baton
