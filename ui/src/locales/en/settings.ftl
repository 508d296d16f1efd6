# Settings: the person's own preferences on this device.

settings-title = Settings
settings-intro = These choices are kept on this device only.
settings-language = Language
settings-language-system = Same as the system ({ $language })
settings-language-hint = Dates and numbers follow the language you choose.
settings-appearance = Appearance
settings-appearance-text = Parley follows your system's light or dark theme.
