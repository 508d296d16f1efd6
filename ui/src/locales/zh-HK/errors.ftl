# Rust 報告的錯誤，按代碼排列（`error-CODE`）。英文版本與 Rust 的句子完全相同；
# 若 Rust 的英文句子有變，介面會改為顯示 Rust 的原句，直至此處更新為止。

## 桌面程式對介面所傳送內容的檢查。
error-invalid_room = 這不是有效的聊天室。
error-invalid_message = 這不是有效的訊息。
error-empty_message = 訊息是空白的。
error-message_too_long = 訊息太長，無法傳送。
error-invalid_reaction = 無法傳送這個回應。
error-reason_too_long = 原因太長。
error-invalid_report_reason = 原因太長，或含有無法傳送的字元。
error-invalid_file_offer = 這不是有效的檔案。
error-invalid_link = 這不是有效的連結。
error-invalid_user = 這不是有效的用戶。
error-room_text_too_long = 名稱或主題不可以這麼長。
error-too_many_invites = 一次邀請的人數太多。
error-invalid_verification = 這不是進行中的驗證。
error-too_many_notices = 一次處理的通知太多。
error-login_incomplete = 請輸入伺服器地址、你的用戶名稱和密碼。
error-homeserver_missing = 請輸入伺服器地址。
error-invalid_identity_provider = 請從主伺服器列出的登入服務中選擇一個。
error-recovery_key_missing = 請輸入你設定復原時儲存的復原密鑰。
error-not_logged_in = 你尚未登入。
error-updates_off = 你的機構已關閉 Parley 的更新功能。
error-ipc = Parley 無法完成這個要求。

## 引擎的錯誤。
# $detail：密鑰圈報告的內容（技術資料，英文）。
error-keyring_unavailable = 無法使用系統密鑰圈（{ $detail }）。請解鎖或啟動你的密鑰圈，或設定 PARLEY_STORE_PASSPHRASE，改用密碼短語保護此設定檔。
error-store_key_missing = 系統密鑰圈中找不到此設定檔的儲存密鑰，因此無法開啟其加密資料。請登出後再登入。
error-passphrase_required = 此設定檔受密碼短語保護：請設定 PARLEY_STORE_PASSPHRASE 以開啟它。
error-store_locked = 無法開啟本機的加密資料（密鑰錯誤或資料已損壞），但沒有刪除任何資料：請登出後再登入，然後使用你的復原密鑰取回訊息記錄。
error-profile_in_use = 這個設定檔已在另一個 Parley 視窗或 parleyctl 指令中開啟；請先關閉它，然後再試一次。
error-wrong_credentials = 用戶名稱或密碼錯誤。
error-homeserver_unreachable = 無法連接位於 { $url } 的主伺服器。請檢查地址和你的網絡連線。
error-not_matrix = { $url } 看來不是 Matrix 主伺服器。
error-invalid_homeserver = 「{ $input }」不是有效的主伺服器地址。
# $kind：user_id、room_id 或 event_id。
error-invalid_id = 「{ $input }」不是有效的{ $kind ->
        [user_id] 用戶 ID
        [room_id] 聊天室 ID
        [event_id] 訊息 ID
       *[other] { $kind }
    }。
error-signed_out = 你的機構已將你登出。請再次登入以繼續。
error-already_logged_in = 此設定檔已以 { $user_id } 的身份登入。請先登出。
error-profile = 無法使用設定檔資料夾 { $path }：{ $detail }。
error-unknown_room = 此帳戶不認識聊天室 { $room_id }。
error-unencrypted_room = 此聊天室沒有端對端加密，因此 Parley 不會在此傳送訊息。
# $kinds：找到的敏感資料類別，以清單形式列出。
error-dlp_blocked = 此訊息含有{ $kinds }；你的機構不允許傳送這些資料，因此訊息沒有傳送。
error-dlp_confirmation_needed = 此訊息含有{ $kinds }；傳送前需要你確認，因此訊息沒有傳送。
# $users：身份已改變的人（清單）；$count：人數。
error-identity_changed = { $count ->
        [0] 有成員的身份已經改變。請先與對方核實，然後接受新身份，才可傳送訊息。
       *[other] { $users } 的身份已經改變。請先與每位相關人士核實，然後接受新身份，才可傳送訊息。
    }
error-unknown_identity = Parley 尚未知道 { $user_id } 的身份。
# $detail：主伺服器的回覆（技術資料，英文）。
error-server = 主伺服器拒絕了要求：{ $detail }。
error-send_failed = 無法傳送訊息：{ $detail }。
error-unknown_message = 該訊息不在此聊天室已載入的記錄中。
error-not_editable = 你只可以編輯自己的文字訊息。
error-unknown_unsent = 該訊息已不再等待傳送。
error-unsent = 仍有 { NUMBER($count, useGrouping: 0) } 則訊息等待傳送；Parley 會繼續嘗試。
error-timeout = 主伺服器沒有及時回應。
error-unknown_link = 該連結已不在此聊天室的訊息中。
# $reason：連結檢查的原因（英文句子）。
error-link_blocked = Parley 不會開啟此連結：{ $reason }
error-link_not_acknowledged = 開啟此連結前，你需要先閱讀其警告，並剔選「我明白」。
error-not_a_file = 該訊息並沒有提供檔案。
error-unknown_file = 該檔案不在你聊天室的近期訊息中。
error-file_too_large = 檔案超過你的機構所允許的 { NUMBER($limit_mb, useGrouping: 0) } MB，因此沒有傳輸。
error-no_download_folder = 沒有「下載」資料夾可儲存檔案；請選擇一個資料夾。
error-file_quarantined = 此檔案已被隔離，無法從 Parley 開啟。
error-file_unreadable = 無法讀取檔案：{ $detail }。
error-unknown_verification = 該驗證已不再進行。
error-verification_not_ready = 尚未有表情符號可供比對；請等候對方。
error-wrong_recovery_key = 此復原密鑰不適用於這個帳戶。請檢查後再試。
# $what：留空的項目。
error-empty_input = 沒有提供{ $what ->
        [room_name] 聊天室名稱
       *[other] { $what }
    }。
# $floor：muted、mentions 或 all。
error-notification_floor = 你的機構不允許把聊天室的通知設定得比「{ $floor ->
        [muted] 靜音
        [mentions] 僅提及
        [all] 全部
       *[other] { $floor }
    }」更少。
error-external_confirmation_needed = 此聊天室內有來自你機構以外的人（{ $servers }），他們會讀到你傳送的內容；請確認你要傳送給他們。
error-not_invited = 沒有加入聊天室 { $room_id } 的待處理邀請。
error-cannot_ignore_self = 你不能忽略自己。
# $what：輸入的內容。
error-hidden_characters = { $what ->
        [room_name] 聊天室名稱
        [room_topic] 聊天室主題
        [display_name] 顯示名稱
       *[other] { $what }
    }含有隱藏或改變文字方向的字元；請移除後再試。
error-too_long = { $what ->
        [room_name] 聊天室名稱
        [room_topic] 聊天室主題
        [display_name] 顯示名稱
        [invitation_list] 邀請名單
        [report_reason] 舉報原因
       *[other] { $what }
    }太長：最多 { NUMBER($limit, useGrouping: 0) } 個字元。
error-homeserver_not_allowed = 你的機構只允許登入 { $allowed }；{ $input } 不在其中。
# $method：主伺服器不提供的登入方式。
error-login_method_unavailable = 此主伺服器不提供{ $method ->
        [with_a_password] 密碼
        [with_single_sign_on] 單一登入（SSO）
        [with_oauth_2_0] OAuth 2.0
       *[other] { $method }
    }登入方式。
error-sign_in_timed_out = 透過瀏覽器登入的時間太長（{ NUMBER($minutes, useGrouping: 0) } 分鐘），因此 Parley 已停止等候。請再試一次。
error-sign_in_cancelled = 已取消登入；沒有儲存任何資料。
# $reason：出錯的原因（技術資料，英文）。
error-sign_in_failed = 透過瀏覽器登入失敗：{ $reason }。請再試一次。
error-internal = Parley 內部出錯：{ $detail }。

## 敏感資料（DLP）的類別，用於句子之中。
dlp-kind-payment_card = 信用卡或扣賬卡號碼
dlp-kind-iban = 銀行帳戶號碼（IBAN）
dlp-kind-hkid = 香港身份證號碼
dlp-kind-cn_resident_id = 中國居民身份證號碼
dlp-kind-sg_nric = 新加坡 NRIC/FIN 號碼
dlp-kind-private_key = 私鑰
dlp-kind-aws_access_key = AWS 存取密鑰
dlp-kind-github_token = GitHub 權杖
dlp-kind-slack_token = Slack 權杖
dlp-kind-google_api_key = Google API 密鑰
dlp-kind-jwt = 存取權杖（JWT）
dlp-kind-url_credentials = 連結內的密碼
dlp-kind-password = 密碼
# $name：機構為其規則所取的名稱。
dlp-kind-custom = 你的機構保護的資料（{ $name }）
# $problem：not_matrix、too_long 或 malformed。
error-matrix_link_invalid = { $problem ->
        [not_matrix] 這不是 Matrix 連結。
        [too_long] 此 Matrix 連結太長，不似是真實連結。
       *[malformed] 此 Matrix 連結並未指向有效的聊天室、訊息或用戶。
    }
error-not_in_room = 你不在 { $name } 內，因此 Parley 無法開啟；連結絕不會令你加入聊天室。
error-no_conversation = 你與 { $user_id } 尚未有任何對話。
