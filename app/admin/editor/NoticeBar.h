#pragma once

#include <QFrame>
#include <QList>
#include <QTimer>

#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace baton {

// A non-modal message strip (in the manner of KMessageWidget): outcome of
// an apply, a version conflict with its way out, "the running config
// changed", a save error. Showing a notice replaces the previous one.
class NoticeBar final : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Information, Positive, Warning, Error };

    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(Kind kind, const QString &text);
    // A button on the current notice; the notice closes when it is clicked.
    QPushButton *addButton(const QString &text, std::function<void()> onClick);
    void dismiss();
    // Hides the current notice after `ms` unless another one replaced it
    // (a success that stays would still be there versions later).
    void dismissAfter(int ms);

    Kind kind() const { return m_kind; }
    QString text() const;
    QList<QPushButton *> buttons() const { return m_buttons; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QColor accentColor() const;

    Kind m_kind = Kind::Information;
    QLabel *m_label;
    QHBoxLayout *m_buttonRow;
    QList<QPushButton *> m_buttons;
    QTimer m_autoDismiss;
};

} // namespace baton
