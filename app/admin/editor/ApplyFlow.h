#pragma once

#include "ConfigValidator.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QWidget;

namespace baton {

class ControlClient;
class NoticeBar;
struct ClientError;

// Applying the editor's text, for the config page: the confirmation Ctrl+S
// asks when the plan replaces or stops processes, signing where the host
// takes signed texts only, the apply_config call with the version the edits
// are based on, and its outcome told in the notice bar. The page keeps the
// editor's state and hears what came back through the signals.
class ApplyFlow final : public QObject {
    Q_OBJECT
public:
    ApplyFlow(ControlClient *client, NoticeBar *notice, QWidget *dialogParent);

    bool isApplying() const { return m_applying; }

    // What replaces or stops running processes, or restarts batond, is
    // confirmed first, as a rollback is; the lines come from the plan (the
    // daemon's, or core's offline), never decided here. An unknown plan too.
    static bool needsConfirmation(const ValidationResult &validated);
    // The plan in a box with Apply and Cancel; `onConfirmed` runs on Apply.
    void confirm(const ValidationResult &validated, std::function<void()> onConfirmed);
    // Signs `text` where a key is configured and sends it.
    void apply(const QString &text, const QString &baseVersion, const QString &comment);

Q_SIGNALS:
    void applyingChanged(bool applying);
    // Written as `version` (signed on the way out: `text` is what runs).
    // The reload's outcome is in the notice.
    void applied(const QString &text, const QString &version);
    // batond refused the text as invalid: its diagnostics.
    void rejected(const ValidationResult &result);
    // The running config changed since the edits' base: nothing written.
    void conflict();
    void finished(bool applied);

private:
    void setApplying(bool applying);
    void onReply(const QString &text, const QVariantMap &reply, const std::optional<ClientError> &error);

    QPointer<ControlClient> m_client;
    NoticeBar *m_notice;
    QWidget *m_dialogParent;
    bool m_applying = false;
};

} // namespace baton
