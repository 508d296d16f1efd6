# 應用程式框架：啟動、頂部工具列及空白的主區域。

app-opening = 正在開啟 Parley…
app-sync-running = 已連線
app-sync-offline = 離線
app-sync-error = 連線出現問題
app-sync-terminated = 已中斷連線
app-sync-connecting = 正在連線…
app-notifications = 通知
# 讀出於「通知」按鈕的數目之後（「通知，2 則未讀」）。
app-notifications-unread = 則未讀
app-privacy = 私隱及安全
app-activity = 活動記錄
app-security = 安全
app-settings = 設定
app-about = 關於
app-sign-out = 登出
app-choose-room = 選擇一個聊天室以開始。
