#pragma once

#include <QFrame>
#include <QTimer>

class QLabel;
class QPushButton;

namespace baton {

class ConnectionManager;

// The strip across the top of the window while there is no live
// connection: why (the last error), when the next attempt comes (a
// countdown), and buttons to retry now or pick another connection.
class OfflineBanner final : public QFrame {
    Q_OBJECT
public:
    explicit OfflineBanner(ConnectionManager *connection, QWidget *parent = nullptr);

    QString text() const;

Q_SIGNALS:
    void connectionDialogRequested();

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void retranslate();

    ConnectionManager *m_connection;
    QLabel *m_icon;
    QLabel *m_label;
    QPushButton *m_retry;
    QPushButton *m_choose;
    QTimer m_countdown;
};

} // namespace baton
