# A file someone sent: an offer until accepted, then what the checks found, and the last
# question before opening it.

# The card's label; $sender is who sent the file.
files-from = File from { $sender }
# Before the name the file was sent with, when it differs from the name shown.
files-sent-as = Sent as:
files-type-unknown = type not given
files-size-unknown = size not given
files-size-bytes =
    { $count ->
        [one] { $count } byte
       *[other] { $count } bytes
    }
files-encrypted = encrypted
# What was wrong with the name the sender gave the file.
files-name-double-extension = The name hides its real extension.
files-name-invisible-characters = The name contained invisible or reversing characters.
files-name-control-characters = The name contained control characters.
files-name-path-separators = The name tried to point into other folders.
files-name-reserved-name = The name is reserved by Windows.
files-own = You sent this file.
files-not-downloaded = Nothing has been downloaded. Accepting checks the file and scans it before you can open it.
files-checking = Checking…
files-accept = Accept and check
files-open-ask = Open…
files-really-sent = Did { $sender } really send you this?
files-check-with-them = Check with them before opening it.
files-sender-verified = { $sender }'s identity is verified.
files-sender-not-verified = { $sender }'s identity is not verified: someone else could be using their account.
files-open = Open
