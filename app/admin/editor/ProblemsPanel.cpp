#include "ProblemsPanel.h"

#include "EditorColors.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace baton {

namespace {

// A small filled disc in the palette's error or warning colour: readable
// on light and dark palettes alike, unlike fixed theme pixmaps.
QIcon severityIcon(Severity severity, const QPalette &palette)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(severity == Severity::Error ? editorColors::error(palette) : editorColors::warning(palette));
    if (severity == Severity::Error) {
        painter.drawEllipse(QRectF(2, 2, 12, 12));
    } else {
        const QPointF triangle[] = {{8, 1.5}, {14.5, 14}, {1.5, 14}};
        painter.drawPolygon(triangle, 3);
    }
    painter.setPen(QPen(palette.color(QPalette::Base), 2));
    painter.drawLine(QPointF(8, severity == Severity::Error ? 5 : 6), QPointF(8, 9.5));
    painter.drawPoint(QPointF(8, 12));
    return QIcon(pixmap);
}

} // namespace

ProblemsPanel::ProblemsPanel(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_view(new QTreeView(this)),
      m_model(new QStandardItemModel(0, ColumnCount, this))
{
    m_model->setHorizontalHeaderLabels({tr("Severity"), tr("Place"), tr("Message")});
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    // A message longer than the panel is wide wraps onto more lines instead
    // of being cut at 1024×640; rows then differ in height.
    m_view->setWordWrap(true);
    m_view->setUniformRowHeights(false);
    m_view->setTextElideMode(Qt::ElideNone);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(SeverityColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(PlaceColumn, QHeaderView::ResizeToContents);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    // Heights of wrapped rows follow the message column's width.
    connect(m_view->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == MessageColumn)
            m_view->doItemsLayout();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);

    connect(m_view, &QTreeView::clicked, this, &ProblemsPanel::activate);
    connect(m_view, &QTreeView::activated, this, &ProblemsPanel::activate);
    clear();
}

void ProblemsPanel::setResult(const ValidationResult &result)
{
    const auto errors = std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                                      [](const Diagnostic &d) { return d.severity == Severity::Error; });
    const auto warnings = result.diagnostics.size() - errors;
    QString summary = errors || warnings
        ? tr("Errors: %1, warnings: %2").arg(errors).arg(warnings)
        : tr("No problems");
    summary += QLatin1Char(' ')
        + (result.byDaemon ? tr("(checked by batond)") : tr("(checked locally: not connected to batond)"));
    setDiagnostics(result.diagnostics, result.fileName, summary);
}

void ProblemsPanel::setDiagnostics(const Diagnostics &diagnostics, const QString &fileName, const QString &summary)
{
    m_model->removeRows(0, m_model->rowCount());
    m_hasErrors = hasErrors(diagnostics);
    ValidationResult places;
    places.fileName = fileName;
    for (const Diagnostic &d : diagnostics) {
        auto *severity = new QStandardItem(severityIcon(d.severity, palette()),
                                           d.severity == Severity::Error ? tr("error") : tr("warning"));
        auto *place = new QStandardItem(places.place(d));
        auto *message = new QStandardItem(d.message);
        message->setToolTip(d.message);
        for (QStandardItem *item : {severity, place, message}) {
            item->setData(d.line, LineRole);
            item->setData(d.column, ColumnRole);
            item->setData(int(d.severity), Qt::UserRole);
        }
        m_model->appendRow({severity, place, message});
    }
    m_summary->setText(summary);
    restyle();
}

void ProblemsPanel::clear()
{
    setDiagnostics({}, QString(), tr("Not checked yet"));
}

QString ProblemsPanel::summary() const
{
    return m_summary->text();
}

void ProblemsPanel::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const int line = index.data(LineRole).toInt();
    if (line > 0)
        Q_EMIT problemActivated(line, index.data(ColumnRole).toInt());
}

void ProblemsPanel::restyle()
{
    QPalette pal = m_summary->palette();
    pal.setColor(QPalette::WindowText, m_hasErrors ? editorColors::error(palette()) : palette().color(QPalette::WindowText));
    m_summary->setPalette(pal);
}

void ProblemsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        // The diagnostics are batond's (or the local loader's) words; the
        // headers and severities are ours. The summary comes with the next check.
        m_model->setHorizontalHeaderLabels({tr("Severity"), tr("Place"), tr("Message")});
        for (int row = 0; row < m_model->rowCount(); ++row) {
            QStandardItem *item = m_model->item(row, SeverityColumn);
            item->setText(Severity(item->data(Qt::UserRole).toInt()) == Severity::Error ? tr("error") : tr("warning"));
        }
    }
    if (event->type() == QEvent::PaletteChange) {
        restyle();
        for (int row = 0; row < m_model->rowCount(); ++row) {
            QStandardItem *item = m_model->item(row, SeverityColumn);
            item->setIcon(severityIcon(Severity(item->data(Qt::UserRole).toInt()), palette()));
        }
    }
}

} // namespace baton
