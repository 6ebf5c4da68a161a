#pragma once

#include "ConnectionProfile.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace baton {

// Connection profiles: the built-in local one (session bus, system bus,
// default socket, in that order), and any number of saved ones: a bus, a
// socket path, or a host reached over SSH. "Connect" accepts the dialog
// with the selected profile; the list is saved either way.
class ConnectionDialog final : public QDialog {
    Q_OBJECT
public:
    // inUse: the endpoint connected now ("unix:/run/baton/control.sock"), or "".
    ConnectionDialog(const QList<ConnectionProfile> &profiles, const ConnectionProfile &current, const QString &inUse = {},
                     QWidget *parent = nullptr);

    QList<ConnectionProfile> profiles() const;     // the saved ones (without the built-in)
    ConnectionProfile selectedProfile() const;

private:
    void addProfile();
    void removeProfile();
    void showProfile(int row);
    void storeForm();
    void updateForm();
    void refreshItem(int row);

    QList<ConnectionProfile> m_profiles;   // [0] is the built-in local profile
    QListWidget *m_list;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QLabel *m_socketLabel;
    QLineEdit *m_socket;
    QLineEdit *m_host;
    QLineEdit *m_user;
    QSpinBox *m_port;
    QLabel *m_hint;
    QPushButton *m_remove;
    QDialogButtonBox *m_buttons;
    bool m_loading = false;
};

} // namespace baton
