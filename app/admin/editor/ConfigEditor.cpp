#include "ConfigEditor.h"

#include "EditorColors.h"
#include "Highlighting.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QScopedValueRollback>
#include <QSyntaxHighlighter>
#include <QTextBlock>
#include <QToolTip>

#include <algorithm>

namespace baton {

// The gutter left of the text: paints line numbers and problem markers,
// shows the messages of a marked line as tooltip.
class EditorGutter final : public QWidget {
public:
    explicit EditorGutter(ConfigEditor *editor) : QWidget(editor), m_editor(editor) {}
    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            const QTextCursor cursor = m_editor->cursorForPosition(QPoint(0, help->pos().y()));
            const QStringList messages = m_editor->messagesOnLine(cursor.blockNumber());
            if (messages.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), messages.join(QLatin1Char('\n')), this);
            return true;
        }
        return QWidget::event(event);
    }

private:
    ConfigEditor *m_editor;
};

namespace {

constexpr int MarkerWidth = 12;

bool isTokenChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('.')
        || c == QLatin1Char(':') || c == QLatin1Char('+');
}

} // namespace

ConfigEditor::ConfigEditor(QWidget *parent)
    : QPlainTextEdit(parent), m_gutter(new EditorGutter(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    m_highlighter = createTomlHighlighter(document(), palette());
    applyHighlighterPalette();

    connect(this, &QPlainTextEdit::blockCountChanged, this, &ConfigEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &ConfigEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &ConfigEditor::rebuildSelections);
    updateGutterWidth();
    rebuildSelections();
}

void ConfigEditor::setDiagnostics(const Diagnostics &diagnostics)
{
    m_diagnostics = diagnostics;
    m_marks.clear();
    for (const Diagnostic &d : diagnostics) {
        if (d.line <= 0)
            continue;   // about the file as a whole: listed, not underlined
        m_marks.append({rangeFor(d), d.severity, d.message});
    }
    rebuildSelections();
    m_gutter->update();
}

void ConfigEditor::setSearchMatches(const QList<QTextCursor> &matches)
{
    m_matches = matches;
    rebuildSelections();
}

QTextCursor ConfigEditor::rangeFor(const Diagnostic &diagnostic) const
{
    QTextBlock block = document()->findBlockByNumber(diagnostic.line - 1);
    if (!block.isValid())
        block = document()->lastBlock();
    const QString text = block.text();
    int start = std::clamp(diagnostic.column - 1, 0, int(text.size()));
    // Past the end, or on blanks at the end ("expected value, saw '\n'"):
    // underline the last thing on the line instead.
    if (start >= text.size() || text.mid(start).trimmed().isEmpty()) {
        start = int(text.size()) - 1;
        while (start > 0 && text[start].isSpace())
            --start;
        while (start > 0 && isTokenChar(text[start]) && isTokenChar(text[start - 1]))
            --start;
    }
    int end = start + 1;
    if (start < 0) {
        start = end = 0;   // empty line: the gutter marker shows it
    } else if (text[start] == QLatin1Char('"') || text[start] == QLatin1Char('\'')) {
        const int close = int(text.indexOf(text[start], start + 1));
        end = close < 0 ? int(text.size()) : close + 1;
    } else if (text[start] == QLatin1Char('[')) {   // a table header: all of it
        const int close = int(text.indexOf(QLatin1Char(']'), start + 1));
        end = close < 0 ? int(text.size()) : close + 1;
        while (end < text.size() && text[end] == QLatin1Char(']'))
            ++end;
    } else if (isTokenChar(text[start])) {
        while (end < text.size() && isTokenChar(text[end]))
            ++end;
    }
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + start);
    cursor.setPosition(block.position() + end, QTextCursor::KeepAnchor);
    return cursor;
}

void ConfigEditor::rebuildSelections()
{
    const QPalette pal = palette();
    QList<QTextEdit::ExtraSelection> selections;

    QTextEdit::ExtraSelection line;
    line.format.setBackground(editorColors::currentLine(pal));
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    selections.append(line);

    for (const QTextCursor &match : std::as_const(m_matches)) {
        QTextEdit::ExtraSelection s;
        s.format.setBackground(editorColors::searchMatch(pal));
        s.cursor = match;
        selections.append(s);
    }
    for (const Mark &mark : std::as_const(m_marks)) {
        QTextEdit::ExtraSelection s;
        s.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        s.format.setUnderlineColor(mark.severity == Severity::Error ? editorColors::error(pal) : editorColors::warning(pal));
        s.format.setToolTip(mark.message);
        s.cursor = mark.range;
        selections.append(s);
    }
    setExtraSelections(selections);
    m_gutter->update();   // the current line number is bold
}

void ConfigEditor::goToPosition(int line, int column)
{
    QTextBlock block = document()->findBlockByNumber(std::max(line, 1) - 1);
    if (!block.isValid())
        block = document()->lastBlock();
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column - 1, 0, block.length() - 1));
    setTextCursor(cursor);
    centerCursor();
    setFocus(Qt::OtherFocusReason);
}

QStringList ConfigEditor::messagesAt(int position) const
{
    QStringList messages;
    for (const Mark &mark : m_marks) {
        if (position >= mark.range.selectionStart() && position <= mark.range.selectionEnd())
            messages << mark.message;
    }
    return messages;
}

QStringList ConfigEditor::messagesOnLine(int blockNumber) const
{
    QStringList messages;
    for (const Mark &mark : m_marks) {
        if (document()->findBlock(mark.range.selectionStart()).blockNumber() == blockNumber)
            messages << mark.message;
    }
    return messages;
}

bool ConfigEditor::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint inViewport = viewport()->mapFrom(this, help->pos());
        const QStringList messages = messagesAt(cursorForPosition(inViewport).position());
        if (messages.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), messages.join(QLatin1Char('\n')), this);
        return true;
    }
    return QPlainTextEdit::event(event);
}

void ConfigEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyHighlighterPalette();
        rebuildSelections();
        m_gutter->update();
    } else if (event->type() == QEvent::FontChange) {
        setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
        updateGutterWidth();
    }
}

void ConfigEditor::applyHighlighterPalette()
{
    if (m_applyingPalette)
        return;   // our own setPalette() below
    const QPalette shown = setHighlighterPalette(m_highlighter, palette());
    if (shown != palette()) {
        // KF6's theme paints its own background: the editor takes it as Base.
        const QScopedValueRollback guard(m_applyingPalette, true);
        setPalette(shown);
    }
}

int ConfigEditor::gutterWidth() const
{
    const int digits = std::max(3, int(QString::number(std::max(1, blockCount())).size()));
    return MarkerWidth + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits + 8;
}

void ConfigEditor::updateGutterWidth()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void ConfigEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
}

void ConfigEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void ConfigEditor::paintGutter(QPaintEvent *event)
{
    const QPalette pal = palette();
    QPainter painter(m_gutter);
    painter.fillRect(event->rect(), editorColors::mix(pal.color(QPalette::Base), pal.color(QPalette::Window), 0.6));

    // Worst severity per line that has marks.
    QHash<int, Severity> marked;
    for (const Mark &mark : std::as_const(m_marks)) {
        const int number = document()->findBlock(mark.range.selectionStart()).blockNumber();
        if (!marked.contains(number) || mark.severity == Severity::Error)
            marked.insert(number, mark.severity);
    }

    const int current = textCursor().blockNumber();
    const int lineHeight = fontMetrics().height();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int bottom = top + qRound(blockBoundingRect(block).height());
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int number = block.blockNumber();
            if (const auto it = marked.constFind(number); it != marked.constEnd()) {
                painter.setRenderHint(QPainter::Antialiasing);
                painter.setPen(Qt::NoPen);
                painter.setBrush(*it == Severity::Error ? editorColors::error(pal) : editorColors::warning(pal));
                const int d = std::min(8, lineHeight - 4);
                painter.drawEllipse(QRect(3, top + (lineHeight - d) / 2, d, d));
            }
            QFont f = font();
            f.setBold(number == current);
            painter.setFont(f);
            painter.setPen(number == current ? pal.color(QPalette::Text) : editorColors::dimText(pal));
            painter.drawText(MarkerWidth, top, m_gutter->width() - MarkerWidth - 4, lineHeight, Qt::AlignRight,
                             QString::number(number + 1));
        }
        block = block.next();
        top = bottom;
    }
}

} // namespace baton
