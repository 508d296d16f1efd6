# Emoji verification. $self is "yes" when verifying your own other device, "no" for another
# person ($user, their Matrix id).

verification-title = { $self ->
    [yes] Verify your other device
   *[no] Verify { $user }
 }
verification-incoming = { $user } wants to verify with you by comparing emoji.
verification-in-person = Only accept if you are talking to them right now, in person or on a call.
verification-accept = Accept
verification-decline = Decline
verification-cancel = Cancel
verification-close = Close
verification-waiting-accept = { $self ->
    [yes] Waiting for your other device to accept…
   *[no] Waiting for { $user } to accept…
 }
verification-compare = { $self ->
    [yes] Compare these emoji with the ones on your other device's screen. They must be the same, in the same order.
   *[no] Compare these emoji with the ones on { $user }'s screen. They must be the same, in the same order.
 }
verification-match = They match
verification-no-match = They don't match
verification-waiting-confirm = { $self ->
    [yes] Waiting for your other device to confirm…
   *[no] Waiting for { $user } to confirm…
 }
verification-done = { $self ->
    [yes] Your other device is verified. Its messages no longer carry a warning.
   *[no] { $user } is verified. Their messages no longer carry a warning.
 }
verification-mismatch = The emoji did not match, so nothing was verified. Someone may be intercepting: check with them in person.

# How a verification ended without verifying (besides the mismatch above), by Rust's code.
verification-ended-key_mismatch = The keys did not match, so nothing was verified. Someone may be interfering: check with them in person.
verification-ended-timeout = The verification timed out.
verification-ended-no_answer = The verification timed out waiting for the other side.
verification-ended-cancelled_by_you = You cancelled the verification.
verification-ended-cancelled_by_them = The other side cancelled the verification.
verification-ended-answered_elsewhere = Another of your devices answered this verification.
verification-ended-out_of_step = The verification went out of step and was stopped; try again.
verification-ended-not_saved = The emoji matched, but the verification could not be saved on the homeserver; try again.
