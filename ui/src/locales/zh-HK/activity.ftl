# 活動：帳戶審計記錄的淺白說明。

activity-title = 活動記錄
activity-empty = 暫時未有任何記錄。

## 審計記錄，按類別及決定。附帶細節（裝置、連結網域、用戶）的記錄會沿用 Parley 引擎
## 以英文寫成的句子，因為只有它載有這些細節。

activity-logout = 已登出；本機資料及密鑰已清除。
activity-session-ended = 伺服器已結束此裝置的工作階段。
activity-session-wiped = 工作階段結束後，已清除此裝置上的訊息及密鑰。
activity-session-kept = 工作階段結束後，按你的機構設定保留此裝置上的訊息及密鑰。
activity-unencrypted-room = 已拒絕傳送至未啟用端對端加密的聊天室。
activity-file-accepted = 已接收檔案；檔案已放入隔離區等候檢查。
activity-file-released = 防毒掃描未發現問題，已放行檔案。
activity-file-released-unscanned = 未經防毒掃描已放行檔案。
activity-file-opened = 你確認傳送者後，已開啟已放行的檔案。
activity-file-too-large = 已拒絕超過你機構上限的檔案。
activity-recovery-enabled = 已設定復原：秘密儲存及密鑰備份。
activity-recovery-restored = 已使用復原密鑰還原此裝置。
activity-recovery-failed = 有人嘗試輸入復原密鑰，但密鑰不正確。
