# Privacy & security: what Parley could share, whether it does, and who decided.

privacy-title = Privacy & security
privacy-intro = What Parley could tell others about you, and what it does. Nothing here is shared unless it says so.
privacy-what = What
privacy-state = State
privacy-decided-by = Decided by
privacy-locked = Set by your organisation
privacy-recommended = Recommended by your organisation
privacy-default = Parley's safe default

## Each kind of sharing ($enabled: "yes" when it is on, "no" when it is off).

privacy-read-receipts = Read receipts
privacy-read-receipts-state = { $enabled ->
    [yes] Others see which messages you have read
   *[no] Private: only your own devices know what you read
 }
privacy-typing = Typing notifications
privacy-typing-state = { $enabled ->
    [yes] Others see when you are typing
   *[no] Never sent
 }
privacy-presence = Online status
privacy-presence-state = { $enabled ->
    [yes] Others see when you are online
   *[no] Always shown as offline
 }
privacy-url-previews = Link previews
privacy-url-previews-state = { $enabled ->
    [yes] Links are fetched to show previews
   *[no] Off: links are never fetched for previews
 }
privacy-location = Location sharing
privacy-location-state = { $enabled ->
    [yes] You can share your location
   *[no] Off
 }
privacy-screen = Screen sharing
privacy-screen-state = { $enabled ->
    [yes] You can share your screen
   *[no] Off
 }
privacy-widgets = Widgets and integrations
privacy-widgets-state = { $enabled ->
    [yes] Room widgets can run
   *[no] Off
 }
privacy-calls = Voice and video calls
privacy-calls-state = { $enabled ->
    [yes] Calls are offered (never answered automatically)
   *[no] Off: incoming calls show as missed calls
 }
privacy-camera = Camera and microphone
privacy-camera-state = { $enabled ->
    [yes] Each request asks you first
   *[no] Every request is refused
 }
