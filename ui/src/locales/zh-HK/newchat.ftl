# 開始對話：與一位用戶的私人對話，或群組聊天室。

newchat-button = 新對話
newchat-title = 開始對話
newchat-kind = 對話類型
newchat-kind-dm = 私人對話
newchat-kind-room = 群組聊天室
newchat-user = 對方的用戶 ID
newchat-user-hint = 例如 @sam:example.org。可向對方索取，或從對方的個人資料複製。
newchat-name = 聊天室名稱
newchat-topic = 主題（選填）
newchat-invite = 邀請的人（選填）
newchat-invite-hint = 用戶 ID，以空格、逗號或換行分隔。
newchat-encrypted = 所有對話均採用端對端加密，只有你邀請的人才可加入。對方加入前你傳送的內容，對方無法閱讀。
newchat-create-dm = 開始私人對話
newchat-create-room = 建立聊天室
newchat-creating = 正在建立…
newchat-bad-user = 「{ $input }」不是用戶 ID。用戶 ID 的格式為 @名稱:伺服器。
newchat-self = 這是你自己的用戶 ID。
newchat-no-name = 請為聊天室命名。
