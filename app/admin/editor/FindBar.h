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

private:
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
    int m_matchCount = 0;
};

} // namespace baton
