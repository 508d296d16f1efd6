# About: the version and where updating stands.

about-title = About Parley
about-version = Version
about-updates = Updates
about-update-off = Your organisation turned updates off: Parley does not look for them. Your IT department updates it.
about-update-not-checked = Parley has not looked for updates yet.
about-update-checking = Looking for updates…
about-update-up-to-date = Parley is up to date.
about-update-available = Parley { $version } is available. It is checked against Parley's release signature before it is installed.
about-update-installing = Downloading and checking Parley { $version }…
about-update-installed = Parley { $version } is installed and its signature checked. Restart Parley to use it.
about-install = Install Parley { $version }
about-check = Check for updates
