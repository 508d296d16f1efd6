# Reporting a message or a room to the administrators of the person's own homeserver.

report-title-room = Report this room
report-title-message = Report this message
# $room (the room's name) and $sender (who sent the message) are shown in bold.
report-about-room = The room { $room } is reported to your homeserver's administrators. They may see its content. Nobody in the room is told.
report-about-message = This message from { $sender } is reported to your homeserver's administrators. They may see its content. Nobody in the room is told.
report-reason = Reason (optional)
# How much of the reason is written, out of the most allowed.
report-reason-count = { $used }/{ $max } characters
report-submit = Report
report-done = Reported to your homeserver's administrators.
report-close = Close
