# 表情符號驗證。驗證你自己的另一部裝置時 $self 為 "yes"，驗證其他人時為 "no"（$user：對方的 Matrix ID）。

verification-title = { $self ->
    [yes] 驗證你的另一部裝置
   *[no] 驗證 { $user }
 }
verification-incoming = { $user } 想透過比對表情符號與你進行驗證。
verification-in-person = 請只在你此刻正與對方當面或通話交談時才接受。
verification-accept = 接受
verification-decline = 拒絕
verification-cancel = 取消
verification-close = 關閉
verification-waiting-accept = { $self ->
    [yes] 正在等候你的另一部裝置接受…
   *[no] 正在等候 { $user } 接受…
 }
verification-compare = { $self ->
    [yes] 請將這些表情符號與你另一部裝置螢幕上的作比對。兩邊必須相同，而且次序一致。
   *[no] 請將這些表情符號與 { $user } 螢幕上的作比對。兩邊必須相同，而且次序一致。
 }
verification-match = 相符
verification-no-match = 不相符
verification-waiting-confirm = { $self ->
    [yes] 正在等候你的另一部裝置確認…
   *[no] 正在等候 { $user } 確認…
 }
verification-done = { $self ->
    [yes] 你的另一部裝置已通過驗證。它的訊息不會再附有警告。
   *[no] { $user } 已通過驗證。對方的訊息不會再附有警告。
 }
verification-mismatch = 表情符號不相符，因此沒有驗證任何裝置。可能有人正在截取通訊：請當面向對方核實。

# 驗證未完成便結束的原因（上面的「不相符」以外），按 Rust 的代碼。
verification-ended-key_mismatch = 金鑰不相符，所以沒有驗證任何東西。可能有人從中干擾：請親身與對方核實。
verification-ended-timeout = 驗證已逾時。
verification-ended-no_answer = 等候對方回應時，驗證已逾時。
verification-ended-cancelled_by_you = 你已取消驗證。
verification-ended-cancelled_by_them = 對方已取消驗證。
verification-ended-answered_elsewhere = 你的另一部裝置已回應此驗證。
verification-ended-out_of_step = 驗證步驟不同步，已停止；請再試一次。
verification-ended-not_saved = 表情符號相符，但驗證結果未能儲存到主伺服器；請再試一次。
