# Writing and sending a message: the sensitive-data warning, replying and editing, and the
# question before sending to people from outside the organisation.

# $summary: what the organisation's scanner found, as Rust describes it (e.g. "a card number").
composer-dlp-block = This message contains { $summary }. Your organisation does not allow sending it; edit the message first.
composer-dlp-warn = This message contains { $summary }. Check the highlighted text before it leaves this device.
composer-edit = Edit
composer-send-anyway = Send anyway
# $sender (shown in bold) and $body (the quoted message) are placed as the sentence needs.
composer-replying = Replying to { $sender }: { $body }
composer-editing = Editing your message
# The message field's label and placeholder; $room is the room's name.
composer-field = Message { $room }
composer-send = Send
composer-hint = Enter to send · Shift+Enter for a new line
composer-hint-cancel = Enter to send · Shift+Enter for a new line · Esc to cancel
composer-external-title = Send to people outside your organisation?
composer-external-servers = Their servers
composer-external-servers-label = Servers outside your organisation
composer-external-hint = Nothing is sent unless you choose "Send to them". Your message stays in the composer.
composer-external-send = Send to them
