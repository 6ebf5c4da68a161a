#include "ConnectionDialog.h"

#include "Icons.h"
#include "baton/RuntimePaths.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace baton {

ConnectionDialog::ConnectionDialog(const QList<ConnectionProfile> &profiles, const ConnectionProfile &current,
                                   const QString &inUse, QWidget *parent)
    : QDialog(parent), m_list(new QListWidget(this)), m_name(new QLineEdit(this)), m_kind(new QComboBox(this)),
      m_socketLabel(new QLabel(this)), m_socket(new QLineEdit(this)), m_host(new QLineEdit(this)), m_user(new QLineEdit(this)),
      m_port(new QSpinBox(this)), m_hint(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to batond"));
    m_profiles << ConnectionProfile::local() << profiles;

    for (auto kind : {ConnectionProfile::Kind::Local, ConnectionProfile::Kind::SessionBus, ConnectionProfile::Kind::SystemBus,
                      ConnectionProfile::Kind::Socket, ConnectionProfile::Kind::Ssh})
        m_kind->addItem(ConnectionProfile::kindText(kind), int(kind));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default"));
    m_host->setPlaceholderText(tr("host name or address"));
    m_user->setPlaceholderText(tr("your login name"));
    m_name->setPlaceholderText(tr("optional"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Type:"), m_kind);
    form->addRow(m_socketLabel, m_socket);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(m_hint);
    m_socketLabel->setBuddy(m_socket);

    auto *add = new QPushButton(tr("&Add"), this);
    m_remove = new QPushButton(tr("&Remove"), this);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(form, 3);
    auto *layout = new QVBoxLayout(this);
    // What is in use now, as the connection reports it (e.g. the --socket
    // path), not what a profile would try.
    auto *now = new QLabel(inUse.isEmpty() ? tr("Not connected.") : tr("Connected to %1").arg(inUse), this);
    now->setObjectName(QStringLiteral("inUse"));
    now->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(now);
    layout->addLayout(columns, 1);
    layout->addWidget(m_buttons);

    QPushButton *connectButton = m_buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setIcon(icons::themed("network-connect", "action-connect.svg"));
    connectButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        storeForm();
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        storeForm();   // edits to the list are kept even without connecting
        reject();
    });
    connect(add, &QPushButton::clicked, this, &ConnectionDialog::addProfile);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionDialog::removeProfile);
    connect(m_list, &QListWidget::currentRowChanged, this, &ConnectionDialog::showProfile);
    connect(m_list, &QListWidget::itemDoubleClicked, m_buttons, &QDialogButtonBox::accepted);
    for (QLineEdit *edit : {m_name, m_socket, m_host, m_user})
        connect(edit, &QLineEdit::textEdited, this, &ConnectionDialog::storeForm);
    connect(m_port, &QSpinBox::valueChanged, this, &ConnectionDialog::storeForm);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        storeForm();
        updateForm();
    });

    for (int i = 0; i < m_profiles.size(); ++i) {
        m_list->addItem(QString());
        refreshItem(i);
    }
    const int currentRow = int(m_profiles.indexOf(current));
    m_list->setCurrentRow(std::max(0, currentRow));
    resize(640, 360);
}

QList<ConnectionProfile> ConnectionDialog::profiles() const
{
    return m_profiles.mid(1);
}

ConnectionProfile ConnectionDialog::selectedProfile() const
{
    return m_profiles.value(std::max(0, m_list->currentRow()));
}

void ConnectionDialog::addProfile()
{
    ConnectionProfile profile;
    profile.kind = ConnectionProfile::Kind::Ssh;
    m_profiles << profile;
    m_list->addItem(QString());
    refreshItem(int(m_profiles.size() - 1));
    m_list->setCurrentRow(int(m_profiles.size() - 1));
    m_host->setFocus();
}

void ConnectionDialog::removeProfile()
{
    const int row = m_list->currentRow();
    if (row <= 0)
        return;   // the built-in profile stays
    m_profiles.removeAt(row);
    delete m_list->takeItem(row);
}

void ConnectionDialog::showProfile(int row)
{
    if (row < 0 || row >= m_profiles.size())
        return;
    const ConnectionProfile &p = m_profiles[row];
    m_loading = true;
    m_name->setText(p.name);
    m_kind->setCurrentIndex(m_kind->findData(int(p.kind)));
    m_socket->setText(p.socketPath);
    m_host->setText(p.host);
    m_user->setText(p.user);
    m_port->setValue(p.port);
    m_loading = false;
    updateForm();
}

void ConnectionDialog::storeForm()
{
    const int row = m_list->currentRow();
    if (m_loading || row <= 0 || row >= m_profiles.size())
        return;
    ConnectionProfile &p = m_profiles[row];
    p.name = m_name->text().trimmed();
    p.kind = ConnectionProfile::Kind(m_kind->currentData().toInt());
    p.socketPath = m_socket->text().trimmed();
    p.host = m_host->text().trimmed();
    p.user = m_user->text().trimmed();
    p.port = m_port->value();
    refreshItem(row);
    updateForm();
}

void ConnectionDialog::updateForm()
{
    const int row = m_list->currentRow();
    const bool builtIn = row <= 0;
    const auto kind = ConnectionProfile::Kind(m_kind->currentData().toInt());
    const bool ssh = kind == ConnectionProfile::Kind::Ssh;
    const bool socket = kind == ConnectionProfile::Kind::Socket;
    m_name->setEnabled(!builtIn);
    m_kind->setEnabled(!builtIn);
    m_socket->setEnabled(!builtIn && (socket || ssh));
    m_socketLabel->setText(ssh ? tr("Remote &socket:") : tr("&Socket:"));
    m_socket->setPlaceholderText(ssh ? tr("batonctl's default") : defaultControlSocket());
    for (QWidget *w : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_user), static_cast<QWidget *>(m_port)})
        w->setEnabled(!builtIn && ssh);
    m_remove->setEnabled(!builtIn);
    switch (kind) {
    case ConnectionProfile::Kind::Local:
        m_hint->setText(tr("Tries the D-Bus session bus, then the system bus, then %1.").arg(defaultControlSocket()));
        break;
    case ConnectionProfile::Kind::Ssh:
        m_hint->setText(tr("Runs “ssh -T HOST batonctl bridge”. Key or agent authentication only: there is no password prompt."));
        break;
    default: m_hint->clear(); break;
    }
    const bool valid = m_profiles.value(std::max(0, row)).isValid();
    for (QAbstractButton *button : m_buttons->buttons()) {
        if (m_buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            button->setEnabled(valid);
    }
}

void ConnectionDialog::refreshItem(int row)
{
    const ConnectionProfile &p = m_profiles[row];
    QListWidgetItem *item = m_list->item(row);
    if (!item)
        return;
    item->setText(p.kind == ConnectionProfile::Kind::Ssh && p.host.isEmpty() ? tr("New SSH connection") : p.title());
    item->setToolTip(p.description());
    item->setIcon(p.kind == ConnectionProfile::Kind::Local ? icons::app() : icons::themed("network-server", "action-connect.svg"));
}

} // namespace baton
