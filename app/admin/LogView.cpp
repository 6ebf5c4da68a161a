#include "LogView.h"

#include "DecoratedModel.h"
#include "baton/LogBuffer.h"
#include "baton/LogFilterModel.h"
#include "baton/LogLineModel.h"
#include "editor/EditorColors.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTimer>

#include <algorithm>

namespace baton {

namespace {

// Paints the text column itself, so the matches of the search get a
// background (a QTextDocument per row would be far too slow for a log).
class HighlightDelegate final : public QStyledItemDelegate {
public:
    HighlightDelegate(const LogView *view) : QStyledItemDelegate(const_cast<LogView *>(view)), m_view(view) {}

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QString search = m_view->searchText();
        if (search.isEmpty() || index.column() != LogLineModel::TextColumn)
            return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, opt.widget) + 1;
        const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget).adjusted(margin, 0, -margin, 0);
        const QFontMetrics metrics(opt.font);
        painter->save();
        painter->setClipRect(rect);
        const QColor match = editorColors::searchMatch(opt.palette);
        for (qsizetype at = text.indexOf(search, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(search, at + search.size(), Qt::CaseInsensitive)) {
            const int left = metrics.horizontalAdvance(text.left(at));
            if (left > rect.width())
                break;
            painter->fillRect(QRect(rect.left() + left, rect.top() + 1, metrics.horizontalAdvance(text.mid(at, search.size())), rect.height() - 2),
                              match);
        }
        const bool selected = opt.state & QStyle::State_Selected;
        const QVariant foreground = index.data(Qt::ForegroundRole);
        painter->setPen(selected ? opt.palette.color(QPalette::HighlightedText)
                                 : foreground.isValid() ? foreground.value<QColor>() : opt.palette.color(QPalette::Text));
        painter->setFont(opt.font);
        painter->drawText(rect, int(Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine), text);
        painter->restore();
    }

private:
    const LogView *m_view;
};

} // namespace

LogView::LogView(LogLineModel *lines, QWidget *parent)
    : QTableView(parent), m_lines(lines), m_filter(new LogFilterModel(this))
{
    m_filter->setSourceModel(lines);
    m_decorated = new DecoratedModel([this](const QModelIndex &source, int role) -> QVariant {
        if (role != Qt::ForegroundRole && role != Qt::FontRole)
            return {};
        const int priority = source.data(LogLineModel::PriorityRole).toInt();
        if (role == Qt::FontRole) {
            if (priority > 3)
                return {};
            QFont bold = font();
            bold.setBold(true);
            return bold;
        }
        if (source.column() != LogLineModel::TextColumn && source.column() != LogLineModel::StreamColumn)
            return {};
        const bool stderrStream = source.data(LogLineModel::StderrRole).toBool();
        // Many programs log everything on stderr: without a priority, only the stream says so.
        if (priority == DefaultLogPriority && stderrStream && source.column() == LogLineModel::TextColumn)
            return {};
        const QColor color = lineColor(priority, stderrStream, palette());
        return color.isValid() ? QVariant(color) : QVariant();
    }, this);
    m_decorated->setSourceModel(m_filter);
    setModel(m_decorated);
    setItemDelegate(new HighlightDelegate(this));

    setWordWrap(false);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setTextElideMode(Qt::ElideRight);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);   // uniform row heights
    verticalHeader()->setDefaultSectionSize(QFontMetrics(mono).height() + 4);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    const QFontMetrics metrics(mono);
    horizontalHeader()->resizeSection(LogLineModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    horizontalHeader()->resizeSection(LogLineModel::ServiceColumn, metrics.horizontalAdvance(QStringLiteral("service")) + 24);
    horizontalHeader()->resizeSection(LogLineModel::GenerationColumn, metrics.horizontalAdvance(QStringLiteral("Gen.")) + 24);
    horizontalHeader()->resizeSection(LogLineModel::PidColumn, metrics.horizontalAdvance(QStringLiteral("1234567")) + 16);
    horizontalHeader()->resizeSection(LogLineModel::StreamColumn, metrics.horizontalAdvance(QStringLiteral("stderr <warning>")) + 16);

    connect(m_decorated, &QAbstractItemModel::rowsInserted, this, &LogView::scheduleScroll);
    connect(m_decorated, &QAbstractItemModel::modelReset, this, &LogView::scheduleScroll);
    // Scrolling up pauses; back at the bottom, it follows again (as a terminal does).
    connect(verticalScrollBar(), &QAbstractSlider::actionTriggered, this, [this] {
        QTimer::singleShot(0, this, [this] { setFollow(verticalScrollBar()->value() >= verticalScrollBar()->maximum()); });
    });
}

QColor LogView::lineColor(int priority, bool stderrStream, const QPalette &palette)
{
    if (priority <= 3)
        return editorColors::error(palette);
    if (priority == 4)
        return editorColors::warning(palette);
    if (priority == 5)
        return editorColors::accent(palette, 210);   // notice: blue
    if (priority >= 7)
        return editorColors::dimText(palette);
    if (stderrStream)   // stderr without a priority
        return editorColors::error(palette);
    return {};
}

void LogView::setFollow(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    if (follow)
        scheduleScroll();
    Q_EMIT followChanged(follow);
}

void LogView::setSearchText(const QString &text)
{
    m_search = text;
    m_filter->setSearchText(text);
    viewport()->update();
    scheduleScroll();
}

void LogView::scheduleScroll()
{
    // One scroll per loop turn however many batches came in.
    if (!m_follow || m_scrollPending)
        return;
    m_scrollPending = true;
    QTimer::singleShot(0, this, [this] {
        m_scrollPending = false;
        if (m_follow)
            scrollToBottom();
    });
}

QString LogView::shownText(bool selectedOnly) const
{
    QStringList out;
    const auto add = [&](int filterRow) {
        const int source = m_filter->mapToSource(m_filter->index(filterRow, 0)).row();
        out << LogLineModel::lineText(m_lines->lineAt(source));
    };
    if (selectedOnly) {
        QModelIndexList rows = selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &index : std::as_const(rows))
            add(index.row());
    } else {
        for (int row = 0; row < m_filter->rowCount(); ++row)
            add(row);
    }
    return out.isEmpty() ? QString() : out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void LogView::copySelection() const
{
    const QString text = shownText(true);
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace baton
