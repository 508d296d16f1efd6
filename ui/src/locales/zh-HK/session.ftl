# 關於整個工作階段的訊息。

session-signed-out = 你的機構已將你登出。請重新登入以繼續。
session-ignored = 你將不會再看到 { $user } 的任何內容。
