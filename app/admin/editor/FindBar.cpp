#include "FindBar.h"

#include "ConfigEditor.h"
#include "EditorColors.h"

#include <QCheckBox>
#include <QEvent>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace baton {

namespace {

constexpr int MaxHighlightedMatches = 1000;

} // namespace

FindBar::FindBar(ConfigEditor *editor, QWidget *parent)
    : QWidget(parent), m_editor(editor), m_find(new QLineEdit(this)), m_replace(new QLineEdit(this)),
      m_matchCase(new QCheckBox(this)), m_status(new QLabel(this)), m_replaceRow(new QWidget(this)),
      m_previous(new QToolButton(this)), m_next(new QToolButton(this)), m_closeButton(new QToolButton(this)),
      m_replaceOne(new QPushButton(m_replaceRow)), m_replaceAll(new QPushButton(m_replaceRow))
{
    m_find->setClearButtonEnabled(true);
    m_find->installEventFilter(this);
    m_replace->installEventFilter(this);
    m_previous->setArrowType(Qt::UpArrow);
    m_next->setArrowType(Qt::DownArrow);
    m_closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_closeButton->setAutoRaise(true);
    retranslate();

    auto *findRow = new QHBoxLayout;
    findRow->addWidget(m_find, 1);
    findRow->addWidget(m_previous);
    findRow->addWidget(m_next);
    findRow->addWidget(m_matchCase);
    findRow->addWidget(m_status);
    findRow->addWidget(m_closeButton);
    auto *replaceRow = new QHBoxLayout(m_replaceRow);
    replaceRow->setContentsMargins(0, 0, 0, 0);
    replaceRow->addWidget(m_replace, 1);
    replaceRow->addWidget(m_replaceOne);
    replaceRow->addWidget(m_replaceAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(findRow);
    layout->addWidget(m_replaceRow);

    connect(m_find, &QLineEdit::textChanged, this, [this] {
        refreshMatches();
        // Incremental search: keep the selection where it starts.
        QTextCursor c = m_editor->textCursor();
        c.setPosition(c.selectionStart());
        m_editor->setTextCursor(c);
        if (!m_find->text().isEmpty())
            find(false);
    });
    connect(m_matchCase, &QCheckBox::toggled, this, &FindBar::refreshMatches);
    connect(m_previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(m_next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(m_closeButton, &QToolButton::clicked, this, &FindBar::close);
    connect(m_replaceOne, &QPushButton::clicked, this, &FindBar::replace);
    connect(m_replaceAll, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (isVisible())
            refreshMatches();
    });
    hide();
}

QString FindBar::searchText() const { return m_find->text(); }
void FindBar::setSearchText(const QString &text) { m_find->setText(text); }
void FindBar::setReplaceText(const QString &text) { m_replace->setText(text); }
void FindBar::setMatchCase(bool on) { m_matchCase->setChecked(on); }
QString FindBar::statusText() const { return m_status->text(); }

// Every text, again on QEvent::LanguageChange; the status says the same in
// the new language.
void FindBar::retranslate()
{
    m_matchCase->setText(tr("Match case"));
    m_find->setPlaceholderText(tr("Find"));
    m_replace->setPlaceholderText(tr("Replace with"));
    m_previous->setToolTip(tr("Previous match (Shift+Enter)"));
    m_next->setToolTip(tr("Next match (Enter)"));
    m_closeButton->setToolTip(tr("Close (Esc)"));
    m_replaceOne->setText(tr("Replace"));
    m_replaceAll->setText(tr("Replace All"));
    updateStatus();
}

void FindBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void FindBar::updateStatus()
{
    switch (m_statusKind) {
    case Status::None: m_status->setText(QString()); break;
    case Status::Matches: m_status->setText(m_matchCount ? tr("Matches: %1").arg(m_matchCount) : tr("No matches")); break;
    case Status::Replaced: m_status->setText(tr("Replaced: %1").arg(m_replacedCount)); break;
    }
}

void FindBar::showFind() { open(false); }
void FindBar::showReplace() { open(true); }

void FindBar::open(bool withReplace)
{
    const QString selected = m_editor->textCursor().selectedText();
    if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator))
        m_find->setText(selected);
    m_replaceRow->setVisible(withReplace);
    show();
    refreshMatches();
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
}

void FindBar::close()
{
    hide();
    m_editor->setSearchMatches({});
    m_editor->setFocus(Qt::OtherFocusReason);
}

QTextDocument::FindFlags FindBar::flags() const
{
    return m_matchCase->isChecked() ? QTextDocument::FindCaseSensitively : QTextDocument::FindFlags();
}

void FindBar::findNext() { find(false); }
void FindBar::findPrevious() { find(true); }

void FindBar::find(bool backward)
{
    const QString term = m_find->text();
    if (term.isEmpty())
        return;
    QTextDocument::FindFlags f = flags();
    if (backward)
        f |= QTextDocument::FindBackward;
    QTextDocument *doc = m_editor->document();
    QTextCursor found = doc->find(term, m_editor->textCursor(), f);
    if (found.isNull()) {   // wrap around
        QTextCursor from(doc);
        if (backward)
            from.movePosition(QTextCursor::End);
        found = doc->find(term, from, f);
    }
    if (!found.isNull()) {
        m_editor->setTextCursor(found);
        m_editor->centerCursor();
    }
}

bool FindBar::selectionMatches() const
{
    const QString selected = m_editor->textCursor().selectedText();
    return !selected.isEmpty()
        && selected.compare(m_find->text(), m_matchCase->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive) == 0;
}

void FindBar::replace()
{
    if (m_find->text().isEmpty())
        return;
    if (selectionMatches())
        m_editor->textCursor().insertText(m_replace->text());
    find(false);
}

int FindBar::replaceAll()
{
    const QString term = m_find->text();
    if (term.isEmpty())
        return 0;
    QTextDocument *doc = m_editor->document();
    QTextCursor edit(doc);
    edit.beginEditBlock();
    int count = 0;
    QTextCursor found = doc->find(term, 0, flags());
    while (!found.isNull()) {
        found.insertText(m_replace->text());
        ++count;
        found = doc->find(term, found, flags());
    }
    edit.endEditBlock();
    m_statusKind = Status::Replaced;
    m_replacedCount = count;
    updateStatus();
    return count;
}

void FindBar::refreshMatches()
{
    QList<QTextCursor> matches;
    const QString term = m_find->text();
    m_matchCount = 0;
    if (!term.isEmpty()) {
        QTextCursor found = m_editor->document()->find(term, 0, flags());
        while (!found.isNull()) {
            ++m_matchCount;
            if (matches.size() < MaxHighlightedMatches)
                matches.append(found);
            found = m_editor->document()->find(term, found, flags());
        }
    }
    m_editor->setSearchMatches(matches);
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText, term.isEmpty() || m_matchCount ? palette().color(QPalette::WindowText)
                                                                       : editorColors::error(palette()));
    m_status->setPalette(pal);
    m_statusKind = term.isEmpty() ? Status::None : Status::Matches;
    updateStatus();
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (watched == m_replace)
                replace();
            else
                find(key->modifiers() & Qt::ShiftModifier);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace baton
