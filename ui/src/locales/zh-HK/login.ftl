# 登入：主伺服器、它提供的登入方式及密碼表格。

login-title = 登入 Parley
login-subtitle = 為你的機構而設的安全通訊
login-homeserver = 主伺服器
# $servers：機構允許的主伺服器地址，以逗號分隔。
login-allowed = 你的機構允許：{ $servers }
login-options-failed = 主伺服器沒有提供登入方式的資料。
login-browser-intro = 使用你機構的帳戶登入。系統會開啟瀏覽器；當瀏覽器顯示你已登入後，請返回這裏。
# $provider：主伺服器提供的登入服務名稱（例如「GitHub」）。
login-with-provider = 使用 { $provider } 登入
login-with-sso = 使用單一登入（SSO）
login-with-oauth = 使用你機構的帳戶登入
login-browser-waiting = 請在瀏覽器中完成登入。Parley 最多會等候 5 分鐘。
login-nothing-allowed = 你的機構不允許使用此主伺服器提供的任何登入方式。請向你的 IT 部門查詢應使用哪個伺服器。
login-user = 用戶名稱
# 例子中的 Matrix ID 保持不變。
login-user-placeholder = alice 或 @alice:example.org
login-password = 密碼
login-signing-in = 正在登入…
login-sign-in = 登入
