# Security: this account's devices, and recovery.

security-title = Security
security-devices = Your devices
security-devices-intro = A device you have not verified could be someone else signed in as you.
security-device = Device
security-state = State
security-last-seen = Last seen
# After the device's name: its id, and whether it is the one in use ($this: "yes" or "no").
security-device-id = { $this ->
    [yes] ({ $id }, this device)
   *[no] ({ $id })
 }
security-verified = Verified
security-not-verified = Not verified
security-recovery = Recovery
security-recovery-intro = With a recovery key a new device can prove it is yours and read your earlier messages. Anyone with the key can do the same: keep it somewhere safe, away from this computer.
security-key-label = Your recovery key
security-key-heading = Your recovery key.
security-key-once = It is shown only now; Parley keeps no copy.
security-copy = Copy
security-copied = Copied
security-copy-failed = Copying is not available here: write the key down instead.
security-key-stored = I have stored my recovery key somewhere safe
security-done = Done
security-recovery-ready = Recovery is set up.
security-set-up = Set up recovery
security-restore-title = Restore this device
security-restored = This device is verified. Earlier messages become readable as their keys arrive.
security-recovery-key = Recovery key
security-restore = Restore
