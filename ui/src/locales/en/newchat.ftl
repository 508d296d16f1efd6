# Starting a conversation: a direct chat with one person, or a group room.

newchat-button = New chat
newchat-title = Start a conversation
newchat-kind = Kind of conversation
newchat-kind-dm = Direct chat
newchat-kind-room = Group room
newchat-user = Their user ID
newchat-user-hint = For example @sam:example.org. Ask them for it, or copy it from their profile.
newchat-name = Room name
newchat-topic = Topic (optional)
newchat-invite = People to invite (optional)
newchat-invite-hint = User IDs, separated by spaces, commas or new lines.
newchat-encrypted = Every conversation is end-to-end encrypted, and only people you invite can join. What you send before someone joins stays unreadable to them.
newchat-create-dm = Start direct chat
newchat-create-room = Create room
newchat-creating = Creating…
newchat-bad-user = "{ $input }" is not a user ID. A user ID looks like @name:server.
newchat-self = That is your own user ID.
newchat-no-name = Give the room a name.
