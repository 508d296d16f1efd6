# The notification centre.

notices-title = Notifications
notices-intro = Everything that arrived is listed here, including what was not shown on your desktop. Message text is never stored here: open an entry to read it in its room.
notices-filter = Show
notices-filter-all = Everything
notices-filter-messages = Messages
notices-filter-personal = Mentions and replies
notices-filter-files = Files
notices-filter-security = Security
notices-filter-calls = Calls and invitations
notices-filter-problems = Failed sends
notices-unread-only = Unread only
notices-dnd = Do not disturb (no desktop pop-ups; everything is still listed here)
notices-mark-all-read = Mark all read
notices-count = { $total ->
    [one] { $total } notification
   *[other] { $total } notifications
 }, { $unread } unread
notices-nothing = Nothing to show.
notices-show = Show
# The Show button as read out: "Show: " and the entry's text.
notices-show-entry = Show: { $text }
notices-mark-read = Mark read

## One line per entry. $who: who caused it (a name or Matrix id); $room: the room's name;
## $place: "room" when the room is known, "none" when not.

notices-someone = Someone
notices-message = { $place ->
    [room] New message from { $who } in { $room }
   *[none] New message from { $who }
 }
notices-mention = { $place ->
    [room] { $who } mentioned you in { $room }
   *[none] { $who } mentioned you
 }
notices-reply = { $place ->
    [room] { $who } replied to you in { $room }
   *[none] { $who } replied to you
 }
notices-reaction = { $place ->
    [room] { $who } reacted to your message in { $room }
   *[none] { $who } reacted to your message
 }
notices-invite = { $who } invited you to { $room }
notices-invite-unknown = { $who } (someone you don't know) invited you to { $room }
notices-file-offer = { $place ->
    [room] { $who } offered a file in { $room }
   *[none] { $who } offered a file
 }
notices-call = { $place ->
    [room] Missed call from { $who } in { $room }
   *[none] Missed call from { $who }
 }
notices-verification-request = { $who } wants to verify with you
# $device: the new device's id.
notices-new-sign-in = New sign-in to your account ({ $device })
notices-identity-change = { $who }'s identity changed
# $change: joined, left, invited, removed, banned, or something else.
notices-membership = { $place ->
    [room] { $change ->
        [joined] { $who } joined in { $room }
        [left] { $who } left in { $room }
        [invited] { $who } was invited in { $room }
        [removed] { $who } was removed in { $room }
        [banned] { $who } was banned in { $room }
       *[other] { $who } changed membership in { $room }
    }
   *[none] { $change ->
        [joined] { $who } joined
        [left] { $who } left
        [invited] { $who } was invited
        [removed] { $who } was removed
        [banned] { $who } was banned
       *[other] { $who } changed membership
    }
 }
notices-encryption-change = { $place ->
    [room] { $who } changed the encryption settings in { $room }
   *[none] { $who } changed the encryption settings
 }
notices-policy-change = Your organisation changed Parley's settings
notices-file-released = A file you accepted passed its checks
notices-file-quarantined = A file you accepted was kept in quarantine
notices-send-failed = { $place ->
    [room] A message could not be sent in { $room }
   *[none] A message could not be sent
 }
