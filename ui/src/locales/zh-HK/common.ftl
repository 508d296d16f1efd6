# 多個畫面共用的字詞。

common-back-to-chats = 返回聊天
common-loading = 載入中…
common-cancel = 取消
common-save = 儲存
common-dismiss = 關閉提示
