# 通知中心。

notices-title = 通知
notices-intro = 所有收到的通知都列在這裏，包括沒有在桌面彈出的。這裏從不儲存訊息內容：請開啟項目，到其聊天室閱讀。
notices-filter = 顯示
notices-filter-all = 全部
notices-filter-messages = 訊息
notices-filter-personal = 提及及回覆
notices-filter-files = 檔案
notices-filter-security = 安全
notices-filter-calls = 通話及邀請
notices-filter-problems = 傳送失敗
notices-unread-only = 只顯示未讀
notices-dnd = 請勿打擾（不會在桌面彈出通知；所有通知仍會列在這裏）
notices-mark-all-read = 全部標示為已讀
notices-count = { $total } 則通知，{ $unread } 則未讀
notices-nothing = 沒有可顯示的項目。
notices-show = 顯示
# 朗讀「顯示」按鈕時："顯示：" 加上項目內容。
notices-show-entry = 顯示：{ $text }
notices-mark-read = 標示為已讀

## 每個項目一行。$who：引起通知的人（名稱或 Matrix ID）；$room：聊天室名稱；
## $place：知道聊天室時為 "room"，否則為 "none"。

notices-someone = 有人
notices-message = { $place ->
    [room] { $who } 在 { $room } 傳來新訊息
   *[none] { $who } 傳來新訊息
 }
notices-mention = { $place ->
    [room] { $who } 在 { $room } 提及你
   *[none] { $who } 提及你
 }
notices-reply = { $place ->
    [room] { $who } 在 { $room } 回覆了你
   *[none] { $who } 回覆了你
 }
notices-reaction = { $place ->
    [room] { $who } 在 { $room } 對你的訊息作出回應
   *[none] { $who } 對你的訊息作出回應
 }
notices-invite = { $who } 邀請你加入 { $room }
notices-invite-unknown = { $who }（你不認識的人）邀請你加入 { $room }
notices-file-offer = { $place ->
    [room] { $who } 在 { $room } 提供了一個檔案
   *[none] { $who } 提供了一個檔案
 }
notices-call = { $place ->
    [room] { $who } 在 { $room } 的未接來電
   *[none] { $who } 的未接來電
 }
notices-verification-request = { $who } 想與你進行驗證
# $device：新裝置的 ID。
notices-new-sign-in = 你的帳戶有新的登入（{ $device }）
notices-identity-change = { $who } 的身分已變更
# $change：joined、left、invited、removed、banned 或其他。
notices-membership = { $place ->
    [room] { $change ->
        [joined] { $who } 已加入 { $room }
        [left] { $who } 已離開 { $room }
        [invited] { $who } 已獲邀加入 { $room }
        [removed] { $who } 已被移出 { $room }
        [banned] { $who } 已被禁止進入 { $room }
       *[other] { $who } 在 { $room } 的成員身分已變更
    }
   *[none] { $change ->
        [joined] { $who } 已加入
        [left] { $who } 已離開
        [invited] { $who } 已獲邀請
        [removed] { $who } 已被移除
        [banned] { $who } 已被禁止進入
       *[other] { $who } 的成員身分已變更
    }
 }
notices-encryption-change = { $place ->
    [room] { $who } 更改了 { $room } 的加密設定
   *[none] { $who } 更改了加密設定
 }
notices-policy-change = 你的機構已更改 Parley 的設定
notices-file-released = 你接收的檔案已通過檢查
notices-file-quarantined = 你接收的檔案已被保留在隔離區
notices-send-failed = { $place ->
    [room] 無法在 { $room } 傳送一則訊息
   *[none] 無法傳送一則訊息
 }
