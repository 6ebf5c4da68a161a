<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>CommandLine</name>
    <message>
        <source>Baton Admin</source>
        <translation>Baton Admin</translation>
    </message>
    <message>
        <source>Watch and reload the services run by batond.</source>
        <translation>監看並重新載入由 batond 執行的服務。</translation>
    </message>
    <message>
        <source>Start hidden in the system tray.</source>
        <translation>啟動時隱藏在系統匣中。</translation>
    </message>
    <message>
        <source>Connect to batond&apos;s control socket at &lt;path&gt;.</source>
        <translation>連線到位於 &lt;path&gt; 的 batond 控制通訊端。</translation>
    </message>
    <message>
        <source>path</source>
        <translation>path</translation>
    </message>
    <message>
        <source>Connect to batond on the D-Bus &lt;bus&gt;: session or system.</source>
        <translation>透過 D-Bus &lt;bus&gt; 連線到 batond：session 或 system。</translation>
    </message>
    <message>
        <source>bus</source>
        <translation>bus</translation>
    </message>
    <message>
        <source>--socket and --bus cannot be used together</source>
        <translation>--socket 與 --bus 不能同時使用</translation>
    </message>
    <message>
        <source>--bus takes &quot;session&quot; or &quot;system&quot;, not &quot;%1&quot;</source>
        <translation>--bus 只接受「session」或「system」，而不是「%1」</translation>
    </message>
    <message>
        <source>this desktop has no system tray; showing the window</source>
        <translation>此桌面沒有系統匣；改為顯示視窗</translation>
    </message>
</context>
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>Local daemon (automatic)</source>
        <translation>本機常駐程式（自動）</translation>
    </message>
    <message>
        <source>D-Bus session bus</source>
        <translation>D-Bus 工作階段匯流排</translation>
    </message>
    <message>
        <source>D-Bus system bus</source>
        <translation>D-Bus 系統匯流排</translation>
    </message>
    <message>
        <source>Control socket</source>
        <translation>控制通訊端</translation>
    </message>
    <message>
        <source>SSH</source>
        <translation>SSH</translation>
    </message>
    <message>
        <source>socket %1</source>
        <translation>通訊端 %1</translation>
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
        <translation>結束碼 %1</translation>
    </message>
    <message>
        <source>signal %1</source>
        <translation>訊號 %1</translation>
    </message>
    <message>
        <source>%1, core dumped</source>
        <translation>%1，已傾印核心</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Worker %1 ended with %2 after %3</source>
        <translation>工作行程 %1 執行 %3 後結束，%2</translation>
    </message>
    <message>
        <source>Worker %1 ended with %2</source>
        <translation>工作行程 %1 已結束，%2</translation>
    </message>
    <message>
        <source>Worker %1 ended</source>
        <translation>工作行程 %1 已結束</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Reload of %1 finished</source>
        <translation>%1 的重新載入已完成</translation>
    </message>
    <message>
        <source>Reload of %1 rolled back: %2</source>
        <translation>%1 的重新載入已回滾：%2</translation>
    </message>
    <message>
        <source>Reload finished</source>
        <translation>重新載入已完成</translation>
    </message>
    <message>
        <source>Reload finished; rolled back: %1</source>
        <translation>重新載入已完成；已回滾：%1</translation>
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
        <translation>%1 小時 %2 分</translation>
    </message>
    <message>
        <source>Worker %1 spawned for generation %2</source>
        <translation>已為第 %2 代啟動工作行程 %1</translation>
    </message>
    <message>
        <source>A worker could not be started</source>
        <translation>無法啟動工作行程</translation>
    </message>
    <message>
        <source>Worker %1 is ready</source>
        <translation>工作行程 %1 已就緒</translation>
    </message>
    <message>
        <source>Generation %1 is ready and serving</source>
        <translation>第 %1 代已就緒並提供服務</translation>
    </message>
    <message>
        <source>A worker restarts in %1 (attempt %2)</source>
        <translation>工作行程將在 %1 後重新啟動（第 %2 次嘗試）</translation>
    </message>
    <message>
        <source>Too many restarts: the service failed and restarts no more until a reload or reset</source>
        <translation>重新啟動次數過多：服務已失敗，在重新載入或重設之前不再重新啟動</translation>
    </message>
    <message>
        <source>Worker %1 was told to stop and drains</source>
        <translation>已通知工作行程 %1 停止，正在排空</translation>
    </message>
    <message>
        <source>Draining the workers left by the previous batond</source>
        <translation>正在排空上一個 batond 留下的工作行程</translation>
    </message>
    <message>
        <source>Worker %1 killed with SIGKILL (%2)</source>
        <translation>工作行程 %1 已被 SIGKILL 終止（%2）</translation>
    </message>
    <message>
        <source>Reload started</source>
        <translation>重新載入已開始</translation>
    </message>
    <message>
        <source>Starting generation %1</source>
        <translation>正在啟動第 %1 代</translation>
    </message>
    <message>
        <source>Generation %1 rolled back</source>
        <translation>第 %1 代已回滾</translation>
    </message>
    <message>
        <source>Reload rejected, nothing changed</source>
        <translation>重新載入被拒絕，未做任何變更</translation>
    </message>
    <message>
        <source>Generation %1 scaled to a new number of workers</source>
        <translation>第 %1 代已調整工作行程數量</translation>
    </message>
    <message>
        <source>Worker %1 sent no watchdog ping in time</source>
        <translation>工作行程 %1 未及時傳送看門狗訊號</translation>
    </message>
    <message>
        <source>Storm breaker closed by a reset; the missing workers restart</source>
        <translation>重設已關閉風暴斷路器；缺少的工作行程將重新啟動</translation>
    </message>
    <message>
        <source>The configuration file changed on disk</source>
        <translation>磁碟上的設定檔已變更</translation>
    </message>
    <message>
        <source>The configuration file changed on disk and is invalid: %1</source>
        <translation>磁碟上的設定檔已變更且無效：%1</translation>
    </message>
    <message>
        <source>A new configuration was applied</source>
        <translation>已套用新設定</translation>
    </message>
    <message>
        <source>The applied configuration was rolled back</source>
        <translation>已套用的設定已回滾</translation>
    </message>
    <message>
        <source>A configuration was refused; the running one keeps serving</source>
        <translation>設定被拒絕；執行中的設定繼續提供服務</translation>
    </message>
    <message>
        <source>Restart of worker %1 requested: a replacement starts, then it drains</source>
        <translation>已要求重新啟動工作行程 %1：先啟動替代行程，然後它將排空</translation>
    </message>
    <message>
        <source>A signal was sent to worker %1 on request</source>
        <translation>已依要求向工作行程 %1 傳送訊號</translation>
    </message>
    <message>
        <source>Stopped on request: every worker drains; the service stays stopped until started</source>
        <translation>已依要求停止：所有工作行程正在排空；服務將保持停止，直到被啟動</translation>
    </message>
    <message>
        <source>Started on request</source>
        <translation>已依要求啟動</translation>
    </message>
    <message>
        <source>Upgrade in place asked for: running the new binary&apos;s preflight</source>
        <translation>已要求原地升級：正在執行新程式的預檢</translation>
    </message>
    <message>
        <source>batond was upgraded in place, same PID, workers adopted</source>
        <translation>batond 已原地升級，PID 不變，已接管工作行程</translation>
    </message>
    <message>
        <source>The upgrade was refused or failed; the running batond serves on</source>
        <translation>升級被拒絕或失敗；執行中的 batond 繼續提供服務</translation>
    </message>
    <message>
        <source>batond started</source>
        <translation>batond 已啟動</translation>
    </message>
    <message>
        <source>Graceful stop: every worker drains</source>
        <translation>正常停止：所有工作行程正在排空</translation>
    </message>
    <message>
        <source>Every worker has exited; batond stopped</source>
        <translation>所有工作行程已結束；batond 已停止</translation>
    </message>
    <message>
        <source>Configuration version %1 was applied</source>
        <translation>已套用設定版本 %1</translation>
    </message>
    <message>
        <source>Configuration version %1 was applied by %2</source>
        <translation>設定版本 %1 已由 %2 套用</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <translation>%1：「%2」</translation>
    </message>
    <message>
        <source>Generation %1 is ready; it takes over once its workers stayed ready for %2</source>
        <translation>第 %1 代已就緒；其工作行程保持就緒 %2 後即接管</translation>
    </message>
</context>
<context>
    <name>baton::ApplyFlow</name>
    <message>
        <source>Apply</source>
        <translation>套用</translation>
    </message>
    <message>
        <source>Apply this configuration? It replaces or stops running processes.</source>
        <translation>套用此設定？它會取代或停止正在執行的程序。</translation>
    </message>
    <message>
        <source>Apply this configuration? Its plan is not known.</source>
        <translation>套用此設定？其計畫尚不可知。</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>計畫：</translation>
    </message>
    <message>
        <source>Not applied: cannot sign with the private key: %1</source>
        <translation>未套用：無法使用私密金鑰簽署：%1</translation>
    </message>
    <message>
        <source>Applying version based on %1…</source>
        <translation>正在套用以 %1 為基準的版本…</translation>
    </message>
    <message>
        <source>Not applied: this host requires signed configurations, and %1. To sign what you apply, set BATON_SIGNING_KEY (or the setting signing/private_key_file) to your private key file, or sign with batonctl sign. Nothing was written.</source>
        <translation>未套用：此主機要求設定須經簽署，而%1。若要簽署所套用的設定，請將 BATON_SIGNING_KEY（或設定項 signing/private_key_file）設為您的私密金鑰檔案，或使用 batonctl sign 簽署。未寫入任何內容。</translation>
    </message>
    <message>
        <source>no private key is configured here</source>
        <translation>此處未設定私密金鑰</translation>
    </message>
    <message>
        <source>the key configured here is not trusted by it</source>
        <translation>此處設定的金鑰不受該主機信任</translation>
    </message>
    <message>
        <source>Not applied: the configuration is invalid. Nothing was written.</source>
        <translation>未套用：設定無效。未寫入任何內容。</translation>
    </message>
    <message>
        <source>The connection was lost before batond answered (%1): the change may or may not have been applied. Reconnect and look at the history.</source>
        <translation>batond 回應前連線已中斷（%1）：變更可能已套用，也可能沒有。請重新連線並查看歷程。</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未套用：%1</translation>
    </message>
    <message>
        <source>Applied as version %1 (history #%2). %3</source>
        <translation>已套用為版本 %1（歷程 #%2）。%3</translation>
    </message>
    <message>
        <source>Written as version %1 (history #%2), but the reload did not go through: %3</source>
        <translation>已寫入為版本 %1（歷程 #%2），但重新載入未完成：%3</translation>
    </message>
    <message>
        <source>Rolled back, still running the old generation: %1.</source>
        <translation>已回滾，仍在執行舊世代：%1。</translation>
    </message>
</context>
<context>
    <name>baton::ClientRouter</name>
    <message>
        <source>switched to another connection</source>
        <translation>已切換到另一個連線</translation>
    </message>
    <message>
        <source>not connected to batond</source>
        <translation>未連線到 batond</translation>
    </message>
</context>
<context>
    <name>baton::ConfigPage</name>
    <message>
        <source>Not connected to batond: there is no running configuration to compare with.</source>
        <translation>未連線到 batond：沒有可供比較的執行中設定。</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>套用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>還原(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>開啟(&amp;O)…</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存新檔(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>尋找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation>取代(&amp;R)…</translation>
    </message>
    <message>
        <source>Load a local file into the editor (Ctrl+Z undoes it)</source>
        <translation>將本機檔案載入編輯器（可用 Ctrl+Z 復原）</translation>
    </message>
    <message>
        <source>Save the editor&apos;s text to a local file</source>
        <translation>將編輯器的內容儲存為本機檔案</translation>
    </message>
    <message>
        <source>Comment for the history (optional)</source>
        <translation>歷程備註（選填）</translation>
    </message>
    <message>
        <source>Could not read the running configuration: %1</source>
        <translation>無法讀取執行中的設定：%1</translation>
    </message>
    <message>
        <source>Reverted to the running configuration (version %1).</source>
        <translation>已還原為執行中的設定（版本 %1）。</translation>
    </message>
    <message>
        <source>Fix the errors to see what a reload would do.</source>
        <translation>修正錯誤後即可看到重新載入會做什麼。</translation>
    </message>
    <message>
        <source>No changes: the editor holds the running configuration.</source>
        <translation>沒有變更：編輯器中就是執行中的設定。</translation>
    </message>
    <message>
        <source>Valid. Connect to batond to see what a reload would do.</source>
        <translation>有效。連線到 batond 即可看到重新載入會做什麼。</translation>
    </message>
    <message>
        <source>The running configuration changed (version %1) while you were editing; the diff and the plan are against an older version.</source>
        <translation>您編輯期間，執行中的設定已變更（版本 %1）；目前的差異與計畫是以較舊的版本為基準。</translation>
    </message>
    <message>
        <source>Reload the running config and re-apply my edits</source>
        <translation>重新載入執行中的設定，並重新套用我的編輯</translation>
    </message>
    <message>
        <source>Not connected to batond: nothing can be applied.</source>
        <translation>未連線到 batond：無法套用任何內容。</translation>
    </message>
    <message>
        <source>Not applied: the configuration has errors. Fix them first (see Problems).</source>
        <translation>未套用：設定有錯誤。請先修正（見「問題」）。</translation>
    </message>
    <message>
        <source>Not applied: the running configuration changed since you loaded it. Nothing was written.</source>
        <translation>未套用：載入後執行中的設定已變更。未寫入任何內容。</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>還原</translation>
    </message>
    <message>
        <source>Discard your edits and load the running configuration?</source>
        <translation>要捨棄您的編輯並載入執行中的設定嗎？</translation>
    </message>
    <message>
        <source>Ctrl+Z in the editor brings them back.</source>
        <translation>在編輯器中按 Ctrl+Z 可以找回。</translation>
    </message>
    <message>
        <source>Open Configuration</source>
        <translation>開啟設定</translation>
    </message>
    <message>
        <source>TOML files (*.toml);;All files (*)</source>
        <translation>TOML 檔案 (*.toml);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Save Configuration As</source>
        <translation>另存設定</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>無法開啟 %1：%2</translation>
    </message>
    <message>
        <source>Cannot open %1: larger than 1 MiB, batond would refuse it.</source>
        <translation>無法開啟 %1：檔案大於 1 MiB，batond 會拒絕它。</translation>
    </message>
    <message>
        <source>Opened %1. The diff shows what Apply would change in the running configuration.</source>
        <translation>已開啟 %1。差異顯示「套用」會對執行中的設定做哪些變更。</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已儲存至 %1。</translation>
    </message>
    <message>
        <source>Unapplied Changes</source>
        <translation>尚未套用的變更</translation>
    </message>
    <message>
        <source>The configuration has changes that are neither applied nor saved.</source>
        <translation>設定有尚未套用也尚未儲存的變更。</translation>
    </message>
    <message>
        <source>Apply them to the running daemon, or discard them?</source>
        <translation>要將它們套用到執行中的常駐程式，還是捨棄？</translation>
    </message>
    <message>
        <source>batond is not connected, so they cannot be applied now. Discard them, or cancel and use Save As…</source>
        <translation>尚未連線到 batond，因此目前無法套用。請捨棄它們，或取消後使用「另存新檔…」</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>套用</translation>
    </message>
    <message>
        <source>Not connected to batond: Apply needs the daemon</source>
        <translation>未連線到 batond：套用需要常駐程式</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>套用中…</translation>
    </message>
    <message>
        <source>No changes to apply</source>
        <translation>沒有要套用的變更</translation>
    </message>
    <message>
        <source>Validate, write and reload the running configuration (Ctrl+S)</source>
        <translation>驗證、寫入並重新載入執行中的設定（Ctrl+S）</translation>
    </message>
    <message>
        <source>Load the running configuration into the editor</source>
        <translation>將執行中的設定載入編輯器</translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation>未連線到 batond</translation>
    </message>
    <message>
        <source>editor</source>
        <translation>編輯器</translation>
    </message>
    <message>
        <source>editor (%1)</source>
        <translation>編輯器（%1）</translation>
    </message>
    <message>
        <source>running, version %1</source>
        <translation>執行中，版本 %1</translation>
    </message>
    <message>
        <source>Fix the errors in the problems list first</source>
        <translation>請先修正問題清單中的錯誤</translation>
    </message>
    <message>
        <source>my edits</source>
        <translation>我的修改</translation>
    </message>
    <message>
        <source>when you started editing</source>
        <translation>開始編輯時</translation>
    </message>
    <message>
        <source>running (version %1)</source>
        <translation>執行中（版本 %1）</translation>
    </message>
    <message>
        <source>Your edits could not be merged (%1): they are unchanged in the editor, compared with the running configuration (version %2).</source>
        <translation>無法合併您的修改（%1）：編輯器中的內容保持不變，並與執行中的設定（版本 %2）比較。</translation>
    </message>
    <message>
        <source>Your edits were merged onto the running configuration (version %1). Review the diff and the plan, then apply.</source>
        <translation>您的修改已合併到執行中的設定（版本 %1）。請檢查差異與計畫，然後套用。</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s): you and version %1 changed the same lines. In each marked region keep what should stay and delete the marker lines; nothing can be applied before.</source>
        <translation>
            <numerusform>%n 處衝突：您和版本 %1 修改了相同的行。請在每個標記區域中保留應保留的內容並刪除標記行；在此之前無法套用。</numerusform>
        </translation>
    </message>
    <message>
        <source>no configuration is loaded yet</source>
        <translation>尚未載入設定</translation>
    </message>
    <message>
        <source>Cannot scale %1 in the editor: %2</source>
        <translation>無法在編輯器中調整 %1 的規模：%2</translation>
    </message>
    <message>
        <source>%1 set to %2 workers in the editor: the plan says what Apply will do.</source>
        <translation>已在編輯器中將 %1 設為 %2 個工作行程：計畫會說明套用後將發生什麼。</translation>
    </message>
</context>
<context>
    <name>baton::ConnectionDialog</name>
    <message>
        <source>Connect to batond</source>
        <translation>連線到 batond</translation>
    </message>
    <message>
        <source>default</source>
        <translation>預設</translation>
    </message>
    <message>
        <source>host name or address</source>
        <translation>主機名稱或位址</translation>
    </message>
    <message>
        <source>your login name</source>
        <translation>您的登入名稱</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>選填</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名稱(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>類型(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主機(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>使用者(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>連接埠(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>新增(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>連線(&amp;C)</translation>
    </message>
    <message>
        <source>Remote &amp;socket:</source>
        <translation>遠端通訊端(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Socket:</source>
        <translation>通訊端(&amp;S)：</translation>
    </message>
    <message>
        <source>batonctl&apos;s default</source>
        <translation>batonctl 的預設值</translation>
    </message>
    <message>
        <source>Tries the D-Bus session bus, then the system bus, then %1.</source>
        <translation>依序嘗試 D-Bus 工作階段匯流排、系統匯流排，最後是 %1。</translation>
    </message>
    <message>
        <source>Runs “ssh -T HOST batonctl bridge”. Key or agent authentication only: there is no password prompt.</source>
        <translation>執行「ssh -T 主機 batonctl bridge」。僅支援金鑰或代理程式驗證：不會詢問密碼。</translation>
    </message>
    <message>
        <source>New SSH connection</source>
        <translation>新的 SSH 連線</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未連線。</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已連線到 %1</translation>
    </message>
</context>
<context>
    <name>baton::ConnectionManager</name>
    <message>
        <source>%1: no answer</source>
        <translation>%1：沒有回應</translation>
    </message>
    <message>
        <source>%1: not supported by this build</source>
        <translation>%1：此版本不支援</translation>
    </message>
</context>
<context>
    <name>baton::DashboardPage</name>
    <message>
        <source>Reload</source>
        <translation>重新載入</translation>
    </message>
    <message>
        <source>Start a new generation of the selected service (Ctrl+R)</source>
        <translation>為選取的服務啟動新的世代（Ctrl+R）</translation>
    </message>
    <message>
        <source>Reload All</source>
        <translation>全部重新載入</translation>
    </message>
    <message>
        <source>Re-read the configuration and give every service a new generation</source>
        <translation>重新讀取設定，並為每個服務啟動新的世代</translation>
    </message>
    <message>
        <source>Not connected: nothing on this page is live.</source>
        <translation>未連線：此頁面上沒有任何即時資料。</translation>
    </message>
    <message>
        <source>No service selected</source>
        <translation>未選取服務</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>離線</translation>
    </message>
    <message>
        <source>storm breaker open: reload or reset to restart</source>
        <translation>風暴斷路器已開啟：重新載入或重設以重新啟動</translation>
    </message>
    <message>
        <source>Reload %1</source>
        <translation>重新載入 %1</translation>
    </message>
    <message>
        <source>Reloading %1…</source>
        <translation>正在重新載入 %1…</translation>
    </message>
    <message>
        <source>Reset %1 (close the storm breaker)</source>
        <translation>重設 %1（關閉風暴斷路器）</translation>
    </message>
    <message>
        <source>restarts in the window: %1</source>
        <translation>時間窗內重新啟動次數：%1</translation>
    </message>
    <message>
        <source>Stop %1</source>
        <translation>停止 %1</translation>
    </message>
    <message>
        <source>Start %1</source>
        <translation>啟動 %1</translation>
    </message>
    <message>
        <source>Restart Worker %1</source>
        <translation>重新啟動工作行程 %1</translation>
    </message>
    <message>
        <source>Start a replacement; once it is ready, this worker drains</source>
        <translation>啟動替代行程；它就緒後，此工作行程即排空</translation>
    </message>
    <message>
        <source>Send Signal</source>
        <translation>傳送訊號</translation>
    </message>
    <message>
        <source>Kill Worker %1?</source>
        <translation>要強制結束工作行程 %1 嗎？</translation>
    </message>
    <message>
        <source>SIGKILL ends worker %1 at once: the requests it is serving are cut off. Its slot is refilled right away.</source>
        <translation>SIGKILL 會立即結束工作行程 %1：它正在處理的請求會被中斷。它的位置會立刻補上。</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>強制結束</translation>
    </message>
    <message>
        <source>stopped by request</source>
        <translation>依要求停止</translation>
    </message>
    <message>
        <source>Show output of PID %1</source>
        <translation>顯示 PID %1 的輸出</translation>
    </message>
    <message>
        <source>File descriptors</source>
        <translation>檔案描述子</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>記憶體</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>請求/秒</translation>
    </message>
    <message>
        <source>Scale %1…</source>
        <translation>調整 %1 的規模…</translation>
    </message>
    <message>
        <source>Change the worker count in the configuration editor; Apply after the plan</source>
        <translation>在設定編輯器中修改工作行程數量；查看計畫後再套用</translation>
    </message>
    <message>
        <source>batond would not restart it now: %1</source>
        <translation>batond 現在不會重新啟動它：%1</translation>
    </message>
</context>
<context>
    <name>baton::DiffPanel</name>
    <message>
        <source>Side by Side</source>
        <translation>並排</translation>
    </message>
    <message>
        <source>Unified</source>
        <translation>合併</translation>
    </message>
    <message>
        <source>Nothing to compare yet.</source>
        <translation>目前沒有可比較的內容。</translation>
    </message>
    <message>
        <source>%1  →  %2</source>
        <translation>%1  →  %2</translation>
    </message>
    <message>
        <source>Reload plan</source>
        <translation>重新載入計畫</translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation>沒有差異。</translation>
    </message>
    <message>
        <source>+%1 −%2</source>
        <translation>+%1 −%2</translation>
    </message>
    <message>
        <source>Changes: %1</source>
        <translation>變更：%1</translation>
    </message>
    <message>
        <source>Change %1 of %2</source>
        <translation>第 %1 個變更，共 %2 個</translation>
    </message>
    <message>
        <source>Previous change (Alt+Up)</source>
        <translation>上一個變更（Alt+Up）</translation>
    </message>
    <message>
        <source>Next change (Alt+Down)</source>
        <translation>下一個變更（Alt+Down）</translation>
    </message>
</context>
<context>
    <name>baton::EventModel</name>
    <message>
        <source>Crashed</source>
        <translation>崩潰</translation>
    </message>
    <message>
        <source>Exited</source>
        <translation>已結束</translation>
    </message>
    <message>
        <source>Spawned</source>
        <translation>已啟動</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就緒</translation>
    </message>
    <message>
        <source>Exec failed</source>
        <translation>執行失敗</translation>
    </message>
    <message>
        <source>Generation ready</source>
        <translation>世代就緒</translation>
    </message>
    <message>
        <source>Restart scheduled</source>
        <translation>已排定重新啟動</translation>
    </message>
    <message>
        <source>Storm breaker</source>
        <translation>風暴斷路器</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>排空中</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>已強制終止</translation>
    </message>
    <message>
        <source>Reload started</source>
        <translation>開始重新載入</translation>
    </message>
    <message>
        <source>Reload finished, rolled back</source>
        <translation>重新載入完成，已回滾</translation>
    </message>
    <message>
        <source>Reload finished</source>
        <translation>重新載入完成</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>已回滾</translation>
    </message>
    <message>
        <source>Reload rejected</source>
        <translation>重新載入遭拒</translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation>已調整規模</translation>
    </message>
    <message>
        <source>Watchdog timeout</source>
        <translation>看門狗逾時</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>已重設</translation>
    </message>
    <message>
        <source>Config applied</source>
        <translation>已套用設定</translation>
    </message>
    <message>
        <source>Config changed on disk</source>
        <translation>磁碟上的設定已變更</translation>
    </message>
    <message>
        <source>Daemon started</source>
        <translation>常駐程式已啟動</translation>
    </message>
    <message>
        <source>Daemon stopping</source>
        <translation>常駐程式停止中</translation>
    </message>
    <message>
        <source>Daemon stopped</source>
        <translation>常駐程式已停止</translation>
    </message>
    <message>
        <source>Worker lifecycle</source>
        <translation>工作行程生命週期</translation>
    </message>
    <message>
        <source>Crashes</source>
        <translation>崩潰</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>重新啟動</translation>
    </message>
    <message>
        <source>Reloads</source>
        <translation>重新載入</translation>
    </message>
    <message>
        <source>Rollbacks</source>
        <translation>回滾</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Daemon</source>
        <translation>常駐程式</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服務</translation>
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
        <translation>訊息</translation>
    </message>
    <message>
        <source>Drained</source>
        <translation>已排空</translation>
    </message>
    <message>
        <source>Killed at the drain deadline</source>
        <translation>排空期限到時被終止</translation>
    </message>
    <message>
        <source>Killed: never ready</source>
        <translation>已終止：始終未就緒</translation>
    </message>
    <message>
        <source>Killed: rolled back</source>
        <translation>已終止：已回滾</translation>
    </message>
    <message>
        <source>Killed: watchdog</source>
        <translation>已終止：看門狗逾時</translation>
    </message>
    <message>
        <source>Killed: stopping</source>
        <translation>已終止：正在停止</translation>
    </message>
    <message>
        <source>Killed: out of memory</source>
        <translation>已終止：記憶體不足</translation>
    </message>
    <message>
        <source>Killed by an outside signal</source>
        <translation>被外部訊號終止</translation>
    </message>
    <message>
        <source>Exited after an operator&apos;s signal</source>
        <translation>在操作員的訊號後結束</translation>
    </message>
    <message>
        <source>Restarted on request</source>
        <translation>依要求重新啟動</translation>
    </message>
    <message>
        <source>Stopped on request</source>
        <translation>依要求停止</translation>
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
        <translation>區分大小寫</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>尋找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>取代為</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一個符合項目（Shift+Enter）</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一個符合項目（Enter）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>關閉（Esc）</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>取代</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>全部取代</translation>
    </message>
    <message>
        <source>Replaced: %1</source>
        <translation>已取代：%1</translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation>符合項目：%1</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>沒有符合項目</translation>
    </message>
</context>
<context>
    <name>baton::GenerationsBar</name>
    <message>
        <source>No generation</source>
        <translation>沒有世代</translation>
    </message>
    <message>
        <source>Generation %1</source>
        <translation>第 %1 代</translation>
    </message>
    <message>
        <source>starting · %1/%2 ready</source>
        <translation>啟動中 · %1/%2 就緒</translation>
    </message>
    <message>
        <source>killed in %1</source>
        <translation>%1 後強制終止</translation>
    </message>
    <message>
        <source>failed, rolling back</source>
        <translation>失敗，正在回滾</translation>
    </message>
    <message>
        <source>current · %1/%2 ready</source>
        <translation>目前 · %1/%2 就緒</translation>
    </message>
    <message>
        <source>draining · %1 left</source>
        <translation>排空中 · 剩餘 %1 個</translation>
    </message>
</context>
<context>
    <name>baton::Highlighting</name>
    <message>
        <source>built-in TOML highlighter</source>
        <translation>內建 TOML 突顯器</translation>
    </message>
</context>
<context>
    <name>baton::HistoryPanel</name>
    <message>
        <source>Refresh</source>
        <translation>重新整理</translation>
    </message>
    <message>
        <source>Roll Back to This Version…</source>
        <translation>回滾到此版本…</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>套用時間</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>Select a version to see what rolling back to it would change.</source>
        <translation>選取一個版本，即可看到回滾到該版本會變更哪些內容。</translation>
    </message>
    <message>
        <source>Not connected to batond: the list is as last read.</source>
        <translation>未連線到 batond：清單為上次讀取的內容。</translation>
    </message>
    <message>
        <source>Could not read the history: %1</source>
        <translation>無法讀取歷程：%1</translation>
    </message>
    <message>
        <source>#%1 (running)</source>
        <translation>#%1（執行中）</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Hash %1</source>
        <translation>雜湊值 %1</translation>
    </message>
    <message>
        <source>Could not read version #%1: %2</source>
        <translation>無法讀取版本 #%1：%2</translation>
    </message>
    <message>
        <source>running, version %1</source>
        <translation>執行中，版本 %1</translation>
    </message>
    <message>
        <source>version #%1</source>
        <translation>版本 #%1</translation>
    </message>
    <message>
        <source>This is the running configuration.</source>
        <translation>這就是執行中的設定。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>檢查中…</translation>
    </message>
    <message>
        <source>This version is not valid any more (%1); rolling back to it would be refused.</source>
        <translation>此版本已不再有效（%1）；回滾到此版本會被拒絕。</translation>
    </message>
    <message>
        <source>Roll Back</source>
        <translation>回滾</translation>
    </message>
    <message>
        <source>Roll back to version #%1?</source>
        <translation>要回滾到版本 #%1 嗎？</translation>
    </message>
    <message>
        <source>batond validates it, writes it as a new version and reloads.</source>
        <translation>batond 會驗證它、將它寫入為新版本並重新載入。</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>計畫：</translation>
    </message>
    <message>
        <source>Rolling back to version #%1…</source>
        <translation>正在回滾到版本 #%1…</translation>
    </message>
    <message>
        <source>rollback to #%1</source>
        <translation>回滾到 #%1</translation>
    </message>
    <message>
        <source>Not rolled back to #%1: %2</source>
        <translation>未回滾到 #%1：%2</translation>
    </message>
    <message>
        <source>Rolled back to #%1: now running version %2 (history #%3). %4</source>
        <translation>已回滾到 #%1：現在執行版本 %2（歷程 #%3）。%4</translation>
    </message>
    <message>
        <source>Version #%1 was written, but the reload did not go through: %2</source>
        <translation>版本 #%1 已寫入，但重新載入未完成：%2</translation>
    </message>
    <message>
        <source>Still running the old generation: %1.</source>
        <translation>仍在執行舊世代：%1。</translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation>未連線到 batond</translation>
    </message>
    <message>
        <source>This version is running</source>
        <translation>此版本正在執行</translation>
    </message>
    <message>
        <source>Apply the selected version again, after a confirmation</source>
        <translation>確認後再次套用選取的版本</translation>
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
        <translation>時間</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服務</translation>
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
        <translation>串流</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>輸出</translation>
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
        <translation>僅 stderr</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告與錯誤</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>僅錯誤</translation>
    </message>
    <message>
        <source>Search the output… (Ctrl+F)</source>
        <translation>搜尋輸出…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟隨</translation>
    </message>
    <message>
        <source>Keep the newest lines in view; scrolling up pauses, scrolling to the end follows again</source>
        <translation>讓最新的行保持在視野中；向上捲動會暫停，捲動到底部會再次跟隨</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Copy the selected lines (Ctrl+C)</source>
        <translation>複製選取的行（Ctrl+C）</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>儲存…</translation>
    </message>
    <message>
        <source>Save the lines shown to a file</source>
        <translation>將顯示的行儲存到檔案</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>服務：</translation>
    </message>
    <message>
        <source>Generation:</source>
        <translation>世代：</translation>
    </message>
    <message>
        <source>Worker:</source>
        <translation>工作行程：</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>所有服務</translation>
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
        <translation>儲存輸出</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>記錄檔 (*.log *.txt);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>無法儲存 %1：%2</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Worker output is not available to you&lt;/h3&gt;&lt;p&gt;batond refused to show it: %1&lt;/p&gt;&lt;p&gt;Reading worker output needs the rights of a sensitive read: root, batond&apos;s user or a member of its admin_group (on the system bus, the polkit action io.github.baton.manage).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;您無法查看工作行程輸出&lt;/h3&gt;&lt;p&gt;batond 拒絕顯示：%1&lt;/p&gt;&lt;p&gt;讀取工作行程輸出需要敏感讀取權限：root、batond 的使用者或其 admin_group 的成員（在系統匯流排上為 polkit 動作 io.github.baton.manage）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Access refused</source>
        <translation>存取遭拒</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Could not load worker output&lt;/h3&gt;&lt;p&gt;%1&lt;/p&gt;</source>
        <translation>&lt;h3&gt;無法載入工作行程輸出&lt;/h3&gt;&lt;p&gt;%1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Offline: the lines shown are not live</source>
        <translation>離線：顯示的行不是即時的</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>載入中…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>即時</translation>
    </message>
    <message>
        <source>Lines: %1</source>
        <translation>行數：%1</translation>
    </message>
    <message>
        <source>Lines: %1 of %2</source>
        <translation>行數：%1 / %2</translation>
    </message>
    <message>
        <source>Dropped by batond (log_buffer full): %1</source>
        <translation>batond 已丟棄（log_buffer 已滿）：%1</translation>
    </message>
    <message>
        <source>Lines batond let go before anyone read them; raise log_buffer in the service&apos;s configuration to keep more.</source>
        <translation>batond 在任何人讀取之前就丟棄的行；在服務設定中提高 log_buffer 以保留更多。</translation>
    </message>
    <message>
        <source>Held back by log_rate: %1</source>
        <translation>被 log_rate 限速：%1</translation>
    </message>
    <message>
        <source>Time batond left these services&apos; output waiting because they printed faster than their log_rate; their workers waited in write() meanwhile. Nothing was dropped for it; raise log_rate to take more.</source>
        <translation>這些服務的輸出快於其 log_rate，batond 讓它們等待的時間；其間其工作行程在 write() 中等待。沒有因此丟棄任何行；調高 log_rate 可接收更多。</translation>
    </message>
</context>
<context>
    <name>baton::MainWindow</name>
    <message>
        <source>Refresh failed: %1</source>
        <translation>重新整理失敗：%1</translation>
    </message>
    <message>
        <source>&amp;Reload Service</source>
        <translation>重新載入服務(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Reload %1</source>
        <translation>重新載入 %1(&amp;R)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>儀表板</translation>
    </message>
    <message>
        <source>Restart History</source>
        <translation>重新啟動歷程</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>History</source>
        <translation>版本歷程</translation>
    </message>
    <message>
        <source>Configuration *</source>
        <translation>設定 *</translation>
    </message>
    <message>
        <source>&amp;Connection…</source>
        <translation>連線(&amp;C)…</translation>
    </message>
    <message>
        <source>Reconnect &amp;Now</source>
        <translation>立即重新連線(&amp;N)</translation>
    </message>
    <message>
        <source>Reload &amp;All Services</source>
        <translation>重新載入所有服務(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>重新整理(&amp;F)</translation>
    </message>
    <message>
        <source>Keep Running in the &amp;Tray When Closed</source>
        <translation>關閉視窗後在系統匣中繼續執行(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>服務(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Configuration</source>
        <translation>設定(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>系統預設</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Baton Admin</source>
        <translation>關於 Baton Admin(&amp;A)</translation>
    </message>
    <message>
        <source>About Baton Admin</source>
        <translation>關於 Baton Admin</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Baton Admin %1&lt;/h3&gt;&lt;p&gt;Watch the services run by batond, edit their configuration with validation and a diff, and reload them without downtime.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Baton Admin %1&lt;/h3&gt;&lt;p&gt;監看由 batond 執行的服務，在驗證與差異比對下編輯其設定，並在不中斷服務的情況下重新載入。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Configuration editor highlighting: %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;設定編輯器的語法突顯：%1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>關於 &amp;Qt</translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation>已重新整理</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>連線中</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>離線</translation>
    </message>
    <message>
        <source>all running</source>
        <translation>全部執行中</translation>
    </message>
    <message>
        <source>reloading</source>
        <translation>重新載入中</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>降級</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在連線到 %1…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>離線</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已連線到 %1</translation>
    </message>
    <message>
        <source>batond %1, PID %2, up %3</source>
        <translation>batond %1，PID %2，已執行 %3</translation>
    </message>
    <message>
        <source>Baton Admin is still running</source>
        <translation>Baton Admin 仍在執行</translation>
    </message>
    <message>
        <source>It keeps watching batond from the tray. Use Quit in its menu to end it.</source>
        <translation>它會在系統匣中繼續監看 batond。請使用選單中的「結束」來關閉它。</translation>
    </message>
    <message>
        <source>S&amp;top Service</source>
        <translation>停止服務(&amp;T)</translation>
    </message>
    <message>
        <source>Drain the selected service&apos;s workers; it stays stopped until started</source>
        <translation>排空所選服務的工作行程；在啟動之前它會保持停止</translation>
    </message>
    <message>
        <source>St&amp;art Service</source>
        <translation>啟動服務(&amp;A)</translation>
    </message>
    <message>
        <source>R&amp;eset Service</source>
        <translation>重設服務(&amp;E)</translation>
    </message>
    <message>
        <source>Close the storm breaker of a failed service and restart its missing workers</source>
        <translation>關閉失敗服務的風暴斷路器，並重新啟動缺少的工作行程</translation>
    </message>
    <message>
        <source>S&amp;top %1</source>
        <translation>停止 %1(&amp;T)</translation>
    </message>
    <message>
        <source>St&amp;art %1</source>
        <translation>啟動 %1(&amp;A)</translation>
    </message>
    <message>
        <source>R&amp;eset %1</source>
        <translation>重設 %1(&amp;E)</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>記錄</translation>
    </message>
    <message>
        <source>%1[*]</source>
        <translation>%1[*]</translation>
    </message>
    <message>
        <source>Change the worker count in the configuration editor; Apply after the plan</source>
        <translation>在設定編輯器中修改工作行程數量；查看計畫後再套用</translation>
    </message>
    <message>
        <source>Sc&amp;ale Service…</source>
        <translation>調整服務規模(&amp;A)…</translation>
    </message>
    <message>
        <source>Sc&amp;ale %1…</source>
        <translation>調整 %1 的規模(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>baton::MetricsChartView</name>
    <message>
        <source>Open file descriptors</source>
        <translation>開啟的檔案描述子</translation>
    </message>
    <message>
        <source>Resident memory (MiB)</source>
        <translation>常駐記憶體（MiB）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>總計</translation>
    </message>
    <message>
        <source>Offline: last sample at %1</source>
        <translation>離線：最後取樣於 %1</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>正在等待第一筆取樣…</translation>
    </message>
    <message>
        <source>Offline: no data</source>
        <translation>離線：沒有資料</translation>
    </message>
    <message>
        <source>CPU (% of one core)</source>
        <translation>CPU（單核心百分比）</translation>
    </message>
    <message>
        <source>total</source>
        <translation>總計</translation>
    </message>
    <message>
        <source>per worker</source>
        <translation>每個工作程序</translation>
    </message>
    <message>
        <source>new generation</source>
        <translation>新世代</translation>
    </message>
    <message>
        <source>crash</source>
        <translation>當機</translation>
    </message>
    <message>
        <source>%1 (exited)</source>
        <translation>%1（已結束）</translation>
    </message>
    <message>
        <source>%1 %2: worker %3 crashed</source>
        <translation>%1 %2：工作程序 %3 當機</translation>
    </message>
    <message>
        <source>%1 %2: generation %3 took over</source>
        <translation>%1 %2：第 %3 代接手</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>每秒請求數</translation>
    </message>
</context>
<context>
    <name>baton::NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>baton::OfflineBanner</name>
    <message>
        <source>Retry Now</source>
        <translation>立即重試</translation>
    </message>
    <message>
        <source>Connection…</source>
        <translation>連線…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connecting to %1…&lt;/b&gt;</source>
        <translation>&lt;b&gt;正在連線到 %1…&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Offline: not connected to batond (%1).&lt;/b&gt; Nothing shown is live.</source>
        <translation>&lt;b&gt;離線：未連線到 batond（%1）。&lt;/b&gt;畫面上的內容都不是即時資料。</translation>
    </message>
    <message>
        <source>Next attempt in %1 s.</source>
        <translation>%1 秒後再次嘗試。</translation>
    </message>
</context>
<context>
    <name>baton::OutcomeBanner</name>
    <message>
        <source>Show output</source>
        <translation>顯示輸出</translation>
    </message>
    <message>
        <source>The failing worker&apos;s output on the Logs page</source>
        <translation>在記錄頁面上顯示失敗工作行程的輸出</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Reload rejected: nothing changed</source>
        <translation>重新載入遭拒：沒有任何變更</translation>
    </message>
    <message>
        <source>Configuration applied: every service runs it</source>
        <translation>設定已套用：所有服務都在執行它</translation>
    </message>
    <message>
        <source>Applying the configuration failed: rolled back, the previous version keeps running</source>
        <translation>套用設定失敗：已回滾，先前的版本繼續執行</translation>
    </message>
    <message>
        <source>Reload finished: every changed service is on its new generation</source>
        <translation>重新載入完成：每個變更的服務都已在新世代上</translation>
    </message>
    <message>
        <source>Reload failed: rolled back, the old generation keeps serving</source>
        <translation>重新載入失敗：已回滾，舊世代繼續服務</translation>
    </message>
    <message>
        <source>%1 reloaded: the new generation is serving</source>
        <translation>%1 已重新載入：新世代正在服務</translation>
    </message>
    <message>
        <source>Reload of %1 failed: rolled back, the old generation keeps serving</source>
        <translation>%1 重新載入失敗：已回滾，舊世代繼續服務</translation>
    </message>
    <message>
        <source>%1, generation %2: %3</source>
        <translation>%1，第 %2 代：%3</translation>
    </message>
    <message>
        <source>Last output of PID %1:</source>
        <translation>PID %1 的最後輸出：</translation>
    </message>
</context>
<context>
    <name>baton::OutputDock</name>
    <message>
        <source>Open in Logs</source>
        <translation>在記錄中開啟</translation>
    </message>
    <message>
        <source>Show this service&apos;s output on the Logs page, with filters, search and save</source>
        <translation>在記錄頁面上顯示此服務的輸出，可篩選、搜尋與儲存</translation>
    </message>
    <message>
        <source>Worker output</source>
        <translation>工作行程輸出</translation>
    </message>
    <message>
        <source>Worker output of %1</source>
        <translation>%1 的工作行程輸出</translation>
    </message>
    <message>
        <source>batond does not show you worker output: %1</source>
        <translation>batond 不向您顯示工作行程輸出：%1</translation>
    </message>
    <message>
        <source>Could not load worker output: %1</source>
        <translation>無法載入工作行程輸出：%1</translation>
    </message>
</context>
<context>
    <name>baton::ProblemsPanel</name>
    <message>
        <source>Severity</source>
        <translation>嚴重性</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>訊息</translation>
    </message>
    <message>
        <source>Errors: %1, warnings: %2</source>
        <translation>錯誤：%1，警告：%2</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>沒有問題</translation>
    </message>
    <message>
        <source>(checked by batond)</source>
        <translation>（由 batond 檢查）</translation>
    </message>
    <message>
        <source>(checked locally: not connected to batond)</source>
        <translation>（本機檢查：未連線到 batond）</translation>
    </message>
    <message>
        <source>error</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>尚未檢查</translation>
    </message>
</context>
<context>
    <name>baton::ReloadController</name>
    <message>
        <source>all services</source>
        <translation>所有服務</translation>
    </message>
    <message>
        <source>Reload of %1 failed: %2</source>
        <translation>重新載入 %1 失敗：%2</translation>
    </message>
    <message>
        <source>%1 reloaded: %2</source>
        <translation>%1 已重新載入：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Reload of %1 rolled back, the old generation keeps serving (%2)</source>
        <translation>重新載入 %1 已回滾，舊世代繼續提供服務（%2）</translation>
    </message>
</context>
<context>
    <name>baton::ScaleFlow</name>
    <message>
        <source>Scale %1</source>
        <translation>調整 %1 的規模</translation>
    </message>
    <message>
        <source>Workers of %1 (the editor gets the change; Apply after the plan):</source>
        <translation>%1 的工作行程數（變更寫入編輯器；查看計畫後再套用）：</translation>
    </message>
</context>
<context>
    <name>baton::ServiceActions</name>
    <message>
        <source>Restarting worker %1…</source>
        <translation>正在重新啟動工作行程 %1…</translation>
    </message>
    <message>
        <source>Restart of worker %1 failed: %2</source>
        <translation>工作行程 %1 重新啟動失敗：%2</translation>
    </message>
    <message>
        <source>Worker %1 replaced by %2; %1 is draining</source>
        <translation>工作行程 %1 已由 %2 取代；%1 正在排空</translation>
    </message>
    <message>
        <source>Sending %1 to worker %2…</source>
        <translation>正在傳送 %1 給工作行程 %2…</translation>
    </message>
    <message>
        <source>Signal to worker %1 failed: %2</source>
        <translation>傳送訊號給工作行程 %1 失敗：%2</translation>
    </message>
    <message>
        <source>%1 sent to worker %2</source>
        <translation>已傳送 %1 給工作行程 %2</translation>
    </message>
    <message>
        <source>Stopping %1…</source>
        <translation>正在停止 %1…</translation>
    </message>
    <message>
        <source>Stop of %1 failed: %2</source>
        <translation>%1 停止失敗：%2</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>正在啟動 %1…</translation>
    </message>
    <message>
        <source>Start of %1 failed: %2</source>
        <translation>%1 啟動失敗：%2</translation>
    </message>
    <message>
        <source>Resetting %1…</source>
        <translation>正在重設 %1…</translation>
    </message>
    <message>
        <source>Reset of %1 failed: %2</source>
        <translation>%1 重設失敗：%2</translation>
    </message>
    <message>
        <source>%1 reset: missing workers are restarting</source>
        <translation>%1 已重設：缺少的工作行程正在重新啟動</translation>
    </message>
</context>
<context>
    <name>baton::ServiceModel</name>
    <message>
        <source>starting</source>
        <translation>啟動中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>執行中</translation>
    </message>
    <message>
        <source>reloading</source>
        <translation>重新載入中</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>降級</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>Crash restarts within the restart window</source>
        <translation>重新啟動時間窗內因崩潰而重新啟動的次數</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服務</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>世代</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就緒</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>重新啟動</translation>
    </message>
    <message>
        <source>Ready workers of the current generation: %1 of %2 wanted</source>
        <translation>目前世代的就緒工作行程：%1 個，需要 %2 個</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>stopped by request</source>
        <translation>依要求停止</translation>
    </message>
</context>
<context>
    <name>baton::SshBridgeClient</name>
    <message>
        <source>cannot connect to %1: not a host name</source>
        <translation>無法連線到 %1：不是有效的主機名稱</translation>
    </message>
    <message>
        <source>disconnected from batond</source>
        <translation>已中斷與 batond 的連線</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已中斷連線</translation>
    </message>
    <message>
        <source>not connected to batond (%1)</source>
        <translation>未連線到 batond（%1）</translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation>無法執行 %1：%2</translation>
    </message>
    <message>
        <source>ssh exited with status %1</source>
        <translation>ssh 以狀態碼 %1 結束</translation>
    </message>
    <message>
        <source>connection to %1 lost: %2</source>
        <translation>與 %1 的連線中斷：%2</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>無法連線到 %1：%2</translation>
    </message>
</context>
<context>
    <name>baton::TimelinePage</name>
    <message>
        <source>Select an event to see its details.</source>
        <translation>選取一個事件以檢視其詳細資料。</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>所有服務</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>所有事件</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任何時間</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>最近 15 分鐘</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小時</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小時</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Search messages, PIDs, exit codes, signals… (Ctrl+F)</source>
        <translation>搜尋訊息、PID、結束代碼、訊號…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>服務：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>顯示：</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>時間：</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服務</translation>
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
        <translation>結束代碼</translation>
    </message>
    <message>
        <source>(core dumped)</source>
        <translation>（已產生核心傾印）</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>訊號</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>執行時間</translation>
    </message>
    <message>
        <source>Restart delay</source>
        <translation>重新啟動延遲</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>嘗試次數</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序號</translation>
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
        <translation>原因類別</translation>
    </message>
    <message>
        <source>Show output</source>
        <translation>顯示輸出</translation>
    </message>
    <message>
        <source>The worker&apos;s output around this event, on the Logs page</source>
        <translation>在記錄頁面上顯示此事件前後的工作行程輸出</translation>
    </message>
    <message>
        <source>Last status:</source>
        <translation>最後狀態：</translation>
    </message>
    <message>
        <source>Last lines on stderr:</source>
        <translation>stderr 的最後幾行：</translation>
    </message>
    <message>
        <source>Daemon message</source>
        <translation>常駐程式訊息</translation>
    </message>
</context>
<context>
    <name>baton::TrayIcon</name>
    <message>
        <source>Reload All</source>
        <translation>全部重新載入</translation>
    </message>
    <message>
        <source>Open Baton Admin</source>
        <translation>開啟 Baton Admin</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>結束</translation>
    </message>
    <message>
        <source>Reload of %1 failed</source>
        <translation>重新載入 %1 失敗</translation>
    </message>
    <message>
        <source>Reload %1</source>
        <translation>重新載入 %1</translation>
    </message>
    <message>
        <source>Not connected to batond</source>
        <translation>未連線到 batond</translation>
    </message>
    <message>
        <source>All services running</source>
        <translation>所有服務都在執行</translation>
    </message>
    <message>
        <source>Reloading</source>
        <translation>重新載入中</translation>
    </message>
    <message>
        <source>Degraded: some workers are missing</source>
        <translation>降級：部分工作行程缺少</translation>
    </message>
    <message>
        <source>Failed: a service stopped restarting</source>
        <translation>失敗：有服務已停止重新啟動</translation>
    </message>
    <message>
        <source>Baton: %1</source>
        <translation>Baton：%1</translation>
    </message>
    <message>
        <source>%1 failed: storm breaker open</source>
        <translation>%1 失敗：風暴斷路器已開啟</translation>
    </message>
    <message>
        <source>Reload of %1 rolled back</source>
        <translation>重新載入 %1 已回滾</translation>
    </message>
    <message>
        <source>Reload rejected</source>
        <translation>重新載入遭拒</translation>
    </message>
</context>
<context>
    <name>baton::WorkerModel</name>
    <message>
        <source>starting</source>
        <translation>啟動中</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就緒</translation>
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
        <translation>%1 小時 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小時</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Slot %1 of generation %2</source>
        <translation>第 %2 代的第 %1 個槽位</translation>
    </message>
    <message>
        <source>Not sampled yet</source>
        <translation>尚未取樣</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服務</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>世代</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>執行時間</translation>
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
        <translation>狀態訊息</translation>
    </message>
</context>
<context>
    <name>baton::WorkerToolBar</name>
    <message>
        <source>Restart</source>
        <translation>重新啟動</translation>
    </message>
    <message>
        <source>Restart worker %1: start a replacement; once it is ready, this worker drains</source>
        <translation>重新啟動工作行程 %1：先啟動替代行程，就緒後此工作行程將排空</translation>
    </message>
    <message>
        <source>Restart the selected worker</source>
        <translation>重新啟動所選的工作行程</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>訊號</translation>
    </message>
    <message>
        <source>Send a signal to worker %1</source>
        <translation>向工作行程 %1 傳送訊號</translation>
    </message>
    <message>
        <source>Send a signal to the selected worker</source>
        <translation>向所選的工作行程傳送訊號</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>輸出</translation>
    </message>
    <message>
        <source>Show the output of worker %1</source>
        <translation>顯示工作行程 %1 的輸出</translation>
    </message>
    <message>
        <source>Show the output of the selected worker</source>
        <translation>顯示所選工作行程的輸出</translation>
    </message>
    <message>
        <source>batond would not restart it now: %1</source>
        <translation>batond 現在不會重新啟動它：%1</translation>
    </message>
</context>
</TS>
