#pragma once

#include <QFrame>
#include <QList>
#include <QStringList>
#include <QTimer>

#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QToolButton;

namespace baton {

// A non-modal message strip (in the manner of KMessageWidget): outcome of
// an apply, a version conflict with its way out, "the running config
// changed", a save error. Showing a notice replaces the previous one.
//
// A notice is kept as data, its kind and its fields (versions, ids, paths,
// daemon errors), with a renderer that has no state of its own: on a
// language change the same notice is told again in the new language
// rather than left in the old one.
class NoticeBar final : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Information, Positive, Warning, Error };
    // Puts the fields into words with tr(), in the language installed now.
    // A plain function (a lambda without captures): whatever it says must
    // be in the fields.
    using Render = QString (*)(const QStringList &fields);

    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(Kind kind, Render text, const QStringList &fields = {});
    // A button on the current notice; the notice closes when it is clicked.
    QPushButton *addButton(Render text, std::function<void()> onClick);
    void dismiss();
    // Hides the current notice after `ms` unless another one replaced it
    // (a success that stays would still be there versions later).
    void dismissAfter(int ms);

    Kind kind() const { return m_kind; }
    QStringList fields() const { return m_fields; }
    QString text() const;
    QList<QPushButton *> buttons() const { return m_buttons; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    QColor accentColor() const;

    Kind m_kind = Kind::Information;
    Render m_render = nullptr;
    QStringList m_fields;
    QList<Render> m_buttonTexts;   // of m_buttons, index for index
    QLabel *m_label;
    QToolButton *m_close;
    QHBoxLayout *m_buttonRow;
    QList<QPushButton *> m_buttons;
    QTimer m_autoDismiss;
};

} // namespace baton
