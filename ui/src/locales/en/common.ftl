# Words many screens share.

common-back-to-chats = Back to chats
common-loading = Loading…
common-cancel = Cancel
common-save = Save
common-dismiss = Dismiss
