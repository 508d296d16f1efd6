# 向用戶自己的主伺服器管理員舉報訊息或聊天室。

report-title-room = 舉報此聊天室
report-title-message = 舉報此訊息
# $room（聊天室名稱）及 $sender（訊息傳送者）以粗體顯示。
report-about-room = 系統會向你的主伺服器管理員舉報聊天室 { $room }。管理員可能會看到聊天室的內容。聊天室內的人不會收到通知。
report-about-message = 系統會向你的主伺服器管理員舉報這則來自 { $sender } 的訊息。管理員可能會看到訊息的內容。聊天室內的人不會收到通知。
report-reason = 原因（選填）
# 已輸入的原因字數，以及允許的上限。
report-reason-count = { $used }/{ $max } 個字元
report-submit = 舉報
report-done = 已向你的主伺服器管理員舉報。
report-close = 關閉
