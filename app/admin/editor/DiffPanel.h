#pragma once

#include <QStringList>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QStackedWidget;
class QToolButton;

namespace baton {

class DiffController;
class SideBySideDiffView;
class UnifiedDiffView;

// The diff area shared by the config page and the history panel: the
// reload plan in plain words on top, a toolbar (side-by-side / unified,
// previous / next change, line counts), then the views, both driven by one
// DiffController.
class DiffPanel final : public QWidget {
    Q_OBJECT
public:
    enum class Mode { SideBySide, Unified };

    explicit DiffPanel(QWidget *parent = nullptr);

    DiffController *controller() const { return m_controller; }
    SideBySideDiffView *sideBySideView() const { return m_sideBySide; }
    UnifiedDiffView *unifiedView() const { return m_unified; }

    void setTitles(const QString &oldTitle, const QString &newTitle);
    // Shown instead of the views while the controller has no texts.
    void setPlaceholder(const QString &text);
    void setPlan(const QStringList &sentences);
    void setPlanMessage(const QString &message);   // instead of a plan: why there is none
    QString planText() const;                      // as plain text, one sentence a line

    Mode mode() const;
    void setMode(Mode mode);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void renderPlan();

    DiffController *m_controller;
    QLabel *m_plan;
    QLabel *m_titles;
    QLabel *m_position;
    QLabel *m_stats;
    QToolButton *m_previous;
    QToolButton *m_next;
    QButtonGroup *m_modes;
    QStackedWidget *m_stack;
    SideBySideDiffView *m_sideBySide;
    UnifiedDiffView *m_unified;
    QLabel *m_placeholder;
    QString m_placeholderText;
    QStringList m_sentences;
    QString m_planMessage;
};

} // namespace baton
