# 設定：使用者在此裝置上的偏好。

settings-title = 設定
settings-intro = 這些選擇只會保存在此裝置上。
settings-language = 語言
settings-language-system = 與系統相同（{ $language }）
settings-language-hint = 日期及數字會按照你選擇的語言顯示。
settings-appearance = 外觀
settings-appearance-text = Parley 會跟隨系統的淺色或深色主題。
