#include "NoticeBar.h"

#include "EditorColors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace baton {

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent), m_label(new QLabel(this)), m_buttonRow(new QHBoxLayout)
{
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(this);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &NoticeBar::dismiss);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addLayout(m_buttonRow);
    layout->addWidget(close, 0, Qt::AlignTop);
    m_autoDismiss.setSingleShot(true);
    connect(&m_autoDismiss, &QTimer::timeout, this, &NoticeBar::dismiss);
    hide();
}

void NoticeBar::showNotice(Kind kind, const QString &text)
{
    for (QPushButton *button : std::as_const(m_buttons))
        button->deleteLater();
    m_buttons.clear();
    m_autoDismiss.stop();
    m_kind = kind;
    m_label->setText(text);
    show();
    update();
}

QPushButton *NoticeBar::addButton(const QString &text, std::function<void()> onClick)
{
    auto *button = new QPushButton(text, this);
    m_buttonRow->addWidget(button);
    m_buttons.append(button);
    connect(button, &QPushButton::clicked, this, [this, onClick = std::move(onClick)] {
        hide();
        if (onClick)
            onClick();
    });
    return button;
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
