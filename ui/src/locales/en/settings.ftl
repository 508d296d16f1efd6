# Settings: the person's own preferences on this device.

settings-title = Settings
settings-intro = These choices are kept on this device only.
settings-language = Language
settings-language-system = Same as the system ({ $language })
settings-language-hint = Dates and numbers follow the language you choose.
settings-appearance = Appearance
settings-appearance-text = Parley follows your system's light or dark theme.
settings-keys = Keyboard shortcuts
settings-keys-intro = Every action can be reached with Tab and Enter; these go faster. In the composer, Enter sends and Shift+Enter starts a new line.
settings-key-switcher = Go to a room by name
settings-key-new-chat = Start a conversation
settings-key-next-room = Next room in the list
settings-key-previous-room = Previous room in the list
settings-profile = Your profile
settings-display-name = Display name
settings-display-name-hint = People see it next to your messages. Your user ID, { $user }, is what identifies you and cannot change.
settings-display-name-saved = Your display name is saved.
settings-display-name-removed = Your display name is removed; people see your user ID.
