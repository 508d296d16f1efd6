# 私隱及安全：Parley 可能分享甚麼、是否有分享，以及由誰決定。

privacy-title = 私隱及安全
privacy-intro = Parley 可能向他人透露你的哪些資料，以及實際上如何處理。除非註明，否則以下各項都不會分享。
privacy-what = 項目
privacy-state = 狀態
privacy-decided-by = 決定者
privacy-locked = 由你的機構設定
privacy-recommended = 你的機構建議
privacy-default = Parley 的安全預設

## 各類分享（$enabled：開啟時為 "yes"，關閉時為 "no"）。

privacy-read-receipts = 已讀回條
privacy-read-receipts-state = { $enabled ->
    [yes] 其他人會看到你已讀哪些訊息
   *[no] 私人：只有你自己的裝置知道你讀過甚麼
 }
privacy-typing = 輸入中通知
privacy-typing-state = { $enabled ->
    [yes] 其他人會看到你正在輸入
   *[no] 從不傳送
 }
privacy-presence = 上線狀態
privacy-presence-state = { $enabled ->
    [yes] 其他人會看到你在線
   *[no] 一律顯示為離線
 }
privacy-url-previews = 連結預覽
privacy-url-previews-state = { $enabled ->
    [yes] 會擷取連結內容以顯示預覽
   *[no] 關閉：從不為預覽而擷取連結
 }
privacy-location = 位置分享
privacy-location-state = { $enabled ->
    [yes] 你可以分享你的位置
   *[no] 關閉
 }
privacy-screen = 螢幕分享
privacy-screen-state = { $enabled ->
    [yes] 你可以分享你的螢幕
   *[no] 關閉
 }
privacy-widgets = 小工具及整合服務
privacy-widgets-state = { $enabled ->
    [yes] 聊天室小工具可以執行
   *[no] 關閉
 }
privacy-calls = 語音及視像通話
privacy-calls-state = { $enabled ->
    [yes] 會提供通話（從不自動接聽）
   *[no] 關閉：來電會顯示為未接來電
 }
privacy-camera = 相機及咪高峰
privacy-camera-state = { $enabled ->
    [yes] 每次要求都會先問你
   *[no] 所有要求一律拒絕
 }
