# Activity: the account's audit log in plain words.

activity-title = Activity
activity-empty = Nothing recorded yet.

## Audit entries, by kind and decision. Entries with details (a device, a link's domain, a
## person) keep the sentence Parley's engine wrote, which has those details.

activity-logout = Signed out; the local data and keys were wiped.
activity-session-ended = The homeserver ended this device's session.
activity-session-wiped = Wiped this device's messages and keys after the session ended.
activity-session-kept = Kept this device's messages and keys after the session ended, as your organisation set.
activity-unencrypted-room = Refused to send into a room that is not end-to-end encrypted.
activity-file-accepted = Accepted a file offer; it went into quarantine to be checked.
activity-file-released = Released a file after a clean antivirus scan.
activity-file-released-unscanned = Released a file without an antivirus scan.
activity-file-opened = Opened a released file after you confirmed who sent it.
activity-file-too-large = Refused a file larger than your organisation allows.
activity-recovery-enabled = Set up recovery: secret storage and key backup.
activity-recovery-restored = Restored this device with the recovery key.
activity-recovery-failed = A recovery key was tried and did not fit.
