# The app's frame: start-up, the top bar and the empty main area.

app-opening = Opening Parley…
app-sync-running = Connected
app-sync-offline = Offline
app-sync-error = Connection problem
app-sync-terminated = Disconnected
app-sync-connecting = Connecting…
app-notifications = Notifications
# Read out after the count on the Notifications button ("Notifications, 2 unread").
app-notifications-unread = unread
app-privacy = Privacy & security
app-activity = Activity
app-security = Security
app-settings = Settings
app-about = About
app-sign-out = Sign out
app-choose-room = Choose a room to start.
