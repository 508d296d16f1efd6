# 關於：版本及更新狀況。

about-title = 關於 Parley
about-version = 版本
about-updates = 更新
about-update-off = 你的機構已關閉更新：Parley 不會自行尋找更新，由你的 IT 部門負責更新。
about-update-not-checked = Parley 尚未尋找更新。
about-update-checking = 正在尋找更新…
about-update-up-to-date = Parley 已是最新版本。
about-update-available = Parley { $version } 現已推出。安裝前會先以 Parley 的發行簽署核對。
about-update-installing = 正在下載及核對 Parley { $version }…
about-update-installed = Parley { $version } 已安裝，簽署亦已核對。重新啟動 Parley 即可使用。
about-install = 安裝 Parley { $version }
about-check = 檢查更新
