# 訊息中每條連結都經此對話框開啟：連結真正通往哪裏，以及 Parley 為何對它特別謹慎。

links-checking = 正在檢查連結…
links-title-block = 無法開啟此連結
links-title-warn = 此連結可能與表面所見不同
links-title-open = 要開啟此連結嗎？
# 放在可註冊網域（例如「example.org」）之前。
links-site = 網站：
links-full-address = 完整地址
# 國際化網域名稱的顯示形式，以及網絡上實際使用的名稱。
links-as-displayed = 顯示為
links-real-name = 真實名稱（Punycode）
links-reasons = Parley 對此連結特別謹慎的原因
links-in-app = Matrix 連結會在 Parley 內開啟，絕不會在瀏覽器中開啟。
links-understand = 我明白當中的風險，並想開啟此連結
links-copy = 複製連結
links-copied = 已複製連結。
links-copy-unavailable = 此處無法複製：請選取上方的地址並自行複製。
links-open = 在瀏覽器中開啟

# 連結需要小心的原因，每個對應 Rust 連結防護的一個原因代碼。英文介面顯示 Rust 本身的句子；
# 這些句子以所選語言說明同一原因，並帶上 Rust 指出的細節。
link-reason-scheme_blocked = 「{ $scheme }:」類的連結可以執行程式或存取檔案，所以 Parley 從不開啟。
link-reason-unparseable = 這不是 Parley 能讀懂的連結。
link-reason-too_long = 此連結非常長，可能藉此隱藏它真正通往的地方。
link-reason-invisible_characters = 此連結含有看不見的字元，可用來掩飾它真正通往的地方。
link-reason-control_characters = 此連結含有控制字元（例如定位鍵或換行），會隱藏它的真正形式。
link-reason-lookalike_slash = 網址中有一個只是看似斜線的字元，用來偽造網站名稱的結尾位置。
link-reason-credentials = 此連結在網站名稱前帶有用戶名稱或密碼。
link-reason-deceptive_credentials = 「@」之前的部分看似網站名稱，但連結實際開啟的是「@」之後的網站。
link-reason-ip_host = 此連結以數字位址指向一部電腦，而不是網站名稱。
link-reason-ip_host_obfuscated = 此連結以不尋常的寫法隱藏一部電腦的數字位址（實際是 { $host }）。
link-reason-non_default_port = 此連結使用不尋常的連接埠（{ $port }），一般網站並不需要。
link-reason-insecure_http = 此網頁沒有加密（http）：同一網絡上的其他人可以讀取或更改內容。
link-reason-shortener = { $site } 是短網址服務：在你開啟之前，看不到真正的目的地。
link-reason-text_mismatch = 連結文字顯示的是 { $shown }，但連結開啟的是另一個網站。
link-reason-well_known_subdomain = 網址以 { $shown } 開頭，但網站其實是 { $site }。
link-reason-lookalike_domain = 此網址模仿 { $target }：看起來一樣，但其實是另一個網站（{ $site }）。
link-reason-mixed_scripts = 網址混合了不同文字系統的字元，這是冒充其他網站的常見手法。
link-reason-whole_script_confusable = 網址所用的字元看似拉丁字母或數字，但其實不是。
link-reason-unusual_characters = 網址使用了可冒充其他字母的不尋常字元（{ $chars }）。
link-reason-combining_marks = 網址重複使用重音符號，可藉此隱藏字元。
link-reason-deviation_characters = 網址使用了 ß 或 ς，部分系統會把它讀成另一個網址。
link-reason-blocked_domain = 你的機構封鎖了通往此網站的連結。
link-reason-unknown_sender = 來自陌生人的連結只能複製，不能開啟。
link-reason-unknown_sender_warn = 此連結來自你不認識的人。
