# 別人傳送的檔案：接受前只是一個提議，接受後顯示檢查結果，開啟前再確認一次。

# 檔案卡的標籤；$sender 是傳送檔案的人。
files-from = 來自 { $sender } 的檔案
# 放在傳送者所用的檔案名稱之前（當它與顯示的名稱不同時）。
files-sent-as = 傳送時的名稱：
files-type-unknown = 未提供類型
files-size-unknown = 未提供大小
files-size-bytes =
    { $count ->
       *[other] { $count } 位元組
    }
files-encrypted = 已加密
# 傳送者提供的檔案名稱有何問題。
files-name-double-extension = 檔案名稱隱藏了真正的副檔名。
files-name-invisible-characters = 檔案名稱含有隱形或反轉文字方向的字元。
files-name-control-characters = 檔案名稱含有控制字元。
files-name-path-separators = 檔案名稱試圖指向其他資料夾。
files-name-reserved-name = 此檔案名稱是 Windows 的保留名稱。
files-own = 你傳送了此檔案。
files-not-downloaded = 尚未下載任何內容。接受後，Parley 會先檢查及掃描檔案，你才可以開啟。
files-checking = 正在檢查…
files-accept = 接受並檢查
files-open-ask = 開啟…
files-really-sent = { $sender } 真的傳送了這個檔案給你嗎？
files-check-with-them = 開啟前請先向對方確認。
files-sender-verified = { $sender } 的身份已經驗證。
files-sender-not-verified = { $sender } 的身份未經驗證：可能有其他人正在使用其帳戶。
files-open = 開啟
