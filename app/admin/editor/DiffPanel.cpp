#include "DiffPanel.h"

#include "DiffController.h"
#include "EditorColors.h"
#include "SideBySideDiffView.h"
#include "UnifiedDiffView.h"

#include <QAction>
#include <QButtonGroup>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace baton {

DiffPanel::DiffPanel(QWidget *parent)
    : QWidget(parent), m_controller(new DiffController(this)), m_plan(new QLabel(this)), m_titles(new QLabel(this)),
      m_position(new QLabel(this)), m_stats(new QLabel(this)), m_previous(new QToolButton(this)),
      m_next(new QToolButton(this)), m_modes(new QButtonGroup(this)), m_stack(new QStackedWidget(this)),
      m_sideBySide(new SideBySideDiffView(m_stack)), m_unified(new UnifiedDiffView(m_stack)),
      m_placeholder(new QLabel(m_stack))
{
    m_plan->setObjectName(QStringLiteral("plan"));
    m_plan->setWordWrap(true);
    m_plan->setTextFormat(Qt::RichText);
    m_plan->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_plan->setFrameShape(QFrame::StyledPanel);
    m_plan->setMargin(6);
    m_titles->setTextFormat(Qt::PlainText);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);

    auto *sideBySide = new QToolButton(this);
    sideBySide->setText(tr("Side by Side"));
    sideBySide->setCheckable(true);
    sideBySide->setChecked(true);
    auto *unified = new QToolButton(this);
    unified->setText(tr("Unified"));
    unified->setCheckable(true);
    for (QToolButton *button : {sideBySide, unified, m_previous, m_next})
        button->setAutoRaise(true);
    m_modes->addButton(sideBySide, int(Mode::SideBySide));
    m_modes->addButton(unified, int(Mode::Unified));
    m_previous->setArrowType(Qt::UpArrow);
    m_previous->setToolTip(tr("Previous change (Alt+Up)"));
    m_next->setArrowType(Qt::DownArrow);
    m_next->setToolTip(tr("Next change (Alt+Down)"));
    // Alt+Up / Alt+Down while the focus is in the diff (two panels may be
    // visible at once, so not window-wide).
    const auto shortcut = [this](const QKeySequence &key, void (DiffController::*slot)()) {
        auto *action = new QAction(this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, m_controller, slot);
        addAction(action);
    };
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Up), &DiffController::previousChange);
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Down), &DiffController::nextChange);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(sideBySide);
    bar->addWidget(unified);
    bar->addSpacing(12);
    bar->addWidget(m_titles, 1);
    bar->addWidget(m_stats);
    bar->addSpacing(8);
    bar->addWidget(m_position);
    bar->addWidget(m_previous);
    bar->addWidget(m_next);

    m_stack->addWidget(m_sideBySide);
    m_stack->addWidget(m_unified);
    m_stack->addWidget(m_placeholder);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_plan);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);

    m_controller->addView(m_sideBySide);
    m_controller->addView(m_unified);
    connect(m_modes, &QButtonGroup::idClicked, this, [this](int id) { setMode(Mode(id)); });
    connect(m_previous, &QToolButton::clicked, m_controller, &DiffController::previousChange);
    connect(m_next, &QToolButton::clicked, m_controller, &DiffController::nextChange);
    connect(m_controller, &DiffController::diffChanged, this, &DiffPanel::refresh);
    connect(m_controller, &DiffController::currentChangeChanged, this, &DiffPanel::refresh);
    m_placeholderText = tr("Nothing to compare yet.");
    setPlanMessage(QString());
    refresh();
}

void DiffPanel::setTitles(const QString &oldTitle, const QString &newTitle)
{
    m_titles->setText(oldTitle.isEmpty() ? QString() : tr("%1  →  %2").arg(oldTitle, newTitle));
}

void DiffPanel::setPlaceholder(const QString &text)
{
    m_placeholderText = text;
    refresh();
}

void DiffPanel::setPlan(const QStringList &sentences)
{
    m_sentences = sentences;
    m_planMessage.clear();
    renderPlan();
}

void DiffPanel::setPlanMessage(const QString &message)
{
    m_sentences.clear();
    m_planMessage = message;
    renderPlan();
}

QString DiffPanel::planText() const
{
    return m_sentences.isEmpty() ? m_planMessage : m_sentences.join(QLatin1Char('\n'));
}

DiffPanel::Mode DiffPanel::mode() const
{
    return Mode(m_modes->checkedId());
}

void DiffPanel::setMode(Mode mode)
{
    m_modes->button(int(mode))->setChecked(true);
    refresh();
    // The newly shown view scrolls to the current change too.
    if (m_controller->currentChange() >= 0)
        m_controller->goToChange(m_controller->currentChange());
}

void DiffPanel::renderPlan()
{
    const QPalette pal = palette();
    QString html = QStringLiteral("<b>%1</b>").arg(tr("Reload plan").toHtmlEscaped());
    if (m_sentences.isEmpty()) {
        html += QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                    .arg(editorColors::dimText(pal).name(), m_planMessage.toHtmlEscaped());
    }
    for (const QString &sentence : std::as_const(m_sentences)) {
        // The sentences come from the daemon (or core) in a fixed form:
        // "daemon.X: re-exec: batond re-executes itself ...", "web: unchanged".
        QColor color = pal.color(QPalette::WindowText);
        if (sentence.contains(QLatin1String(": re-exec: ")))
            color = editorColors::warning(pal);
        else if (sentence.endsWith(QLatin1String(": unchanged")))
            color = editorColors::dimText(pal);
        html += QStringLiteral("<br><span style=\"color:%1\">• %2</span>").arg(color.name(), sentence.toHtmlEscaped());
    }
    m_plan->setText(html);
}

void DiffPanel::refresh()
{
    const TextDiff &diff = m_controller->diff();
    const bool showDiff = m_controller->hasTexts() && !diff.isIdentical();
    if (!m_controller->hasTexts())
        m_placeholder->setText(m_placeholderText);
    else if (diff.isIdentical())
        m_placeholder->setText(tr("No differences."));
    m_stack->setCurrentWidget(!showDiff ? static_cast<QWidget *>(m_placeholder)
                              : mode() == Mode::SideBySide ? static_cast<QWidget *>(m_sideBySide)
                                                           : static_cast<QWidget *>(m_unified));
    const int count = m_controller->changeCount();
    const int current = m_controller->currentChange();
    m_stats->setText(showDiff ? tr("+%1 −%2").arg(diff.addedLines()).arg(diff.removedLines()) : QString());
    m_position->setText(!showDiff ? QString()
                        : current < 0 ? tr("Changes: %1").arg(count)
                                      : tr("Change %1 of %2").arg(current + 1).arg(count));
    m_previous->setEnabled(count > 0);
    m_next->setEnabled(count > 0);
}

void DiffPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        renderPlan();
}

} // namespace baton
