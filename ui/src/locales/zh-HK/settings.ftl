# 設定：使用者在此裝置上的偏好。

settings-title = 設定
settings-intro = 這些選擇只會保存在此裝置上。
settings-language = 語言
settings-language-system = 與系統相同（{ $language }）
settings-language-hint = 日期及數字會按照你選擇的語言顯示。
settings-appearance = 外觀
settings-appearance-text = Parley 會跟隨系統的淺色或深色主題。
settings-keys = 鍵盤快捷鍵
settings-keys-intro = 所有操作都可以用 Tab 及 Enter 完成，以下快捷鍵更快捷。在輸入框中，按 Enter 傳送，按 Shift+Enter 換行。
settings-key-switcher = 按名稱前往聊天室
settings-key-new-chat = 開始對話
settings-key-next-room = 清單中的下一個聊天室
settings-key-previous-room = 清單中的上一個聊天室
settings-profile = 你的個人資料
settings-display-name = 顯示名稱
settings-display-name-hint = 其他人會在你的訊息旁看到此名稱。用以識別你的是你的用戶 ID（{ $user }），不能更改。
settings-display-name-saved = 已儲存你的顯示名稱。
settings-display-name-removed = 已移除你的顯示名稱；其他人會看到你的用戶 ID。
