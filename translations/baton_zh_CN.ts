<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommandLine</name>
    <message>
        <source>Baton Admin</source>
        <translation>Baton Admin</translation>
    </message>
    <message>
        <source>Watch and reload the services run by batond.</source>
        <translation>监视并重新加载由 batond 运行的服务。</translation>
    </message>
    <message>
        <source>Start hidden in the system tray.</source>
        <translation>启动时隐藏在系统托盘中。</translation>
    </message>
    <message>
        <source>Connect to batond&apos;s control socket at &lt;path&gt;.</source>
        <translation>连接到位于 &lt;path&gt; 的 batond 控制套接字。</translation>
    </message>
    <message>
        <source>path</source>
        <translation>path</translation>
    </message>
    <message>
        <source>Connect to batond on the D-Bus &lt;bus&gt;: session or system.</source>
        <translation>通过 D-Bus &lt;bus&gt; 连接到 batond：session 或 system。</translation>
    </message>
    <message>
        <source>bus</source>
        <translation>bus</translation>
    </message>
    <message>
        <source>--socket and --bus cannot be used together</source>
        <translation>--socket 和 --bus 不能同时使用</translation>
    </message>
    <message>
        <source>--bus takes &quot;session&quot; or &quot;system&quot;, not &quot;%1&quot;</source>
        <translation>--bus 只接受“session”或“system”，而不是“%1”</translation>
    </message>
    <message>
        <source>this desktop has no system tray; showing the window</source>
        <translation>此桌面没有系统托盘；改为显示窗口</translation>
    </message>
</context>
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>Local daemon (automatic)</source>
        <translation>本机守护进程（自动）</translation>
    </message>
    <message>
        <source>D-Bus session bus</source>
        <translation>D-Bus 会话总线</translation>
    </message>
    <message>
        <source>D-Bus system bus</source>
        <translation>D-Bus 系统总线</translation>
    </message>
    <message>
        <source>Control socket</source>
        <translation>控制套接字</translation>
    </message>
    <message>
        <source>SSH</source>
        <translation>SSH</translation>
    </message>
    <message>
        <source>socket %1</source>
        <translation>套接字 %1</translation>
    </message>
    <message>
        <source>ssh %1</source>
        <translation>ssh %1</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>exit code %1</source>
        <translation>退出码 %1</translation>
    </message>
    <message>
        <source>signal %1</source>
        <translation>信号 %1</translation>
    </message>
    <message>
        <source>%1, core dumped</source>
        <translation>%1，已转储核心</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Worker %1 ended with %2 after %3</source>
        <translation>工作进程 %1 运行 %3 后结束，%2</translation>
    </message>
    <message>
        <source>Worker %1 ended with %2</source>
        <translation>工作进程 %1 已结束，%2</translation>
    </message>
    <message>
        <source>Worker %1 ended</source>
        <translation>工作进程 %1 已结束</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Reload of %1 finished</source>
        <translation>%1 的重新加载已完成</translation>
    </message>
    <message>
        <source>Reload of %1 rolled back: %2</source>
        <translation>%1 的重新加载已回滚：%2</translation>
    </message>
    <message>
        <source>Reload finished</source>
        <translation>重新加载已完成</translation>
    </message>
    <message>
        <source>Reload finished; rolled back: %1</source>
        <translation>重新加载已完成；已回滚：%1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Worker %1 spawned for generation %2</source>
        <translation>已为第 %2 代启动工作进程 %1</translation>
    </message>
    <message>
        <source>A worker could not be started</source>
        <translation>无法启动工作进程</translation>
    </message>
    <message>
        <source>Worker %1 is ready</source>
        <translation>工作进程 %1 已就绪</translation>
    </message>
    <message>
        <source>Generation %1 is ready and serving</source>
        <translation>第 %1 代已就绪并提供服务</translation>
    </message>
    <message>
        <source>A worker restarts in %1 (attempt %2)</source>
        <translation>工作进程将在 %1 后重启（第 %2 次尝试）</translation>
    </message>
    <message>
        <source>Too many restarts: the service failed and restarts no more until a reload or reset</source>
        <translation>重启次数过多：服务已失败，在重新加载或重置之前不再重启</translation>
    </message>
    <message>
        <source>Worker %1 was told to stop and drains</source>
        <translation>已通知工作进程 %1 停止，正在排空</translation>
    </message>
    <message>
        <source>Draining the workers left by the previous batond</source>
        <translation>正在排空上一个 batond 留下的工作进程</translation>
    </message>
    <message>
        <source>Worker %1 killed with SIGKILL (%2)</source>
        <translation>工作进程 %1 已被 SIGKILL 终止（%2）</translation>
    </message>
    <message>
        <source>Reload started</source>
        <translation>重新加载已开始</translation>
    </message>
    <message>
        <source>Starting generation %1</source>
        <translation>正在启动第 %1 代</translation>
    </message>
    <message>
        <source>Generation %1 rolled back</source>
        <translation>第 %1 代已回滚</translation>
    </message>
    <message>
        <source>Reload rejected, nothing changed</source>
        <translation>重新加载被拒绝，未做任何更改</translation>
    </message>
    <message>
        <source>Generation %1 scaled to a new number of workers</source>
        <translation>第 %1 代已调整工作进程数量</translation>
    </message>
    <message>
        <source>Worker %1 sent no watchdog ping in time</source>
        <translation>工作进程 %1 未及时发送看门狗信号</translation>
    </message>
    <message>
        <source>Storm breaker closed by a reset; the missing workers restart</source>
        <translation>重置已关闭风暴熔断；缺失的工作进程将重启</translation>
    </message>
    <message>
        <source>The configuration file changed on disk</source>
        <translation>磁盘上的配置文件已更改</translation>
    </message>
    <message>
        <source>The configuration file changed on disk and is invalid: %1</source>
        <translation>磁盘上的配置文件已更改且无效：%1</translation>
    </message>
    <message>
        <source>A new configuration was applied</source>
        <translation>已应用新配置</translation>
    </message>
    <message>
        <source>The applied configuration was rolled back</source>
        <translation>已应用的配置已回滚</translation>
    </message>
    <message>
        <source>A configuration was refused; the running one keeps serving</source>
        <translation>配置被拒绝；正在运行的配置继续提供服务</translation>
    </message>
    <message>
        <source>Restart of worker %1 requested: a replacement starts, then it drains</source>
        <translation>已请求重启工作进程 %1：先启动替代进程，然后它将排空</translation>
    </message>
    <message>
        <source>A signal was sent to worker %1 on request</source>
        <translation>已按请求向工作进程 %1 发送信号</translation>
    </message>
    <message>
        <source>Stopped on request: every worker drains; the service stays stopped until started</source>
        <translation>已按请求停止：所有工作进程正在排空；服务将保持停止，直到被启动</translation>
    </message>
    <message>
        <source>Started on request</source>
        <translation>已按请求启动</translation>
    </message>
    <message>
        <source>Upgrade in place asked for: running the new binary&apos;s preflight</source>
        <translation>已请求原地升级：正在运行新程序的预检</translation>
    </message>
    <message>
        <source>batond was upgraded in place, same PID, workers adopted</source>
        <translation>batond 已原地升级，PID 不变，已接管工作进程</translation>
    </message>
    <message>
        <source>The upgrade was refused or failed; the running batond serves on</source>
        <translation>升级被拒绝或失败；正在运行的 batond 继续提供服务</translation>
    </message>
    <message>
        <source>batond started</source>
        <translation>batond 已启动</translation>
    </message>
    <message>
        <source>Graceful stop: every worker drains</source>
        <translation>正常停止：所有工作进程正在排空</translation>
    </message>
    <message>
        <source>Every worker has exited; batond stopped</source>
        <translation>所有工作进程已退出；batond 已停止</translation>
    </message>
    <message>
        <source>Configuration version %1 was applied</source>
        <translation>已应用配置版本 %1</translation>
    </message>
    <message>
        <source>Configuration version %1 was applied by %2</source>
        <translation>配置版本 %1 已由 %2 应用</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <translation>%1：“%2”</translation>
    </message>
    <message>
        <source>Generation %1 is ready; it takes over once its workers stayed ready for %2</source>
        <translation>第 %1 代已就绪；其工作进程保持就绪 %2 后即接管</translation>
    </message>
</context>
<context>
    <name>baton::ApplyFlow</name>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Apply this configuration? It replaces or stops running processes.</source>
        <translation>应用此配置？它会替换或停止正在运行的进程。</translation>
    </message>
    <message>
        <source>Apply this configuration? Its plan is not known.</source>
        <translation>应用此配置？其计划尚不可知。</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>计划：</translation>
    </message>
    <message>
        <source>Not applied: cannot sign with the private key: %1</source>
        <translation>未应用：无法使用私钥签名：%1</translation>
    </message>
    <message>
        <source>Applying version based on %1…</source>
        <translation>正在应用基于 %1 的版本…</translation>
    </message>
    <message>
        <source>Not applied: this host requires signed configurations, and %1. To sign what you apply, set BATON_SIGNING_KEY (or the setting signing/private_key_file) to your private key file, or sign with batonctl sign. Nothing was written.</source>
        <translation>未应用：此主机要求配置经过签名，而%1。要为应用的配置签名，请将 BATON_SIGNING_KEY（或设置项 signing/private_key_file）设为你的私钥文件，或使用 batonctl sign 签名。未写入任何内容。</translation>
    </message>
    <message>
        <source>no private key is configured here</source>
        <translation>此处未配置私钥</translation>
    </message>
    <message>
        <source>the key configured here is not trusted by it</source>
        <translation>此处配置的密钥不受该主机信任</translation>
    </message>
    <message>
        <source>Not applied: the configuration is invalid. Nothing was written.</source>
        <translation>未应用：配置无效。未写入任何内容。</translation>
    </message>
    <message>
        <source>The connection was lost before batond answered (%1): the change may or may not have been applied. Reconnect and look at the history.</source>
        <translation>batond 响应前连接已断开（%1）：更改可能已应用，也可能没有。请重新连接并查看历史。</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>Applied as version %1 (history #%2). %3</source>
        <translation>已应用为版本 %1（历史 #%2）。%3</translation>
    </message>
    <message>
        <source>Written as version %1 (history #%2), but the reload did not go through: %3</source>
        <translation>已写入为版本 %1（历史 #%2），但重新加载未完成：%3</translation>
    </message>
    <message>
        <source>Rolled back, still running the old generation: %1.</source>
        <translation>已回滚，仍在运行旧世代：%1。</translation>
    </message>
</context>
<context>
    <name>baton::ClientRouter</name>
    <message>
        <source>switched to another connection</source>
        <translation>已切换到另一个连接</translation>
    </message>
    <message>
        <source>not connected to batond</source>
        <translation>未连接到 batond</translation>
    </message>
</context>
<context>
    <name>baton::ConfigPage</name>
    <message>
        <source>Not connected to batond: there is no running configuration to compare with.</source>
        <translation>未连接到 batond：没有可供比较的运行中配置。</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)…</translation>
    </message>
    <message>
        <source>Load a local file into the editor (Ctrl+Z undoes it)</source>
        <translation>将本地文件加载到编辑器（可用 Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <source>Save the editor&apos;s text to a local file</source>
        <translation>将编辑器的内容保存为本地文件</translation>
    </message>
    <message>
        <source>Comment for the history (optional)</source>
        <translation>历史备注（可选）</translation>
    </message>
    <message>
        <source>Could not read the running configuration: %1</source>
        <translation>无法读取运行中的配置：%1</translation>
    </message>
    <message>
        <source>Reverted to the running configuration (version %1).</source>
        <translation>已还原为运行中的配置（版本 %1）。</translation>
    </message>
    <message>
        <source>Fix the errors to see what a reload would do.</source>
        <translation>修正错误后即可看到重新加载会做什么。</translation>
    </message>
    <message>
        <source>No changes: the editor holds the running configuration.</source>
        <translation>没有更改：编辑器中就是运行中的配置。</translation>
    </message>
    <message>
        <source>Valid. Connect to batond to see what a reload would do.</source>
        <translation>有效。连接到 batond 即可看到重新加载会做什么。</translation>
    </message>
    <message>
        <source>The running configuration changed (version %1) while you were editing; the diff and the plan are against an older version.</source>
        <translation>您编辑期间，运行中的配置已更改（版本 %1）；当前的差异和计划是基于较旧的版本。</translation>
    </message>
    <message>
        <source>Reload the running config and re-apply my edits</source>
        <translation>重新加载运行中的配置，并重新应用我的编辑</translation>
    </message>
    <message>
        <source>Not connected to batond: nothing can be applied.</source>
        <translation>未连接到 batond：无法应用任何内容。</translation>
    </message>
    <message>
        <source>Not applied: the configuration has errors. Fix them first (see Problems).</source>
        <translation>未应用：配置有错误。请先修正（见“问题”）。</translation>
    </message>
    <message>
        <source>Not applied: the running configuration changed since you loaded it. Nothing was written.</source>
        <translation>未应用：加载后运行中的配置已更改。未写入任何内容。</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Discard your edits and load the running configuration?</source>
        <translation>要放弃您的编辑并加载运行中的配置吗？</translation>
    </message>
    <message>
        <source>Ctrl+Z in the editor brings them back.</source>
        <translation>在编辑器中按 Ctrl+Z 可以找回。</translation>
    </message>
    <message>
        <source>Open Configuration</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>TOML files (*.toml);;All files (*)</source>
        <translation>TOML 文件 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Configuration As</source>
        <translation>配置另存为</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot open %1: larger than 1 MiB, batond would refuse it.</source>
        <translation>无法打开 %1：文件大于 1 MiB，batond 会拒绝它。</translation>
    </message>
    <message>
        <source>Opened %1. The diff shows what Apply would change in the running configuration.</source>
        <translation>已打开 %1。差异显示“应用”会对运行中的配置做哪些更改。</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>Unapplied Changes</source>
        <translation>尚未应用的更改</translation>
    </message>
    <message>
        <source>The configuration has changes that are neither applied nor saved.</source>
        <translation>配置有尚未应用也尚未保存的更改。</translation>
    </message>
    <message>
        <source>Apply them to the running daemon, or discard them?</source>
        <translation>要将它们应用到运行中的守护进程，还是放弃？</translation>
    </message>
    <message>
        <source>batond is not connected, so they cannot be applied now. Discard them, or cancel and use Save As…</source>
        <translation>尚未连接到 batond，因此目前无法应用。请放弃它们，或取消后使用“另存为…”</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Not connected to batond: Apply needs the daemon</source>
        <translation>未连接到 batond：应用需要守护进程</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>正在应用…</translation>
    </message>
    <message>
        <source>No changes to apply</source>
        <translation>没有要应用的更改</translation>
    </message>
    <message>
        <source>Validate, write and reload the running configuration (Ctrl+S)</source>
        <translation>校验、写入并重新加载运行中的配置（Ctrl+S）</translation>
    </message>
    <message>
        <source>Load the running configuration into the editor</source>
        <translation>将运行中的配置加载到编辑器</translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation>未连接到 batond</translation>
    </message>
    <message>
        <source>editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <source>editor (%1)</source>
        <translation>编辑器（%1）</translation>
    </message>
    <message>
        <source>running, version %1</source>
        <translation>运行中，版本 %1</translation>
    </message>
    <message>
        <source>Fix the errors in the problems list first</source>
        <translation>请先修正问题列表中的错误</translation>
    </message>
    <message>
        <source>my edits</source>
        <translation>我的修改</translation>
    </message>
    <message>
        <source>when you started editing</source>
        <translation>开始编辑时</translation>
    </message>
    <message>
        <source>running (version %1)</source>
        <translation>运行中（版本 %1）</translation>
    </message>
    <message>
        <source>Your edits could not be merged (%1): they are unchanged in the editor, compared with the running configuration (version %2).</source>
        <translation>无法合并您的修改（%1）：编辑器中的内容保持不变，并与运行中的配置（版本 %2）进行比较。</translation>
    </message>
    <message>
        <source>Your edits were merged onto the running configuration (version %1). Review the diff and the plan, then apply.</source>
        <translation>您的修改已合并到运行中的配置（版本 %1）。请检查差异和计划，然后应用。</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s): you and version %1 changed the same lines. In each marked region keep what should stay and delete the marker lines; nothing can be applied before.</source>
        <translation>
            <numerusform>%n 处冲突：您和版本 %1 修改了相同的行。请在每个标记区域中保留应保留的内容并删除标记行；在此之前无法应用。</numerusform>
        </translation>
    </message>
    <message>
        <source>no configuration is loaded yet</source>
        <translation>尚未加载配置</translation>
    </message>
    <message>
        <source>Cannot scale %1 in the editor: %2</source>
        <translation>无法在编辑器中调整 %1 的规模：%2</translation>
    </message>
    <message>
        <source>%1 set to %2 workers in the editor: the plan says what Apply will do.</source>
        <translation>已在编辑器中将 %1 设为 %2 个工作进程：计划会说明应用后将发生什么。</translation>
    </message>
</context>
<context>
    <name>baton::ConnectionDialog</name>
    <message>
        <source>Connect to batond</source>
        <translation>连接到 batond</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>host name or address</source>
        <translation>主机名或地址</translation>
    </message>
    <message>
        <source>your login name</source>
        <translation>您的登录名</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>类型(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Remote &amp;socket:</source>
        <translation>远程套接字(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Socket:</source>
        <translation>套接字(&amp;S)：</translation>
    </message>
    <message>
        <source>batonctl&apos;s default</source>
        <translation>batonctl 的默认值</translation>
    </message>
    <message>
        <source>Tries the D-Bus session bus, then the system bus, then %1.</source>
        <translation>依次尝试 D-Bus 会话总线、系统总线，最后是 %1。</translation>
    </message>
    <message>
        <source>Runs “ssh -T HOST batonctl bridge”. Key or agent authentication only: there is no password prompt.</source>
        <translation>运行“ssh -T 主机 batonctl bridge”。仅支持密钥或代理认证：不会提示输入密码。</translation>
    </message>
    <message>
        <source>New SSH connection</source>
        <translation>新的 SSH 连接</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
</context>
<context>
    <name>baton::ConnectionManager</name>
    <message>
        <source>%1: no answer</source>
        <translation>%1：没有响应</translation>
    </message>
    <message>
        <source>%1: not supported by this build</source>
        <translation>%1：此版本不支持</translation>
    </message>
</context>
<context>
    <name>baton::DashboardPage</name>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Start a new generation of the selected service (Ctrl+R)</source>
        <translation>为选中的服务启动新的世代（Ctrl+R）</translation>
    </message>
    <message>
        <source>Reload All</source>
        <translation>全部重新加载</translation>
    </message>
    <message>
        <source>Re-read the configuration and give every service a new generation</source>
        <translation>重新读取配置，并为每个服务启动新的世代</translation>
    </message>
    <message>
        <source>Not connected: nothing on this page is live.</source>
        <translation>未连接：此页面上没有任何实时数据。</translation>
    </message>
    <message>
        <source>No service selected</source>
        <translation>未选择服务</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>storm breaker open: reload or reset to restart</source>
        <translation>风暴熔断已触发：重新加载或重置以重启</translation>
    </message>
    <message>
        <source>Reload %1</source>
        <translation>重新加载 %1</translation>
    </message>
    <message>
        <source>Reloading %1…</source>
        <translation>正在重新加载 %1…</translation>
    </message>
    <message>
        <source>Reset %1 (close the storm breaker)</source>
        <translation>重置 %1（解除风暴熔断）</translation>
    </message>
    <message>
        <source>restarts in the window: %1</source>
        <translation>时间窗内重启次数：%1</translation>
    </message>
    <message>
        <source>Stop %1</source>
        <translation>停止 %1</translation>
    </message>
    <message>
        <source>Start %1</source>
        <translation>启动 %1</translation>
    </message>
    <message>
        <source>Restart Worker %1</source>
        <translation>重启工作进程 %1</translation>
    </message>
    <message>
        <source>Start a replacement; once it is ready, this worker drains</source>
        <translation>启动替代进程；它就绪后，此工作进程即排空</translation>
    </message>
    <message>
        <source>Send Signal</source>
        <translation>发送信号</translation>
    </message>
    <message>
        <source>Kill Worker %1?</source>
        <translation>要强制结束工作进程 %1 吗？</translation>
    </message>
    <message>
        <source>SIGKILL ends worker %1 at once: the requests it is serving are cut off. Its slot is refilled right away.</source>
        <translation>SIGKILL 会立即结束工作进程 %1：它正在处理的请求会被中断。它的位置会立刻补上。</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>强制结束</translation>
    </message>
    <message>
        <source>stopped by request</source>
        <translation>按请求停止</translation>
    </message>
    <message>
        <source>Show output of PID %1</source>
        <translation>显示 PID %1 的输出</translation>
    </message>
    <message>
        <source>File descriptors</source>
        <translation>文件描述符</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>Scale %1…</source>
        <translation>调整 %1 的规模…</translation>
    </message>
    <message>
        <source>Change the worker count in the configuration editor; Apply after the plan</source>
        <translation>在配置编辑器中修改工作进程数量；查看计划后再应用</translation>
    </message>
    <message>
        <source>batond would not restart it now: %1</source>
        <translation>batond 现在不会重启它：%1</translation>
    </message>
</context>
<context>
    <name>baton::DiffPanel</name>
    <message>
        <source>Side by Side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Unified</source>
        <translation>统一</translation>
    </message>
    <message>
        <source>Nothing to compare yet.</source>
        <translation>目前没有可比较的内容。</translation>
    </message>
    <message>
        <source>%1  →  %2</source>
        <translation>%1  →  %2</translation>
    </message>
    <message>
        <source>Reload plan</source>
        <translation>重新加载计划</translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation>没有差异。</translation>
    </message>
    <message>
        <source>+%1 −%2</source>
        <translation>+%1 −%2</translation>
    </message>
    <message>
        <source>Changes: %1</source>
        <translation>更改：%1</translation>
    </message>
    <message>
        <source>Change %1 of %2</source>
        <translation>第 %1 处更改，共 %2 处</translation>
    </message>
    <message>
        <source>Previous change (Alt+Up)</source>
        <translation>上一处更改（Alt+Up）</translation>
    </message>
    <message>
        <source>Next change (Alt+Down)</source>
        <translation>下一处更改（Alt+Down）</translation>
    </message>
</context>
<context>
    <name>baton::EventModel</name>
    <message>
        <source>Crashed</source>
        <translation>崩溃</translation>
    </message>
    <message>
        <source>Exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>Spawned</source>
        <translation>已启动</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Exec failed</source>
        <translation>执行失败</translation>
    </message>
    <message>
        <source>Generation ready</source>
        <translation>世代就绪</translation>
    </message>
    <message>
        <source>Restart scheduled</source>
        <translation>已计划重启</translation>
    </message>
    <message>
        <source>Storm breaker</source>
        <translation>风暴熔断</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>排空中</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>已强制终止</translation>
    </message>
    <message>
        <source>Reload started</source>
        <translation>开始重新加载</translation>
    </message>
    <message>
        <source>Reload finished, rolled back</source>
        <translation>重新加载完成，已回滚</translation>
    </message>
    <message>
        <source>Reload finished</source>
        <translation>重新加载完成</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>已回滚</translation>
    </message>
    <message>
        <source>Reload rejected</source>
        <translation>重新加载被拒绝</translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation>已调整规模</translation>
    </message>
    <message>
        <source>Watchdog timeout</source>
        <translation>看门狗超时</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>已重置</translation>
    </message>
    <message>
        <source>Config applied</source>
        <translation>已应用配置</translation>
    </message>
    <message>
        <source>Config changed on disk</source>
        <translation>磁盘上的配置已更改</translation>
    </message>
    <message>
        <source>Daemon started</source>
        <translation>守护进程已启动</translation>
    </message>
    <message>
        <source>Daemon stopping</source>
        <translation>守护进程正在停止</translation>
    </message>
    <message>
        <source>Daemon stopped</source>
        <translation>守护进程已停止</translation>
    </message>
    <message>
        <source>Worker lifecycle</source>
        <translation>工作进程生命周期</translation>
    </message>
    <message>
        <source>Crashes</source>
        <translation>崩溃</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Reloads</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Rollbacks</source>
        <translation>回滚</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Daemon</source>
        <translation>守护进程</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>世代</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Drained</source>
        <translation>已排空</translation>
    </message>
    <message>
        <source>Killed at the drain deadline</source>
        <translation>排空期限到时被终止</translation>
    </message>
    <message>
        <source>Killed: never ready</source>
        <translation>已终止：始终未就绪</translation>
    </message>
    <message>
        <source>Killed: rolled back</source>
        <translation>已终止：已回滚</translation>
    </message>
    <message>
        <source>Killed: watchdog</source>
        <translation>已终止：看门狗超时</translation>
    </message>
    <message>
        <source>Killed: stopping</source>
        <translation>已终止：正在停止</translation>
    </message>
    <message>
        <source>Killed: out of memory</source>
        <translation>已终止：内存不足</translation>
    </message>
    <message>
        <source>Killed by an outside signal</source>
        <translation>被外部信号终止</translation>
    </message>
    <message>
        <source>Exited after an operator&apos;s signal</source>
        <translation>在操作员的信号后退出</translation>
    </message>
    <message>
        <source>Restarted on request</source>
        <translation>按请求重启</translation>
    </message>
    <message>
        <source>Stopped on request</source>
        <translation>按请求停止</translation>
    </message>
    <message>
        <source>Generation holding</source>
        <translation>世代保持中</translation>
    </message>
</context>
<context>
    <name>baton::FindBar</name>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配项（Shift+Enter）</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个匹配项（Enter）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Replaced: %1</source>
        <translation>已替换：%1</translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation>匹配项：%1</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>没有匹配项</translation>
    </message>
</context>
<context>
    <name>baton::GenerationsBar</name>
    <message>
        <source>No generation</source>
        <translation>没有世代</translation>
    </message>
    <message>
        <source>Generation %1</source>
        <translation>第 %1 代</translation>
    </message>
    <message>
        <source>starting · %1/%2 ready</source>
        <translation>启动中 · %1/%2 就绪</translation>
    </message>
    <message>
        <source>killed in %1</source>
        <translation>%1 后强制终止</translation>
    </message>
    <message>
        <source>failed, rolling back</source>
        <translation>失败，正在回滚</translation>
    </message>
    <message>
        <source>current · %1/%2 ready</source>
        <translation>当前 · %1/%2 就绪</translation>
    </message>
    <message>
        <source>draining · %1 left</source>
        <translation>排空中 · 剩余 %1 个</translation>
    </message>
</context>
<context>
    <name>baton::Highlighting</name>
    <message>
        <source>built-in TOML highlighter</source>
        <translation>内置 TOML 高亮器</translation>
    </message>
</context>
<context>
    <name>baton::HistoryPanel</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Roll Back to This Version…</source>
        <translation>回滚到此版本…</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>应用时间</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Select a version to see what rolling back to it would change.</source>
        <translation>选择一个版本，即可看到回滚到该版本会更改哪些内容。</translation>
    </message>
    <message>
        <source>Not connected to batond: the list is as last read.</source>
        <translation>未连接到 batond：列表为上次读取的内容。</translation>
    </message>
    <message>
        <source>Could not read the history: %1</source>
        <translation>无法读取历史：%1</translation>
    </message>
    <message>
        <source>#%1 (running)</source>
        <translation>#%1（运行中）</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Hash %1</source>
        <translation>哈希值 %1</translation>
    </message>
    <message>
        <source>Could not read version #%1: %2</source>
        <translation>无法读取版本 #%1：%2</translation>
    </message>
    <message>
        <source>running, version %1</source>
        <translation>运行中，版本 %1</translation>
    </message>
    <message>
        <source>version #%1</source>
        <translation>版本 #%1</translation>
    </message>
    <message>
        <source>This is the running configuration.</source>
        <translation>这就是运行中的配置。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>This version is not valid any more (%1); rolling back to it would be refused.</source>
        <translation>此版本已不再有效（%1）；回滚到此版本会被拒绝。</translation>
    </message>
    <message>
        <source>Roll Back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <source>Roll back to version #%1?</source>
        <translation>要回滚到版本 #%1 吗？</translation>
    </message>
    <message>
        <source>batond validates it, writes it as a new version and reloads.</source>
        <translation>batond 会校验它、将其写入为新版本并重新加载。</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>计划：</translation>
    </message>
    <message>
        <source>Rolling back to version #%1…</source>
        <translation>正在回滚到版本 #%1…</translation>
    </message>
    <message>
        <source>rollback to #%1</source>
        <translation>回滚到 #%1</translation>
    </message>
    <message>
        <source>Not rolled back to #%1: %2</source>
        <translation>未回滚到 #%1：%2</translation>
    </message>
    <message>
        <source>Rolled back to #%1: now running version %2 (history #%3). %4</source>
        <translation>已回滚到 #%1：现在运行版本 %2（历史 #%3）。%4</translation>
    </message>
    <message>
        <source>Version #%1 was written, but the reload did not go through: %2</source>
        <translation>版本 #%1 已写入，但重新加载未完成：%2</translation>
    </message>
    <message>
        <source>Still running the old generation: %1.</source>
        <translation>仍在运行旧世代：%1。</translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation>未连接到 batond</translation>
    </message>
    <message>
        <source>This version is running</source>
        <translation>此版本正在运行</translation>
    </message>
    <message>
        <source>Apply the selected version again, after a confirmation</source>
        <translation>确认后再次应用所选版本</translation>
    </message>
</context>
<context>
    <name>baton::LogLineModel</name>
    <message>
        <source>stderr</source>
        <translation>stderr</translation>
    </message>
    <message>
        <source>stdout</source>
        <translation>stdout</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Gen.</source>
        <translation>世代</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
</context>
<context>
    <name>baton::LogsPage</name>
    <message>
        <source>All lines</source>
        <translation>所有行</translation>
    </message>
    <message>
        <source>stderr only</source>
        <translation>仅 stderr</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Search the output… (Ctrl+F)</source>
        <translation>搜索输出…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the newest lines in view; scrolling up pauses, scrolling to the end follows again</source>
        <translation>让最新的行保持在视野中；向上滚动会暂停，滚动到底部会再次跟随</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selected lines (Ctrl+C)</source>
        <translation>复制选中的行（Ctrl+C）</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the lines shown to a file</source>
        <translation>将显示的行保存到文件</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>服务：</translation>
    </message>
    <message>
        <source>Generation:</source>
        <translation>世代：</translation>
    </message>
    <message>
        <source>Worker:</source>
        <translation>工作进程：</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>所有服务</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>PID %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>Save Output</source>
        <translation>保存输出</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>日志文件 (*.log *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Worker output is not available to you&lt;/h3&gt;&lt;p&gt;batond refused to show it: %1&lt;/p&gt;&lt;p&gt;Reading worker output needs the rights of a sensitive read: root, batond&apos;s user or a member of its admin_group (on the system bus, the polkit action io.github.baton.manage).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;您无法查看工作进程输出&lt;/h3&gt;&lt;p&gt;batond 拒绝显示：%1&lt;/p&gt;&lt;p&gt;读取工作进程输出需要敏感读取权限：root、batond 的用户或其 admin_group 的成员（在系统总线上为 polkit 操作 io.github.baton.manage）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Access refused</source>
        <translation>访问被拒绝</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Could not load worker output&lt;/h3&gt;&lt;p&gt;%1&lt;/p&gt;</source>
        <translation>&lt;h3&gt;无法加载工作进程输出&lt;/h3&gt;&lt;p&gt;%1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Offline: the lines shown are not live</source>
        <translation>离线：显示的行不是实时的</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Lines: %1</source>
        <translation>行数：%1</translation>
    </message>
    <message>
        <source>Lines: %1 of %2</source>
        <translation>行数：%1 / %2</translation>
    </message>
    <message>
        <source>Dropped by batond (log_buffer full): %1</source>
        <translation>batond 已丢弃（log_buffer 已满）：%1</translation>
    </message>
    <message>
        <source>Lines batond let go before anyone read them; raise log_buffer in the service&apos;s configuration to keep more.</source>
        <translation>batond 在任何人读取之前就丢弃的行；在服务配置中提高 log_buffer 以保留更多。</translation>
    </message>
    <message>
        <source>Held back by log_rate: %1</source>
        <translation>被 log_rate 限速：%1</translation>
    </message>
    <message>
        <source>Time batond left these services&apos; output waiting because they printed faster than their log_rate; their workers waited in write() meanwhile. Nothing was dropped for it; raise log_rate to take more.</source>
        <translation>这些服务的输出快于其 log_rate，batond 让它们等待的时间；其间其工作进程在 write() 中等待。没有因此丢弃任何行；调高 log_rate 可接收更多。</translation>
    </message>
</context>
<context>
    <name>baton::MainWindow</name>
    <message>
        <source>Refresh failed: %1</source>
        <translation>刷新失败：%1</translation>
    </message>
    <message>
        <source>&amp;Reload Service</source>
        <translation>重新加载服务(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Reload %1</source>
        <translation>重新加载 %1(&amp;R)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>Restart History</source>
        <translation>重启历史</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>History</source>
        <translation>版本历史</translation>
    </message>
    <message>
        <source>Configuration *</source>
        <translation>配置 *</translation>
    </message>
    <message>
        <source>&amp;Connection…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>Reconnect &amp;Now</source>
        <translation>立即重新连接(&amp;N)</translation>
    </message>
    <message>
        <source>Reload &amp;All Services</source>
        <translation>重新加载所有服务(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Keep Running in the &amp;Tray When Closed</source>
        <translation>关闭窗口后在系统托盘中继续运行(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>服务(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Configuration</source>
        <translation>配置(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Baton Admin</source>
        <translation>关于 Baton Admin(&amp;A)</translation>
    </message>
    <message>
        <source>About Baton Admin</source>
        <translation>关于 Baton Admin</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Baton Admin %1&lt;/h3&gt;&lt;p&gt;Watch the services run by batond, edit their configuration with validation and a diff, and reload them without downtime.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Baton Admin %1&lt;/h3&gt;&lt;p&gt;监视由 batond 运行的服务，在校验和差异对比下编辑其配置，并在不停机的情况下重新加载。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Configuration editor highlighting: %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;配置编辑器的语法高亮：%1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation>已刷新</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>all running</source>
        <translation>全部运行中</translation>
    </message>
    <message>
        <source>reloading</source>
        <translation>重新加载中</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>降级</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接到 %1…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>batond %1, PID %2, up %3</source>
        <translation>batond %1，PID %2，已运行 %3</translation>
    </message>
    <message>
        <source>Baton Admin is still running</source>
        <translation>Baton Admin 仍在运行</translation>
    </message>
    <message>
        <source>It keeps watching batond from the tray. Use Quit in its menu to end it.</source>
        <translation>它会在系统托盘中继续监视 batond。请使用菜单中的“退出”来关闭它。</translation>
    </message>
    <message>
        <source>S&amp;top Service</source>
        <translation>停止服务(&amp;T)</translation>
    </message>
    <message>
        <source>Drain the selected service&apos;s workers; it stays stopped until started</source>
        <translation>排空所选服务的工作进程；在启动之前它会保持停止</translation>
    </message>
    <message>
        <source>St&amp;art Service</source>
        <translation>启动服务(&amp;A)</translation>
    </message>
    <message>
        <source>R&amp;eset Service</source>
        <translation>重置服务(&amp;E)</translation>
    </message>
    <message>
        <source>Close the storm breaker of a failed service and restart its missing workers</source>
        <translation>关闭失败服务的风暴熔断，并重启缺失的工作进程</translation>
    </message>
    <message>
        <source>S&amp;top %1</source>
        <translation>停止 %1(&amp;T)</translation>
    </message>
    <message>
        <source>St&amp;art %1</source>
        <translation>启动 %1(&amp;A)</translation>
    </message>
    <message>
        <source>R&amp;eset %1</source>
        <translation>重置 %1(&amp;E)</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>%1[*]</source>
        <translation>%1[*]</translation>
    </message>
    <message>
        <source>Change the worker count in the configuration editor; Apply after the plan</source>
        <translation>在配置编辑器中修改工作进程数量；查看计划后再应用</translation>
    </message>
    <message>
        <source>Sc&amp;ale Service…</source>
        <translation>调整服务规模(&amp;A)…</translation>
    </message>
    <message>
        <source>Sc&amp;ale %1…</source>
        <translation>调整 %1 的规模(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>baton::MetricsChartView</name>
    <message>
        <source>Open file descriptors</source>
        <translation>打开的文件描述符</translation>
    </message>
    <message>
        <source>Resident memory (MiB)</source>
        <translation>常驻内存（MiB）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Offline: last sample at %1</source>
        <translation>离线：最后采样于 %1</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>正在等待第一个采样…</translation>
    </message>
    <message>
        <source>Offline: no data</source>
        <translation>离线：没有数据</translation>
    </message>
    <message>
        <source>CPU (% of one core)</source>
        <translation>CPU（单核百分比）</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>per worker</source>
        <translation>每个工作进程</translation>
    </message>
    <message>
        <source>new generation</source>
        <translation>新一代</translation>
    </message>
    <message>
        <source>crash</source>
        <translation>崩溃</translation>
    </message>
    <message>
        <source>%1 (exited)</source>
        <translation>%1（已退出）</translation>
    </message>
    <message>
        <source>%1 %2: worker %3 crashed</source>
        <translation>%1 %2：工作进程 %3 崩溃</translation>
    </message>
    <message>
        <source>%1 %2: generation %3 took over</source>
        <translation>%1 %2：第 %3 代接管</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>每秒请求数</translation>
    </message>
</context>
<context>
    <name>baton::NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>baton::OfflineBanner</name>
    <message>
        <source>Retry Now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Connection…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connecting to %1…&lt;/b&gt;</source>
        <translation>&lt;b&gt;正在连接到 %1…&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Offline: not connected to batond (%1).&lt;/b&gt; Nothing shown is live.</source>
        <translation>&lt;b&gt;离线：未连接到 batond（%1）。&lt;/b&gt;显示的内容都不是实时数据。</translation>
    </message>
    <message>
        <source>Next attempt in %1 s.</source>
        <translation>%1 秒后再次尝试。</translation>
    </message>
</context>
<context>
    <name>baton::OutcomeBanner</name>
    <message>
        <source>Show output</source>
        <translation>显示输出</translation>
    </message>
    <message>
        <source>The failing worker&apos;s output on the Logs page</source>
        <translation>在日志页面上显示失败工作进程的输出</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reload rejected: nothing changed</source>
        <translation>重新加载被拒绝：没有任何更改</translation>
    </message>
    <message>
        <source>Configuration applied: every service runs it</source>
        <translation>配置已应用：所有服务都在运行它</translation>
    </message>
    <message>
        <source>Applying the configuration failed: rolled back, the previous version keeps running</source>
        <translation>应用配置失败：已回滚，先前的版本继续运行</translation>
    </message>
    <message>
        <source>Reload finished: every changed service is on its new generation</source>
        <translation>重新加载完成：每个更改的服务都已在新世代上</translation>
    </message>
    <message>
        <source>Reload failed: rolled back, the old generation keeps serving</source>
        <translation>重新加载失败：已回滚，旧世代继续服务</translation>
    </message>
    <message>
        <source>%1 reloaded: the new generation is serving</source>
        <translation>%1 已重新加载：新世代正在服务</translation>
    </message>
    <message>
        <source>Reload of %1 failed: rolled back, the old generation keeps serving</source>
        <translation>%1 重新加载失败：已回滚，旧世代继续服务</translation>
    </message>
    <message>
        <source>%1, generation %2: %3</source>
        <translation>%1，第 %2 代：%3</translation>
    </message>
    <message>
        <source>Last output of PID %1:</source>
        <translation>PID %1 的最后输出：</translation>
    </message>
</context>
<context>
    <name>baton::OutputDock</name>
    <message>
        <source>Open in Logs</source>
        <translation>在日志中打开</translation>
    </message>
    <message>
        <source>Show this service&apos;s output on the Logs page, with filters, search and save</source>
        <translation>在日志页面上显示此服务的输出，可筛选、搜索和保存</translation>
    </message>
    <message>
        <source>Worker output</source>
        <translation>工作进程输出</translation>
    </message>
    <message>
        <source>Worker output of %1</source>
        <translation>%1 的工作进程输出</translation>
    </message>
    <message>
        <source>batond does not show you worker output: %1</source>
        <translation>batond 不向您显示工作进程输出：%1</translation>
    </message>
    <message>
        <source>Could not load worker output: %1</source>
        <translation>无法加载工作进程输出：%1</translation>
    </message>
</context>
<context>
    <name>baton::ProblemsPanel</name>
    <message>
        <source>Severity</source>
        <translation>严重性</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Errors: %1, warnings: %2</source>
        <translation>错误：%1，警告：%2</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>没有问题</translation>
    </message>
    <message>
        <source>(checked by batond)</source>
        <translation>（由 batond 检查）</translation>
    </message>
    <message>
        <source>(checked locally: not connected to batond)</source>
        <translation>（本地检查：未连接到 batond）</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
</context>
<context>
    <name>baton::ReloadController</name>
    <message>
        <source>all services</source>
        <translation>所有服务</translation>
    </message>
    <message>
        <source>Reload of %1 failed: %2</source>
        <translation>重新加载 %1 失败：%2</translation>
    </message>
    <message>
        <source>%1 reloaded: %2</source>
        <translation>%1 已重新加载：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Reload of %1 rolled back, the old generation keeps serving (%2)</source>
        <translation>重新加载 %1 已回滚，旧世代继续提供服务（%2）</translation>
    </message>
</context>
<context>
    <name>baton::ScaleFlow</name>
    <message>
        <source>Scale %1</source>
        <translation>调整 %1 的规模</translation>
    </message>
    <message>
        <source>Workers of %1 (the editor gets the change; Apply after the plan):</source>
        <translation>%1 的工作进程数（更改写入编辑器；查看计划后再应用）：</translation>
    </message>
</context>
<context>
    <name>baton::ServiceActions</name>
    <message>
        <source>Restarting worker %1…</source>
        <translation>正在重启工作进程 %1…</translation>
    </message>
    <message>
        <source>Restart of worker %1 failed: %2</source>
        <translation>工作进程 %1 重启失败：%2</translation>
    </message>
    <message>
        <source>Worker %1 replaced by %2; %1 is draining</source>
        <translation>工作进程 %1 已由 %2 替换；%1 正在排空</translation>
    </message>
    <message>
        <source>Sending %1 to worker %2…</source>
        <translation>正在向工作进程 %2 发送 %1…</translation>
    </message>
    <message>
        <source>Signal to worker %1 failed: %2</source>
        <translation>向工作进程 %1 发送信号失败：%2</translation>
    </message>
    <message>
        <source>%1 sent to worker %2</source>
        <translation>已向工作进程 %2 发送 %1</translation>
    </message>
    <message>
        <source>Stopping %1…</source>
        <translation>正在停止 %1…</translation>
    </message>
    <message>
        <source>Stop of %1 failed: %2</source>
        <translation>%1 停止失败：%2</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>正在启动 %1…</translation>
    </message>
    <message>
        <source>Start of %1 failed: %2</source>
        <translation>%1 启动失败：%2</translation>
    </message>
    <message>
        <source>Resetting %1…</source>
        <translation>正在重置 %1…</translation>
    </message>
    <message>
        <source>Reset of %1 failed: %2</source>
        <translation>%1 重置失败：%2</translation>
    </message>
    <message>
        <source>%1 reset: missing workers are restarting</source>
        <translation>%1 已重置：缺失的工作进程正在重启</translation>
    </message>
</context>
<context>
    <name>baton::ServiceModel</name>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>reloading</source>
        <translation>重新加载中</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>降级</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>Crash restarts within the restart window</source>
        <translation>重启时间窗内因崩溃而重启的次数</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>世代</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Ready workers of the current generation: %1 of %2 wanted</source>
        <translation>当前世代的就绪工作进程：%1 个，需要 %2 个</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>stopped by request</source>
        <translation>按请求停止</translation>
    </message>
</context>
<context>
    <name>baton::SshBridgeClient</name>
    <message>
        <source>cannot connect to %1: not a host name</source>
        <translation>无法连接到 %1：不是有效的主机名</translation>
    </message>
    <message>
        <source>disconnected from batond</source>
        <translation>已断开与 batond 的连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开连接</translation>
    </message>
    <message>
        <source>not connected to batond (%1)</source>
        <translation>未连接到 batond（%1）</translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
    <message>
        <source>ssh exited with status %1</source>
        <translation>ssh 以状态码 %1 退出</translation>
    </message>
    <message>
        <source>connection to %1 lost: %2</source>
        <translation>与 %1 的连接已断开：%2</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
</context>
<context>
    <name>baton::TimelinePage</name>
    <message>
        <source>Select an event to see its details.</source>
        <translation>选择一个事件以查看其详细信息。</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>所有服务</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>所有事件</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Search messages, PIDs, exit codes, signals… (Ctrl+F)</source>
        <translation>搜索消息、PID、退出码、信号…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>服务：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>世代</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>退出码</translation>
    </message>
    <message>
        <source>(core dumped)</source>
        <translation>（已生成核心转储）</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Restart delay</source>
        <translation>重启延迟</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation>事件：%1</translation>
    </message>
    <message>
        <source>Events: %1 of %2</source>
        <translation>事件：%1 / %2</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因类别</translation>
    </message>
    <message>
        <source>Show output</source>
        <translation>显示输出</translation>
    </message>
    <message>
        <source>The worker&apos;s output around this event, on the Logs page</source>
        <translation>在日志页面上显示此事件前后的工作进程输出</translation>
    </message>
    <message>
        <source>Last status:</source>
        <translation>最后状态：</translation>
    </message>
    <message>
        <source>Last lines on stderr:</source>
        <translation>stderr 的最后几行：</translation>
    </message>
    <message>
        <source>Daemon message</source>
        <translation>守护进程消息</translation>
    </message>
</context>
<context>
    <name>baton::TrayIcon</name>
    <message>
        <source>Reload All</source>
        <translation>全部重新加载</translation>
    </message>
    <message>
        <source>Open Baton Admin</source>
        <translation>打开 Baton Admin</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Reload of %1 failed</source>
        <translation>重新加载 %1 失败</translation>
    </message>
    <message>
        <source>Reload %1</source>
        <translation>重新加载 %1</translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation>未连接到 batond</translation>
    </message>
    <message>
        <source>All services running</source>
        <translation>所有服务都在运行</translation>
    </message>
    <message>
        <source>Reloading</source>
        <translation>重新加载中</translation>
    </message>
    <message>
        <source>Degraded: some workers are missing</source>
        <translation>降级：部分工作进程缺失</translation>
    </message>
    <message>
        <source>Failed: a service stopped restarting</source>
        <translation>失败：有服务已停止重启</translation>
    </message>
    <message>
        <source>Baton: %1</source>
        <translation>Baton：%1</translation>
    </message>
    <message>
        <source>%1 failed: storm breaker open</source>
        <translation>%1 失败：风暴熔断已触发</translation>
    </message>
    <message>
        <source>Reload of %1 rolled back</source>
        <translation>重新加载 %1 已回滚</translation>
    </message>
    <message>
        <source>Reload rejected</source>
        <translation>重新加载被拒绝</translation>
    </message>
</context>
<context>
    <name>baton::WorkerModel</name>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>draining</source>
        <translation>排空中</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Slot %1 of generation %2</source>
        <translation>第 %2 代的第 %1 个槽位</translation>
    </message>
    <message>
        <source>Not sampled yet</source>
        <translation>尚未采样</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>世代</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>FDs</source>
        <translation>FD</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态信息</translation>
    </message>
</context>
<context>
    <name>baton::WorkerToolBar</name>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Restart worker %1: start a replacement; once it is ready, this worker drains</source>
        <translation>重启工作进程 %1：先启动替代进程，就绪后此工作进程将排空</translation>
    </message>
    <message>
        <source>Restart the selected worker</source>
        <translation>重启所选工作进程</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>Send a signal to worker %1</source>
        <translation>向工作进程 %1 发送信号</translation>
    </message>
    <message>
        <source>Send a signal to the selected worker</source>
        <translation>向所选工作进程发送信号</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Show the output of worker %1</source>
        <translation>显示工作进程 %1 的输出</translation>
    </message>
    <message>
        <source>Show the output of the selected worker</source>
        <translation>显示所选工作进程的输出</translation>
    </message>
    <message>
        <source>batond would not restart it now: %1</source>
        <translation>batond 现在不会重启它：%1</translation>
    </message>
</context>
</TS>
