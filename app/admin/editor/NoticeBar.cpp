#include "NoticeBar.h"

#include "EditorColors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace baton {

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent), m_label(new QLabel(this)), m_close(new QToolButton(this)), m_buttonRow(new QHBoxLayout)
{
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    connect(m_close, &QToolButton::clicked, this, &NoticeBar::dismiss);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addLayout(m_buttonRow);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    m_autoDismiss.setSingleShot(true);
    connect(&m_autoDismiss, &QTimer::timeout, this, &NoticeBar::dismiss);
    retranslate();
    hide();
}

void NoticeBar::showNotice(Kind kind, Render text, const QStringList &fields)
{
    for (QPushButton *button : std::as_const(m_buttons))
        button->deleteLater();
    m_buttons.clear();
    m_buttonTexts.clear();
    m_autoDismiss.stop();
    m_kind = kind;
    m_render = text;
    m_fields = fields;
    m_label->setText(m_render ? m_render(m_fields) : QString());
    show();
    update();
}

QPushButton *NoticeBar::addButton(Render text, std::function<void()> onClick)
{
    auto *button = new QPushButton(text ? text({}) : QString(), this);
    m_buttonRow->addWidget(button);
    m_buttons.append(button);
    m_buttonTexts.append(text);
    connect(button, &QPushButton::clicked, this, [this, onClick = std::move(onClick)] {
        hide();
        if (onClick)
            onClick();
    });
    return button;
}

// The notice shown (or hidden, to be shown again) in the language installed
// now: it neither reappears nor restarts its auto-dismiss.
void NoticeBar::retranslate()
{
    m_close->setToolTip(tr("Dismiss"));
    if (m_render)
        m_label->setText(m_render(m_fields));
    for (qsizetype i = 0; i < m_buttons.size() && i < m_buttonTexts.size(); ++i) {
        if (m_buttonTexts[i])
            m_buttons[i]->setText(m_buttonTexts[i]({}));
    }
}

void NoticeBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void NoticeBar::dismissAfter(int ms)
{
    m_autoDismiss.start(ms);
}

void NoticeBar::dismiss()
{
    hide();
}

QString NoticeBar::text() const
{
    return isHidden() ? QString() : m_label->text();
}

QColor NoticeBar::accentColor() const
{
    switch (m_kind) {
    case Kind::Positive: return editorColors::positive(palette());
    case Kind::Warning: return editorColors::warning(palette());
    case Kind::Error: return editorColors::error(palette());
    case Kind::Information: break;
    }
    return palette().color(QPalette::Highlight);
}

void NoticeBar::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = accentColor();
    painter.setPen(QPen(accent, 1));
    painter.setBrush(editorColors::mix(palette().color(QPalette::Window), accent, 0.15));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

} // namespace baton
