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
