#include "ApplyFlow.h"

#include "ApplySigning.h"
#include "ControlClient.h"
#include "NoticeBar.h"
#include "RunningConfig.h"

#include "baton/ControlProtocol.h"

#include <QMessageBox>
#include <QPushButton>

namespace baton {

ApplyFlow::ApplyFlow(ControlClient *client, NoticeBar *notice, QWidget *dialogParent)
    : QObject(dialogParent), m_client(client), m_notice(notice), m_dialogParent(dialogParent)
{
}

bool ApplyFlow::needsConfirmation(const ValidationResult &validated)
{
    return !validated.planKnown || !validated.disruptive.isEmpty();
}

void ApplyFlow::confirm(const ValidationResult &validated, std::function<void()> onConfirmed)
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Apply"),
                                validated.planKnown ? tr("Apply this configuration? It replaces or stops running processes.")
                                                    : tr("Apply this configuration? Its plan is not known."),
                                QMessageBox::NoButton, m_dialogParent);
    if (validated.planKnown)
        box->setInformativeText(tr("Plan:") + QStringLiteral("\n• ") + validated.plan.join(QStringLiteral("\n• ")));
    QPushButton *confirmButton = box->addButton(tr("Apply"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(confirmButton);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("applyConfirmation"));
    connect(box, &QMessageBox::buttonClicked, this,
            [confirmButton, onConfirmed = std::move(onConfirmed)](QAbstractButton *clicked) {
        if (clicked == confirmButton && onConfirmed)
            onConfirmed();
    });
    box->open();
}

void ApplyFlow::setApplying(bool applying)
{
    m_applying = applying;
    Q_EMIT applyingChanged(applying);
}

void ApplyFlow::apply(const QString &text, const QString &baseVersion, const QString &comment)
{
    if (m_applying || !m_client || !m_client->isConnected())
        return;
    // Hosts with [daemon] signing_keys take signed texts only: sign with the
    // operator's key when one is configured (README "Signed configs").
    QString signError;
    const std::optional<QString> toApply = signForApply(text, &signError);
    if (!toApply) {
        m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) {
            return tr("Not applied: cannot sign with the private key: %1").arg(f.value(0));
        }, {signError});
        return;
    }
    setApplying(true);
    m_notice->showNotice(NoticeBar::Kind::Information,
                         [](const QStringList &f) { return tr("Applying version based on %1…").arg(f.value(0)); },
                         {shortVersion(baseVersion)});
    QVariantMap params{{QStringLiteral("text"), *toApply}, {QStringLiteral("expected_version"), baseVersion}};
    if (!comment.isEmpty())
        params.insert(QStringLiteral("comment"), comment);
    const QPointer<ApplyFlow> self(this);
    m_client->call(QStringLiteral("apply_config"), params,
                   [self, text = *toApply](const QVariantMap &reply, const std::optional<ClientError> &error) {
        if (self)
            self->onReply(text, reply, error);
    });
}

void ApplyFlow::onReply(const QString &text, const QVariantMap &reply, const std::optional<ClientError> &error)
{
    setApplying(false);
    if (error) {
        if (error->code == ControlErrorCode::Conflict) {
            Q_EMIT conflict();
        } else if (error->code == ControlErrorCode::InvalidConfig) {
            ValidationResult result;
            result.text = text;
            result.byDaemon = true;
            result.diagnostics =
                diagnosticsFromVariant(error->data.value(QStringLiteral("diagnostics")).toList(), &result.fileName);
            Q_EMIT rejected(result);
            if (error->data.value(QStringLiteral("signature_required")).toBool())
                m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) {
                    return tr("Not applied: this host requires signed configurations, and %1. To sign what you apply, "
                              "set BATON_SIGNING_KEY (or the setting signing/private_key_file) to your private key file, "
                              "or sign with batonctl sign. Nothing was written.")
                        .arg(f.value(0).isEmpty() ? tr("no private key is configured here")
                                                  : tr("the key configured here is not trusted by it"));
                }, {signingKeyFile()});
            else
                m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &) {
                    return tr("Not applied: the configuration is invalid. Nothing was written.");
                });
        } else if (error->code == -1) {
            m_notice->showNotice(NoticeBar::Kind::Warning, [](const QStringList &f) {
                return tr("The connection was lost before batond answered (%1): the change may or may not "
                          "have been applied. Reconnect and look at the history.").arg(f.value(0));
            }, {error->message});
        } else {
            m_notice->showNotice(NoticeBar::Kind::Error, [](const QStringList &f) { return tr("Not applied: %1").arg(f.value(0)); },
                                 {error->message});
        }
        Q_EMIT finished(false);
        return;
    }
    const QString version = reply.value(QStringLiteral("version")).toString();
    Q_EMIT applied(text, version);

    const QString outcome = reply.value(QStringLiteral("outcome")).toString();
    const QStringList rolledBack = reply.value(QStringLiteral("rolled_back")).toStringList();
    const QString historyId = QString::number(reply.value(QStringLiteral("history_id")).toInt());
    if (reply.value(QStringLiteral("ok")).toBool() && rolledBack.isEmpty()) {
        m_notice->showNotice(NoticeBar::Kind::Positive, [](const QStringList &f) {
            return tr("Applied as version %1 (history #%2). %3").arg(f.value(0), f.value(1), f.value(2));
        }, {shortVersion(version), historyId, outcome});
        m_notice->dismissAfter(8000);   // the window's outcome banner has it too; a later outcome must not sit under it
    } else {
        m_notice->showNotice(NoticeBar::Kind::Warning, [](const QStringList &f) {
            QString message = tr("Written as version %1 (history #%2), but the reload did not go through: %3")
                                  .arg(f.value(0), f.value(1), f.value(2));
            if (!f.value(3).isEmpty())
                message += QLatin1Char(' ') + tr("Rolled back, still running the old generation: %1.").arg(f.value(3));
            return message;
        }, {shortVersion(version), historyId, outcome, rolledBack.join(QStringLiteral(", "))});
    }
    Q_EMIT finished(true);
}

} // namespace baton
