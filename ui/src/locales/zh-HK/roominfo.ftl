# 聊天室詳情：設定、附有安全標記及外部標記的成員名單、邀請、離開。

roominfo-button = 聊天室詳情
roominfo-title = 「{ $room }」的詳情
roominfo-back = 返回聊天室
roominfo-settings = 設定
roominfo-name = 名稱
roominfo-topic = 主題
roominfo-no-topic = 沒有主題。
roominfo-save = 儲存變更
roominfo-saved = 已儲存。
roominfo-not-allowed = 只有聊天室管理員才可更改名稱及主題。
roominfo-encrypted = 端對端加密：只有成員的裝置才可閱讀在此傳送的內容。
roominfo-not-encrypted = 未加密：Parley 不會在此聊天室傳送任何內容。
roominfo-history = { $visibility ->
    [invited] 成員可閱讀由獲邀請一刻起的記錄。
    [joined] 成員可閱讀由加入一刻起的記錄。
    [shared] 成員可閱讀全部記錄，包括獲邀請前傳送的內容。
   *[other] 任何人即使未加入，亦可閱讀此聊天室的記錄。
  }
roominfo-join = { $rule ->
    [invite] 只有獲邀請的人才可加入。
    [knock] 其他人可要求加入，由成員批准。
    [restricted] 某些其他聊天室的成員可以加入。
   *[other] 任何人都可加入此聊天室。
  }
roominfo-members = 成員（{ $count }）
roominfo-member-invited = 已邀請
roominfo-role-admin = 管理員
roominfo-role-moderator = 版主
roominfo-outside = 來自你的機構以外
roominfo-identity-own = 你
roominfo-identity-verified = 已驗證
roominfo-identity-changed = 身份已變更 — 傳送任何內容前請先向對方確認
roominfo-identity-unverified = 未驗證
roominfo-identity-unknown = 未發佈身份：暫時無法驗證
roominfo-verify = 驗證
roominfo-verify-label = 驗證 { $user }
roominfo-invite = 邀請其他人
roominfo-invite-user = 用戶 ID
roominfo-invite-send = 邀請
roominfo-invited = 已邀請 { $user }。對方只可閱讀由現在起傳送的內容。
roominfo-leave = 離開聊天室
roominfo-leave-confirm = 要離開此聊天室嗎？除非再有人邀請你，否則你無法返回。
roominfo-leave-yes = 離開
