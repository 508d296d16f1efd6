# The room list: rooms, invitations, requests from people you don't know, and how loudly a
# room notifies.

rooms-title = Rooms
rooms-none = No rooms yet.
# The badge on a direct-message room.
rooms-dm = DM
# Read out after a room's name.
rooms-encrypted = encrypted
rooms-not-encrypted = not encrypted
# Read out after the number of unread messages on a room.
rooms-unread =
    { $count ->
        [one] unread message
       *[other] unread messages
    }
rooms-unread-mentions =
    { $count ->
        [one] unread message
       *[other] unread messages
    }, { $mentions } mentioning you
rooms-requests = Requests
rooms-requests-note = Someone you don't know invited you. Nothing from them is loaded until you accept.
rooms-invitations = Invitations
# Who sent an invitation. $name and $id are shown as the inviter chose them.
rooms-from-named = from { $name } ({ $id })
rooms-from = from { $name }
rooms-from-unknown = from someone unknown
# The group of buttons answering one invitation; $room is the room's name.
rooms-answer-request = Answer the request: { $room }
rooms-answer-invitation = Answer the invitation: { $room }
rooms-accept = Accept
rooms-decline = Decline
rooms-decline-block = Decline and block
rooms-notify = Desktop notifications
rooms-notify-all = Every message
rooms-notify-mentions = Mentions and replies
rooms-notify-muted = Muted
# A choice the organisation's policy rules out; $level is one of the three above.
rooms-notify-not-allowed = { $level } (not allowed by your organisation)
rooms-search = Search rooms
rooms-folder = Show
rooms-folder-all = All
rooms-folder-dms = Direct chats
rooms-folder-groups = Groups
rooms-no-match = No room matches "{ $query }".
rooms-switcher-title = Go to a room
rooms-switcher-hint = Type to search; arrow keys to choose; Enter to open; Escape to close.
rooms-switcher-results = Rooms found
