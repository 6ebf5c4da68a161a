<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>Local daemon (automatic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D-Bus session bus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D-Bus system bus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>socket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::ClientRouter</name>
    <message>
        <source>switched to another connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected to batond</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::ConfigPage</name>
    <message>
        <source>Not connected to batond: there is no running configuration to compare with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a local file into the editor (Ctrl+Z undoes it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the editor&apos;s text to a local file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment for the history (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the running configuration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverted to the running configuration (version %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your edits are now compared with the running configuration (version %1). Review the diff and the plan, then apply again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the errors to see what a reload would do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No changes: the editor holds the running configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid. Connect to batond to see what a reload would do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The running configuration changed (version %1) while you were editing; the diff and the plan are against an older version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the running config and re-apply my edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to batond: nothing can be applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: the configuration has errors. Fix them first (see Problems).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying version based on %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: the running configuration changed since you loaded it. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: the configuration is invalid. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied as version %1 (history #%2). %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written as version %1 (history #%2), but the reload did not go through: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back, still running the old generation: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard your edits and load the running configuration?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Z in the editor brings them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOML files (*.toml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Configuration As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: larger than 1 MiB, batond would refuse it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1. The diff shows what Apply would change in the running configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unapplied Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration has changes that are neither applied nor saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply them to the running daemon, or discard them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batond is not connected, so they cannot be applied now. Discard them, or cancel and use Save As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to batond: Apply needs the daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No changes to apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate, write and reload the running configuration (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the running configuration into the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>editor (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running, version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection was lost before batond answered (%1): the change may or may not have been applied. Reconnect and look at the history.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::ConnectionDialog</name>
    <message>
        <source>Connect to batond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host name or address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your login name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote &amp;socket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Socket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batonctl&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tries the D-Bus session bus, then the system bus, then %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs “ssh -T HOST batonctl bridge”. Key or agent authentication only: there is no password prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New SSH connection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::ConnectionManager</name>
    <message>
        <source>%1: no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not supported by this build</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::DashboardPage</name>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new generation of the selected service (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-read the configuration and give every service a new generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: nothing on this page is live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No service selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n restart(s) in the window</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>storm breaker open: reload or reset to restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reloading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset %1 (close the storm breaker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reset: missing workers are restarting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::DiffPanel</name>
    <message>
        <source>Side by Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to compare yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  →  %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1 −%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous change (Alt+Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next change (Alt+Down)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::EventModel</name>
    <message>
        <source>Crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exec failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storm breaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload finished, rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchdog timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config changed on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker lifecycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollbacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::FindBar</name>
    <message>
        <source>Match case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No matches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::GenerationsBar</name>
    <message>
        <source>No generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>current · %n worker(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>starting · %1/%2 ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>draining · %n worker(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>killed in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed, rolling back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::HistoryPanel</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll Back to This Version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a version to see what rolling back to it would change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to batond: the list is as last read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 (running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hash %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read version #%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running, version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the running configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This version is not valid any more (%1); rolling back to it would be refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back to version #%1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batond validates it, writes it as a new version and reloads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling back to version #%1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rollback to #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not rolled back to #%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back to #%1: now running version %2 (history #%3). %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version #%1 was written, but the reload did not go through: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still running the old generation: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This version is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the selected version again, after a confirmation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::MainWindow</name>
    <message>
        <source>Refresh failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect &amp;Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload &amp;All Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep Running in the &amp;Tray When Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Baton Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Baton Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Baton Admin %1&lt;/h3&gt;&lt;p&gt;Watch the services run by batond, edit their configuration with validation and a diff, and reload them without downtime.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baton Admin — %1 [*]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batond %1, PID %2, up %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time Baton Admin starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baton Admin is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It keeps watching batond from the tray. Use Quit in its menu to end it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::MetricsChartView</name>
    <message>
        <source>Open file descriptors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resident memory (MiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 PID %2 (gen. %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID %1 (gen. %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 gen. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gen. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: last sample at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::OfflineBanner</name>
    <message>
        <source>Retry Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Connecting to %1…&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Offline: not connected to batond (%1).&lt;/b&gt; Nothing shown is live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Retrying in %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>baton::ProblemsPanel</name>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors: %1, warnings: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(checked by batond)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(checked locally: not connected to batond)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::ReloadController</name>
    <message>
        <source>all services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reloaded: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload of %1 rolled back, the old generation keeps serving (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::ServiceModel</name>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n worker(s) of the current generation ready</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n wanted</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Crash restarts within the restart window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::SshBridgeClient</name>
    <message>
        <source>cannot connect to %1: not a host name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected from batond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected to batond (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batond sent a line longer than %1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh exited with status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection to %1 lost: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::TimelinePage</name>
    <message>
        <source>Select an event to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search messages, PIDs, exit codes, signals… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(core dumped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::TrayIcon</name>
    <message>
        <source>Reload All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Baton Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload of %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All services running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Degraded: some workers are missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: a service stopped restarting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baton: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: storm breaker open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload of %1 rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload rejected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>baton::WorkerModel</name>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slot %1 of generation %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sampled yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
