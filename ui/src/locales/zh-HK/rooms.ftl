# 聊天室列表：聊天室、邀請、陌生人的請求，以及聊天室的通知程度。

rooms-title = 聊天室
rooms-none = 暫時未有聊天室。
# 私人對話聊天室的標記。
rooms-dm = 私訊
# 在聊天室名稱之後讀出。
rooms-encrypted = 已加密
rooms-not-encrypted = 未加密
# 在聊天室未讀訊息數目之後讀出。
rooms-unread =
    { $count ->
       *[other] 則未讀訊息
    }
rooms-unread-mentions =
    { $count ->
       *[other] 則未讀訊息
    }，其中 { $mentions } 則提及你
rooms-requests = 請求
rooms-requests-note = 一個你不認識的人邀請了你。在你接受之前，Parley 不會載入對方的任何內容。
rooms-invitations = 邀請
# 邀請的發出人。$name 及 $id 按邀請人自訂的內容顯示。
rooms-from-named = 來自 { $name }（{ $id }）
rooms-from = 來自 { $name }
rooms-from-unknown = 來自不明人士
# 回覆一個邀請的按鈕組；$room 是聊天室名稱。
rooms-answer-request = 回覆請求：{ $room }
rooms-answer-invitation = 回覆邀請：{ $room }
rooms-accept = 接受
rooms-decline = 拒絕
rooms-decline-block = 拒絕並封鎖
rooms-notify = 桌面通知
rooms-notify-all = 所有訊息
rooms-notify-mentions = 提及你或回覆你的訊息
rooms-notify-muted = 靜音
# 機構政策不允許的選項；$level 是以上三者之一。
rooms-notify-not-allowed = { $level }（你的機構不允許）
rooms-search = 搜尋聊天室
rooms-folder = 顯示
rooms-folder-all = 全部
rooms-folder-dms = 私人對話
rooms-folder-groups = 群組
rooms-no-match = 沒有聊天室符合「{ $query }」。
rooms-switcher-title = 前往聊天室
rooms-switcher-hint = 輸入以搜尋；用方向鍵選擇；按 Enter 開啟；按 Escape 關閉。
rooms-switcher-results = 找到的聊天室
