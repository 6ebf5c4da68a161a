#pragma once

#include "DaemonMonitor.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace baton {

class ReloadController;

// The tray icon: overall state at a glance (ok, reloading, degraded,
// failed, offline), a menu to reload one service or all, open the window
// or quit, and a notification when a reload fails or rolls back and when a
// storm breaker opens. The menu exists even where the desktop has no tray
// (isAvailable() false), so its actions stay usable and testable; only the
// icon is not shown there.
class TrayIcon final : public QObject {
    Q_OBJECT
public:
    TrayIcon(DaemonMonitor *monitor, ReloadController *reloads, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();
    void setVisible(bool visible);   // ignored without a tray
    bool isVisible() const;

    QMenu *menu() const { return m_menu; }
    QAction *reloadAction(const QString &service) const { return m_serviceActions.value(service); }
    QAction *reloadAllAction() const { return m_reloadAll; }
    QAction *openAction() const { return m_open; }
    QAction *quitAction() const { return m_quit; }
    QString toolTip() const;
    // A plain information balloon, not recorded as a notification.
    void inform(const QString &title, const QString &message);
    void retranslate();   // every text, in the language installed now

    struct Notification {
        QString title;
        QString message;
        bool critical = false;
    };
    Notification lastNotification() const { return m_last; }

Q_SIGNALS:
    void openRequested();
    void quitRequested();
    void notified(const QString &title, const QString &message);

private:
    void rebuildServiceActions();
    void updateState();
    void onLiveEvent(const QVariantMap &event);
    void notify(const QString &title, const QString &message, bool critical);

    DaemonMonitor *m_monitor;
    ReloadController *m_reloads;
    QMenu *m_menu;
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_status;
    QAction *m_servicesSeparator;
    QAction *m_reloadAll;
    QAction *m_open;
    QAction *m_quit;
    QHash<QString, QAction *> m_serviceActions;
    Notification m_last;
    DaemonMonitor::Overall m_shownOverall = DaemonMonitor::Overall::Offline;
    bool m_iconShown = false;
};

} // namespace baton
