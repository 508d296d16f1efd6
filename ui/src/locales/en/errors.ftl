# Errors Rust reports, by code (`error-CODE`). Each English sentence is exactly Rust's: the
# test in lib/i18n/errors.test.ts compares them with lib/i18n/rust-errors.json, which Rust
# writes from its real errors. An error whose English differs is shown as Rust wrote it; so
# is one with a word this catalogue does not know (the `<…>` default never matches Rust).

## The desktop's checks of what the UI sends.
error-invalid_room = That is not a valid room.
error-invalid_message = That is not a valid message.
error-empty_message = The message is empty.
error-message_too_long = The message is too long to send.
error-invalid_reaction = That reaction cannot be sent.
error-reason_too_long = The reason is too long.
error-invalid_report_reason = The reason is too long or holds characters that cannot be sent.
error-invalid_file_offer = That is not a valid file offer.
error-invalid_link = That is not a valid link.
error-invalid_user = That is not a valid user.
error-room_text_too_long = That is too long for a name or a topic.
error-too_many_invites = That is too many people to invite at once.
error-invalid_verification = That is not a verification in progress.
error-too_many_notices = Too many notifications at once.
error-login_incomplete = Enter the server address, your user name and your password.
error-homeserver_missing = Enter the server address.
error-invalid_identity_provider = Choose one of the sign-in services the homeserver lists.
error-recovery_key_missing = Enter the recovery key you saved when you set up recovery.
error-not_logged_in = You are not signed in.
error-updates_off = Your organisation turned Parley's updates off.
error-ipc = Parley could not complete that request.

## The engine's errors.
# $detail: what the keyring reported (technical, in English).
error-keyring_unavailable = The system keyring is not available ({ $detail }). Unlock or start your keyring, or set PARLEY_STORE_PASSPHRASE to protect this profile with a passphrase instead.
error-store_key_missing = This profile's storage key is missing from the system keyring, so its encrypted data cannot be opened. Sign out and sign in again.
error-passphrase_required = This profile is protected by a passphrase: set PARLEY_STORE_PASSPHRASE to open it.
error-store_locked = The local encrypted data could not be opened (the key is wrong or the data is damaged), and nothing was deleted: sign out and in again, then use your recovery key to get your message history back.
error-profile_in_use = This profile is open in another Parley window or parleyctl command; close that first, then try again.
error-wrong_credentials = The user name or password is wrong.
error-homeserver_unreachable = Could not reach the homeserver at { $url }. Check the address and your network connection.
error-not_matrix = { $url } does not look like a Matrix homeserver.
error-invalid_homeserver = "{ $input }" is not a valid homeserver address.
# $kind: user_id, room_id or event_id.
error-invalid_id = "{ $input }" is not a valid { $kind ->
        [user_id] user ID
        [room_id] room ID
        [event_id] event ID
       *[other] <{ $kind }>
    }.
error-signed_out = You were signed out by your organisation. Sign in again to continue.
error-already_logged_in = This profile is already signed in as { $user_id }. Sign out first.
error-profile = The profile folder { $path } cannot be used: { $detail }.
error-unknown_room = Room { $room_id } is not known to this account.
error-unencrypted_room = This room is not end-to-end encrypted, so Parley will not send messages into it.
# $kinds: the kinds of sensitive data found, as a list ("a payment card number and a password").
error-dlp_blocked = This message contains { $kinds }, which your organisation does not allow to be sent, so it was not sent.
error-dlp_confirmation_needed = This message contains { $kinds }; it was not sent because sending it needs your confirmation.
# $users: the people whose identity changed, as a list; $count: how many.
error-identity_changed = { $count ->
        [0] A member's identity changed. Check it with them, then accept the new identity before sending.
        [one] The identity of { $users } changed. Check it with them, then accept the new identity before sending.
       *[other] The identities of { $users } changed. Check with each of them, then accept the new identities before sending.
    }
error-unknown_identity = Parley does not know an identity for { $user_id } yet.
# $detail: what the homeserver said (technical, in English).
error-server = The homeserver refused the request: { $detail }.
error-send_failed = The message could not be sent: { $detail }.
error-unknown_message = That message is not in this room's loaded history.
error-not_editable = Only your own text messages can be edited.
error-unknown_unsent = That message is no longer waiting to be sent.
error-unsent = { NUMBER($count, useGrouping: 0) } message(s) are still waiting to be sent; Parley will keep trying.
error-timeout = The homeserver did not answer in time.
error-unknown_link = That link is no longer in this room's messages.
# $reason: the link guard's sentence.
error-link_blocked = Parley will not open this link: { $reason }
error-link_not_acknowledged = This link needs you to read its warnings and tick "I understand" before it opens.
error-not_a_file = That message does not offer a file.
error-unknown_file = That file offer is not in your rooms' recent messages.
error-file_too_large = The file is larger than the { NUMBER($limit_mb, useGrouping: 0) } MB your organisation allows, so it was not transferred.
error-no_download_folder = There is no Downloads folder to save the file in; choose a folder.
error-file_quarantined = This file was kept in quarantine and cannot be opened from Parley.
error-file_unreadable = The file could not be read: { $detail }.
error-unknown_verification = That verification is no longer in progress.
error-verification_not_ready = There are no emoji to compare yet; wait for the other side.
error-wrong_recovery_key = That recovery key is not right for this account. Check it and try again.
# $what: what was left empty.
error-empty_input = No { $what ->
        [room_name] room name
       *[other] <{ $what }>
    } was given.
# $floor: muted, mentions or all.
error-notification_floor = Your organisation does not allow a room's notifications to be quieter than "{ $floor ->
        [muted] muted
        [mentions] mentions
        [all] all
       *[other] <{ $floor }>
    }".
error-external_confirmation_needed = People from outside your organisation ({ $servers }) are in this room and will read what you send; confirm that you want to send to them.
error-not_invited = There is no pending invitation to room { $room_id }.
error-cannot_ignore_self = You cannot ignore yourself.
# $what: what was typed.
error-hidden_characters = The { $what ->
        [room_name] room name
        [room_topic] room topic
        [display_name] display name
       *[other] <{ $what }>
    } contains hidden or direction-changing characters; remove them and try again.
error-too_long = The { $what ->
        [room_name] room name
        [room_topic] room topic
        [display_name] display name
        [invitation_list] invitation list
        [report_reason] report reason
       *[other] <{ $what }>
    } is too long: at most { NUMBER($limit, useGrouping: 0) } characters.
error-homeserver_not_allowed = Your organisation allows signing in only to { $allowed }; { $input } is not one of them.
# $method: the way of signing in the homeserver does not offer.
error-login_method_unavailable = This homeserver does not offer signing in { $method ->
        [with_a_password] with a password
        [with_single_sign_on] with single sign-on
        [with_oauth_2_0] with OAuth 2.0
       *[other] <{ $method }>
    }.
error-sign_in_timed_out = Signing in through the browser took too long ({ NUMBER($minutes, useGrouping: 0) } min), so Parley stopped waiting. Try again.
error-sign_in_cancelled = Signing in was cancelled; nothing was saved.
# $reason: what went wrong (technical, in English).
error-sign_in_failed = The sign-in through the browser did not succeed: { $reason }. Try again.
error-internal = Something went wrong inside Parley: { $detail }.

## Kinds of sensitive data (DLP), as they are named in a sentence.
dlp-kind-payment_card = a payment card number
dlp-kind-iban = a bank account number (IBAN)
dlp-kind-hkid = a Hong Kong identity card number
dlp-kind-cn_resident_id = a Chinese resident identity card number
dlp-kind-sg_nric = a Singapore NRIC/FIN
dlp-kind-private_key = a private key
dlp-kind-aws_access_key = an AWS access key
dlp-kind-github_token = a GitHub token
dlp-kind-slack_token = a Slack token
dlp-kind-google_api_key = a Google API key
dlp-kind-jwt = an access token (JWT)
dlp-kind-url_credentials = a password inside a link
dlp-kind-password = a password
# $name: the organisation's name for its pattern.
dlp-kind-custom = data your organisation protects ({ $name })
# $problem: not_matrix, too_long or malformed.
error-matrix_link_invalid = { $problem ->
        [not_matrix] This is not a Matrix link.
        [too_long] This Matrix link is too long to be real.
       *[malformed] This Matrix link does not point to a valid room, message or person.
    }
error-not_in_room = You are not in { $name }, so Parley cannot open it; links never make you join a room.
error-no_conversation = You have no conversation with { $user_id } yet.
