#pragma once

#include "baton/OutcomeTracker.h"

#include <QFrame>
#include <QTimer>

#include <optional>

class QLabel;
class QPushButton;
class QToolButton;
class QVariantAnimation;

namespace baton {

// The outcome of the last reload or apply, above every page: one banner for
// one outcome, replaced by the next one. A success fades after a few
// seconds; a failure stays until dismissed, says what failed and why, quotes
// the failing worker's last output and leads to the rest of it ("Show
// output"). The outcomes are the daemon's (OutcomeTracker reads its events);
// this only puts them into words.
class OutcomeBanner final : public QFrame {
    Q_OBJECT
public:
    explicit OutcomeBanner(OutcomeTracker *tracker, QWidget *parent = nullptr);

    std::optional<Outcome> outcome() const { return m_outcome; }
    QString text() const;              // what it says, as plain text; empty when hidden
    QPushButton *showOutputButton() const { return m_showOutput; }
    QToolButton *dismissButton() const { return m_dismiss; }
    void dismiss();

    static QString headline(const Outcome &outcome);
    static QString detailsHtml(const Outcome &outcome);
    static constexpr int SuccessVisibleMs = 6000;
    static constexpr int FadeMs = 600;
    static constexpr int QuotedLines = 3;

Q_SIGNALS:
    // The failing worker's output: on the Logs page, filtered to it.
    void showOutputRequested(const QString &service, int generation, qint64 pid);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onOutcome(const Outcome &outcome, bool fresh);
    void fadeOut();
    void retranslate();
    QColor accentColor() const;

    QLabel *m_icon;
    QLabel *m_headline;
    QLabel *m_details;
    QPushButton *m_showOutput;
    QToolButton *m_dismiss;
    QTimer m_fadeTimer;
    QVariantAnimation *m_fade;
    qreal m_opacity = 1.0;
    std::optional<Outcome> m_outcome;
};

} // namespace baton
