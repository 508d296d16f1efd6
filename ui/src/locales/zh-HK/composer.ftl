# 撰寫及傳送訊息：敏感資料警告、回覆及編輯，以及傳送給機構以外人士前的確認。

# $summary：機構的掃描找到的內容，按 Rust 的描述（例如「a card number」）。
composer-dlp-block = 此訊息含有以下內容：{ $summary }。你的機構不允許傳送此訊息；請先修改訊息。
composer-dlp-warn = 此訊息含有以下內容：{ $summary }。在訊息離開此裝置前，請檢查已標示的文字。
composer-edit = 修改
composer-send-anyway = 仍然傳送
# $sender（粗體顯示）及 $body（被引用的訊息）按句子需要放置。
composer-replying = 正在回覆 { $sender }：{ $body }
composer-editing = 正在編輯你的訊息
# 訊息欄的標籤及提示文字；$room 是聊天室名稱。
composer-field = 傳送訊息至 { $room }
composer-send = 傳送
composer-hint = 按 Enter 傳送 · 按 Shift+Enter 換行
composer-hint-cancel = 按 Enter 傳送 · 按 Shift+Enter 換行 · 按 Esc 取消
composer-external-title = 要傳送給你機構以外的人嗎？
composer-external-servers = 他們的伺服器
composer-external-servers-label = 你機構以外的伺服器
composer-external-hint = 除非你選擇「傳送給他們」，否則不會傳送任何內容。你的訊息會保留在輸入欄中。
composer-external-send = 傳送給他們
