# Room details: settings, the member list with shields and outsider badges, inviting, leaving.

roominfo-button = Room details
roominfo-title = Details of { $room }
roominfo-back = Back to the room
roominfo-settings = Settings
roominfo-name = Name
roominfo-topic = Topic
roominfo-no-topic = No topic.
roominfo-save = Save changes
roominfo-saved = Saved.
roominfo-not-allowed = Only the room's administrators can change its name and topic.
roominfo-encrypted = End-to-end encrypted: only the members' devices can read what is sent here.
roominfo-not-encrypted = Not encrypted: Parley does not send anything into this room.
roominfo-history = { $visibility ->
    [invited] Members read the history from the moment they were invited.
    [joined] Members read the history from the moment they joined.
    [shared] Members read the whole history, including what was sent before they were invited.
   *[other] Anyone, even without joining, can read this room's history.
  }
roominfo-join = { $rule ->
    [invite] Only invited people can join.
    [knock] People can ask to join; a member lets them in.
    [restricted] Members of certain other rooms can join.
   *[other] Anyone can join this room.
  }
roominfo-members = Members ({ $count })
roominfo-member-invited = invited
roominfo-role-admin = administrator
roominfo-role-moderator = moderator
roominfo-outside = from outside your organisation
roominfo-identity-own = you
roominfo-identity-verified = verified
roominfo-identity-changed = identity changed — check with them before you send anything
roominfo-identity-unverified = not verified
roominfo-identity-unknown = no identity published: cannot be verified yet
roominfo-verify = Verify
roominfo-verify-label = Verify { $user }
roominfo-invite = Invite someone
roominfo-invite-user = User ID
roominfo-invite-send = Invite
roominfo-invited = { $user } is invited. They read only what is sent from now on.
roominfo-leave = Leave room
roominfo-leave-confirm = Leave this room? You can come back only if someone invites you again.
roominfo-leave-yes = Leave
