#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;

namespace baton {

class LogFeed;
class LogView;

// The dashboard's output pane: the selected service's newest worker output,
// followed live, with a way to the Logs page for the rest.
class OutputDock final : public QWidget {
    Q_OBJECT
public:
    explicit OutputDock(LogFeed *feed, QWidget *parent = nullptr);

    void setService(const QString &service);
    LogView *view() const { return m_view; }
    QPushButton *openButton() const { return m_open; }
    QString title() const;

Q_SIGNALS:
    void openRequested(const QString &service);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateTitle();
    void updateState();

    LogFeed *m_feed;
    LogView *m_view;
    QLabel *m_title;
    QLabel *m_message;
    QStackedWidget *m_stack;
    QPushButton *m_open;
    QString m_service;
};

} // namespace baton
