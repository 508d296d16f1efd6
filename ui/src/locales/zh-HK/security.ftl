# 安全：此帳戶的裝置及復原。

security-title = 安全
security-devices = 你的裝置
security-devices-intro = 未經你驗證的裝置，可能是其他人以你的身分登入。
security-device = 裝置
security-state = 狀態
security-last-seen = 最後使用
# 裝置名稱之後：裝置 ID，以及是否正在使用的這部（$this："yes" 或 "no"）。
security-device-id = { $this ->
    [yes] （{ $id }，此裝置）
   *[no] （{ $id }）
 }
security-verified = 已驗證
security-not-verified = 未驗證
security-recovery = 復原
security-recovery-intro = 有了復原密鑰，新裝置便可證明是你本人的裝置，並讀取你以前的訊息。任何取得密鑰的人都可以這樣做：請把它存放在安全的地方，不要跟這部電腦放在一起。
security-key-label = 你的復原密鑰
security-key-heading = 你的復原密鑰。
security-key-once = 密鑰只會在此刻顯示一次；Parley 不會保留副本。
security-copy = 複製
security-copied = 已複製
security-copy-failed = 此處無法複製：請改為把密鑰抄寫下來。
security-key-stored = 我已把復原密鑰存放在安全的地方
security-done = 完成
security-recovery-ready = 已設定復原。
security-set-up = 設定復原
security-restore-title = 還原此裝置
security-restored = 此裝置已通過驗證。以前的訊息會在其密鑰送達後逐步可以閱讀。
security-recovery-key = 復原密鑰
security-restore = 還原
