#pragma once

#include <QTextDocument>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace baton {

class ConfigEditor;

// The find/replace bar under the editor (Ctrl+F finds, Ctrl+H also
// replaces): next/previous with wrap-around, match case, replace, replace
// all (one undo step), every match highlighted in the editor.
class FindBar final : public QWidget {
    Q_OBJECT
public:
    explicit FindBar(ConfigEditor *editor, QWidget *parent = nullptr);

    QString searchText() const;
    void setSearchText(const QString &text);
    void setReplaceText(const QString &text);
    void setMatchCase(bool on);
    int matchCount() const { return m_matchCount; }
    QString statusText() const;   // "Matches: 3", "No matches", "Replaced: 2"

public Q_SLOTS:
    void showFind();
    void showReplace();
    void findNext();
    void findPrevious();
    void replace();
    int replaceAll();
    void close();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // What the status label says, kept as data so a language change tells it again.
    enum class Status { None, Matches, Replaced };
    void retranslate();
    void updateStatus();
    void open(bool withReplace);
    void find(bool backward);
    void refreshMatches();
    QTextDocument::FindFlags flags() const;
    bool selectionMatches() const;

    ConfigEditor *m_editor;
    QLineEdit *m_find;
    QLineEdit *m_replace;
    QCheckBox *m_matchCase;
    QLabel *m_status;
    QWidget *m_replaceRow;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_closeButton;
    QPushButton *m_replaceOne;
    QPushButton *m_replaceAll;
    Status m_statusKind = Status::None;
    int m_matchCount = 0;
    int m_replacedCount = 0;
};

} // namespace baton
