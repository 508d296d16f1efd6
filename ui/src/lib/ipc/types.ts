// Types that cross the Tauri bridge. They mirror `parley-core`'s serde output and
// `src-tauri/src/error.rs`; keep them in step with the Rust side.

/** Who is signed in. Never carries a token. */
export interface AccountInfo {
  user_id: string;
  device_id: string;
  homeserver: string;
}

export interface RoomSummary {
  room_id: string;
  name: string;
  encrypted: boolean;
  is_dm: boolean;
  /** For a direct chat with one other person: who. */
  dm_user_id?: string | null;
  /** Messages after the read marker (counted on this device). */
  unread: number;
  /** Of those, how many mention the signed-in user. */
  mentions: number;
}

/** A pending invitation (`invites`). Names are as the inviter set them: plain text, never markup. */
export interface InviteView {
  room_id: string;
  room_name: string;
  /** Who sent it, when the homeserver said. */
  inviter: string | null;
  /** The inviter's display name, when they set one. */
  inviter_name: string | null;
  is_dm: boolean;
  /** The inviter is unknown: the invitation belongs in the Requests inbox, and nothing from them is loaded. */
  from_unknown: boolean;
}

/** How an invitation is answered; `block` declines it and ignores the inviter. */
export type InviteAnswer = 'accept' | 'decline' | 'block';

/** People in a joined room from outside the organisation (`external_members`). */
export interface ExternalMembers {
  /** Their servers, sorted (what the banner names). */
  servers: string[];
  /** Their user ids, sorted. */
  users: string[];
  /** Sending needs the person's confirmation first (someone from outside not confirmed yet). */
  confirmation_needed: boolean;
}

/** What the login screen offers, from the machine's policy (`login_defaults`). */
export interface LoginDefaults {
  /** Pre-filled homeserver. */
  homeserver_url: string | null;
  /** The only homeservers the engine signs in to (empty: any). */
  allowed_homeservers: string[];
}

/** An identity provider a homeserver offers for single sign-on (its name is plain text). */
export interface IdentityProvider {
  id: string;
  name: string;
}

/** The ways to sign in to one homeserver that it offers and the organisation allows (`login_options`). */
export interface SignInOptions {
  homeserver: string;
  password: boolean;
  sso: boolean;
  identity_providers: IdentityProvider[];
  oauth: boolean;
  /** The organisation turned off some way the homeserver offers (`LoginMethods`). */
  restricted_by_policy: boolean;
}

/** Signing in through the system browser. */
export interface BrowserSignIn {
  homeserver: string;
  method: 'sso' | 'oauth';
  identityProvider?: string | null;
}

/** The message a reply answers, as far as this device knows it. */
export interface ReplyTo {
  event_id: string;
  sender: string | null;
  /** The start of its text (plain), when loaded and readable. */
  text: string | null;
}

/** How often one reaction was given to a message. */
export interface ReactionCount {
  key: string;
  count: number;
  /** The signed-in user gave it. */
  own: boolean;
}

/** A message waiting in the send queue. */
export interface UnsentMessage {
  room_id: string;
  transaction_id: string;
  kind: 'message' | 'reaction' | 'redaction' | 'edit';
  failed: boolean;
  error: string | null;
}

export interface MessageView {
  room_id: string;
  event_id: string | null;
  sender: string;
  sender_name: string;
  /** Plain text. Render as text, never as HTML. */
  body: string;
  /** `body` cut into text and links; a link is an index passed back to `linkInspect`/`linkOpen`. */
  segments: TextSegment[];
  /**
   * The HTML body sanitised in Rust, or null. The only markup the UI ever inserts; its links
   * are `#link-N` (N as in `segments`), opened through `linkInspect`/`linkOpen`.
   */
  html: string | null;
  timestamp_ms: number;
  encrypted: boolean;
  own: boolean;
  /** Why the message could not be decrypted, in plain words; null when it could. */
  utd_reason: string | null;
  /** Why, as a stable code the UI translates by (absent from older fixtures). */
  utd_code?: string | null;
  /** For a file, image, video or audio message: the offer. Nothing is fetched until accepted. */
  file: FileOffer | null;
  /** The authenticity warning (unverified sender, unsigned device, …); null: a verified sender. */
  shield?: Shield | null;
  /** Whether it mentions the signed-in user. */
  mentions_me?: boolean;
  /** The message it answers, when it is a reply. */
  reply_to?: ReplyTo | null;
  /** The sender edited it (`body` is the newest version). */
  edited?: boolean;
  /** It was deleted; `body` is empty. */
  redacted?: boolean;
  reactions?: ReactionCount[];
  /** For own messages the homeserver does not have yet: the send queue's id (retry, cancel). */
  transaction_id?: string | null;
  /** `sending` or `failed` until the homeserver has it. */
  send_state?: 'sending' | 'failed' | null;
  /** The organisation's incoming content filter matched it: shown hidden until the person asks. */
  filtered: boolean;
}

/** A message's authenticity warning. */
export interface Shield {
  level: 'red' | 'grey';
  code: string;
  message: string;
}

/** One of the seven emoji both sides compare. */
export interface SasEmoji {
  symbol: string;
  name: string;
}

/** A step of an emoji verification. */
export type VerificationStep =
  | { state: 'requested' }
  | { state: 'emoji'; emoji: SasEmoji[] }
  | { state: 'confirmed' }
  | { state: 'done' }
  /** `code`: why, stable (`mismatched_sas`, `timeout`, `cancelled_by_them`, …); `reason`: Rust's sentence. */
  | { state: 'cancelled'; code?: string; reason: string; mismatch: boolean };

/** A verification as the engine reports it. */
export type VerificationEvent = {
  flow_id: string;
  user_id: string;
  incoming: boolean;
  self_verification: boolean;
} & VerificationStep;

/** One device, with its verification state. */
export interface DeviceView {
  user_id: string;
  device_id: string;
  display_name: string | null;
  verified: boolean;
  cross_signed_by_owner: boolean;
  identity_verified: boolean;
  this_device: boolean;
  last_seen_ms: number | null;
}

/** An incoming file, before anything is downloaded. */
export interface FileOffer {
  kind: 'file' | 'image' | 'video' | 'audio';
  /** The name exactly as sent; show `safe_name` and this only as "sent as". */
  name: string;
  /** The name it would be saved under. */
  safe_name: string;
  /** What is wrong with the name alone (`double_extension`, `invisible_characters`, …). */
  name_flags: string[];
  mime: string | null;
  size: number | null;
  encrypted: boolean;
}

/** One thing the file guard flagged, with a sentence for the person. */
export interface FileReason {
  code: string;
  severity: 'warn' | 'block';
  message: string;
}

/** What became of an accepted file. */
export interface FileOutcome {
  event_id: string;
  sender: string;
  sender_verified: boolean;
  state: 'released' | 'quarantined';
  verdict: 'allow' | 'warn' | 'block';
  safe_name: string;
  detected_type: { mime: string; extension: string; executable: boolean } | null;
  reasons: FileReason[];
  scan: { scanner: string; result: 'clean' | 'infected' | 'failed'; signature?: string; reason?: string } | null;
  /** Where the released file is; null while quarantined. */
  path: string | null;
  sha256: string;
  /** Things to know before opening a released file ("Not scanned: …"). */
  warnings: string[];
  /** One sentence: what happened. */
  message: string;
}

/** A run of message text, or a link (`link` is its index in the message). */
export interface TextSegment {
  text: string;
  link: number | null;
}

/** One signal against a link, from Rust's link guard. */
export interface LinkReason {
  /** Stable code: `lookalike_domain`, `scheme_blocked`, `unknown_sender`, … */
  code: string;
  severity: 'warn' | 'block';
  /** One plain sentence for the user. */
  message: string;
  /** The details the sentence names (`site`, `target`, `shown`, `scheme`, `port`, `host`, `chars`), if any. */
  args?: Record<string, string>;
}

/** What the link dialog shows (`link_inspect`). */
export interface LinkDialog {
  /** `confirm`: plain dialog; `warn`: reasons must be acknowledged; `block`: cannot be opened. */
  verdict: 'confirm' | 'warn' | 'block';
  /** The URL as it would be opened; null when it is not a URL at all. Text to show or copy, never to navigate to. */
  url: string | null;
  /** What to show as the destination (Unicode host only when that is safe). */
  display: string;
  host: string | null;
  /** The host in Unicode when it differs from `host` (shown side by side). */
  host_unicode: string | null;
  /** The site, shown in bold. */
  registrable_domain: string | null;
  reasons: LinkReason[];
  copy_allowed: boolean;
  /** A Matrix link: handled inside Parley, never by a browser. */
  in_app: boolean;
  sender_known: boolean;
  require_confirmation: boolean;
}

/** Where a Matrix link leads inside Parley: a joined room, and the event to show. */
export interface OpenTarget {
  room_id: string;
  event_id: string | null;
}

export type EngineEvent =
  /** A message arrived, or an earlier one became readable (same `event_id`). */
  | ({ kind: 'message' } & MessageView)
  /** A message arrived that cannot be decrypted yet (`utd_reason` says why). */
  | ({ kind: 'undecryptable' } & MessageView)
  /** A message already shown was edited: the new version. */
  | ({ kind: 'edited' } & MessageView)
  /** A message already shown was deleted. */
  | { kind: 'redacted'; room_id: string; event_id: string }
  /**
   * Messages from before sync started reached the room (the catch-up after being offline):
   * not news, but a room shown from the local cache must load its newest messages again.
   */
  | { kind: 'timeline_changed'; room_id: string }
  /** A message could not be sent and needs the person (retry or cancel). */
  | { kind: 'send_failed'; room_id: string }
  /** The homeserver ended this device's session; sync has stopped. */
  | { kind: 'signed_out'; soft_logout: boolean }
  /** An invitation arrived; `from_unknown`: it belongs in the Requests inbox. */
  | { kind: 'invite'; room_id: string; inviter: string | null; room_name: string; from_unknown: boolean }
  /** The room list changed: rooms joined or left, a new invite, or a room's name, unread counts or place. */
  | { kind: 'rooms_changed' }
  /** Someone joined, left, was invited to or removed from a direct chat. */
  | { kind: 'membership'; room_id: string; event_id: string; user_id: string; change: string; timestamp_ms: number }
  /** `idle`, `running`, `offline`, `error` or `terminated`. */
  | { kind: 'sync_state'; state: string }
  /** Someone called; Parley never answers, so it is a missed call. */
  | { kind: 'call_invite'; room_id: string; event_id: string; caller: string; caller_name: string }
  /** A contact's identity changed; sending to `room_ids` is held until it is accepted. */
  | { kind: 'identity_changed'; user_id: string; room_ids: string[]; verification_violation: boolean; master_key: string }
  /** An accepted file was checked: released, or kept in quarantine (`outcome.message` says why). */
  | { kind: 'file_checked'; room_id: string; outcome: FileOutcome }
  /** A step of an emoji verification, outgoing or incoming. */
  | ({ kind: 'verification' } & VerificationEvent);

/** The kinds of notification-centre entry (`parley_core::notify::NoticeKind`). */
export type NoticeKind =
  | 'message' | 'mention' | 'reply' | 'reaction' | 'invite' | 'file_offer' | 'call' | 'verification_request'
  | 'new_sign_in' | 'identity_change' | 'membership' | 'encryption_change' | 'policy_change' | 'file_checked'
  | 'send_failed';

/** One entry of the notification centre: ids, names and codes, never message text. */
export interface NoticeView {
  id: number;
  kind: NoticeKind;
  room_id: string | null;
  event_id: string | null;
  sender: string | null;
  sender_name: string | null;
  room_name: string | null;
  detail: string | null;
  at_ms: number;
  read: boolean;
  /** What happened, in one line. */
  text: string;
}

/** The whole centre, newest first. */
export interface NoticeList {
  notices: NoticeView[];
  unread: number;
}

/** How loud a room is on the desktop. */
export type RoomLevel = 'all' | 'mentions' | 'muted';

/** Do-not-disturb, the organisation's floor, and the rooms set quieter. */
export interface NotifySettings {
  do_not_disturb: boolean;
  floor: RoomLevel;
  rooms: [string, RoomLevel][];
}

/** A room member whose identity changed and is not accepted yet. */
export interface IdentityWarning {
  user_id: string;
  /** We had verified their previous identity. */
  verification_violation: boolean;
}

/** One piece of sensitive data in a draft; offsets are JavaScript string indices. */
export interface DlpFinding {
  /** Stable kind id: `payment_card`, `iban`, `hkid`, `private_key`, `password`, `custom:NAME`, … */
  kind: string;
  /** The kind for people: "a payment card number". */
  label: string;
  start: number;
  end: number;
}

/** What outgoing DLP found in a draft (`dlp_scan`), under the organisation's `DlpMode`. */
export interface DlpScan {
  mode: 'off' | 'warn' | 'block';
  /** The kinds found, as one phrase. */
  summary: string;
  /** The same kinds by id, in the phrase's order (the UI names them in its language). */
  kinds?: string[];
  findings: DlpFinding[];
}

/** One line of the "Privacy & security" overview (`privacy_overview`). */
export interface PrivacySetting {
  /** The policy key, e.g. `SendReadReceipts`. */
  key: string;
  label: string;
  enabled: boolean;
  /** The state in words. */
  state: string;
  /** Set by the organisation: the user cannot change it. */
  locked: boolean;
  decided_by: 'mandatory' | 'recommended' | 'user' | 'default';
}

/** One audit-log entry in plain words (`activity`). */
export interface ActivityItem {
  seq: number;
  /** RFC 3339 UTC. */
  time: string;
  kind: string;
  decision: string;
  text: string;
}

/** The Activity page: the audit log, newest first, and whether it verifies. */
export interface ActivityView {
  intact: boolean;
  status: string;
  entries: ActivityItem[];
}

/** The one error shape Rust sends: branch on `code`, show `errorText(error)` (lib/i18n/errors). */
export interface UiError {
  code: string;
  /** Rust's English sentence. */
  message: string;
  /** The values in `message`, by name, for wording it in another language (lists are joined by the UI). */
  args?: Record<string, string | number | string[]>;
}

export interface LoginForm {
  homeserver: string;
  user: string;
  password: string;
}

/** Everything the UI may ask of Rust. The only implementation that talks to Tauri is in `./index.ts`. */
export interface Ipc {
  uiReady(): Promise<void>;
  sessionRestore(): Promise<AccountInfo | null>;
  login(form: LoginForm): Promise<AccountInfo>;
  /** How `homeserver` can be signed in to (works signed out). */
  loginOptions(homeserver: string): Promise<SignInOptions>;
  /** Signs in through the system browser; resolves once the browser came back. */
  loginBrowser(request: BrowserSignIn): Promise<AccountInfo>;
  /** Stops the browser sign-in in progress (it then fails with `sign_in_cancelled`). */
  loginCancel(): Promise<boolean>;
  rooms(): Promise<RoomSummary[]>;
  messages(roomId: string): Promise<MessageView[]>;
  /** Up to `limit` messages of a room just before `eventId`, oldest first (none: the room's start). */
  messagesBefore(roomId: string, eventId: string, limit: number): Promise<MessageView[]>;
  /**
   * `sensitiveDataConfirmed`: the person chose "Send anyway" on the DLP warning.
   * `externalConfirmed`: the person chose to send to people from outside the organisation
   * (refused with `external_confirmation_needed` until then).
   */
  sendText(roomId: string, body: string, sensitiveDataConfirmed?: boolean, externalConfirmed?: boolean): Promise<void>;
  /** Scans a draft for sensitive data before it is sent. */
  dlpScan(body: string): Promise<DlpScan>;
  /** Replies to a message; waits for the homeserver like `sendText`. */
  reply(roomId: string, eventId: string, body: string, sensitiveDataConfirmed?: boolean, externalConfirmed?: boolean): Promise<void>;
  /** Replaces the text of one of the person's own messages. */
  edit(roomId: string, eventId: string, body: string, sensitiveDataConfirmed?: boolean, externalConfirmed?: boolean): Promise<void>;
  /** Gives a reaction or takes it back; resolves to whether it is now given. */
  react(roomId: string, eventId: string, key: string): Promise<boolean>;
  /** Deletes a message for everyone. */
  redact(roomId: string, eventId: string): Promise<void>;
  /** What waits in the send queue. */
  unsentList(): Promise<UnsentMessage[]>;
  unsentRetry(roomId: string, transactionId: string): Promise<void>;
  unsentCancel(roomId: string, transactionId: string): Promise<void>;
  /** Pending invitations; those with `from_unknown` belong in the Requests inbox. */
  invites(): Promise<InviteView[]>;
  /** Accepts or declines an invitation; `block` also ignores the inviter. */
  answerInvite(roomId: string, answer: InviteAnswer): Promise<void>;
  /** Who in a joined room is from outside the organisation. */
  externalMembers(roomId: string): Promise<ExternalMembers>;
  /** Ignores someone: nothing more from them reaches this account. */
  ignoreUser(userId: string): Promise<void>;
  /** Reports a message to the homeserver's administrators (`reason` optional). */
  reportMessage(roomId: string, eventId: string, reason: string | null): Promise<void>;
  /** Reports a whole room to the homeserver's administrators. */
  reportRoom(roomId: string, reason: string | null): Promise<void>;
  /** The login screen's defaults from the machine's policy (works signed out). */
  loginDefaults(): Promise<LoginDefaults>;
  /** Members of the room whose identity changed and is not accepted yet. */
  identityWarnings(roomId: string): Promise<IdentityWarning[]>;
  /** Accepts a contact's new identity, releasing the hold on sending. */
  acknowledgeIdentity(userId: string): Promise<void>;
  /** What the link dialog shows for link `index` of a message. */
  linkInspect(roomId: string, eventId: string, index: number): Promise<LinkDialog>;
  /** Opens the link with the system's browser; `acknowledged`: "I understand" was ticked. */
  linkOpen(roomId: string, eventId: string, index: number, acknowledged: boolean): Promise<void>;
  /** The dialog's Copy: Rust records it and returns the text to put on the clipboard. */
  linkCopy(roomId: string, eventId: string, index: number): Promise<string>;
  /** A Matrix link in a message: the room it leads to, or null when it is another kind of link. */
  linkInApp(roomId: string, eventId: string, index: number): Promise<OpenTarget | null>;
  /** The Matrix link Parley was started with (or handed by a second launch), once signed in. */
  pendingLink(): Promise<OpenTarget | null>;
  /** A Matrix link arrived from outside: ask `pendingLink`. */
  onMatrixLink(handler: () => void): Promise<() => void>;
  /** The user viewed the room (the engine sends a private receipt unless policy says otherwise). */
  markRead(roomId: string): Promise<void>;
  /** A key press in the composer (the engine sends nothing unless policy allows typing notifications). */
  typing(roomId: string): Promise<void>;
  /** Every kind of sharing, its state, and whether the organisation locked it. */
  privacyOverview(): Promise<PrivacySetting[]>;
  /** The account's audit log in plain words, and whether its chain verifies. */
  activity(): Promise<ActivityView>;
  /** Accepts a file offer: quarantine, checks, antivirus, then released or kept (Rust decides). */
  fileAccept(roomId: string, eventId: string): Promise<FileOutcome>;
  /** Opens a released file with the system's program, after the "did they send this?" prompt. */
  fileOpen(roomId: string, eventId: string): Promise<void>;
  /** Asks a person to verify by emoji; resolves to the flow id (steps arrive as events). */
  verifyRequest(userId: string): Promise<string>;
  /** Accepts an incoming verification request. */
  verifyAccept(flowId: string): Promise<void>;
  /** The answer to the emoji: they match, or they don't (which cancels on both sides). */
  verifyConfirm(flowId: string, matches: boolean): Promise<void>;
  /** Cancels a verification. */
  verifyCancel(flowId: string): Promise<void>;
  /** Devices of `userId` (null: this account) with their verification state. */
  devices(userId: string | null): Promise<DeviceView[]>;
  /** Sets up recovery; resolves to the recovery key, to be shown once. */
  recoveryEnable(): Promise<string>;
  /** Restores this device from a recovery key. */
  recoveryRestore(recoveryKey: string): Promise<void>;
  logout(): Promise<void>;
  /** The notification centre, newest first. */
  noticesList(): Promise<NoticeList>;
  /** Marks entries read (`ids` null: all); resolves to how many changed. */
  noticesMarkRead(ids: number[] | null): Promise<number>;
  notifySettings(): Promise<NotifySettings>;
  /** Refused below the organisation's floor. */
  notifySetRoomLevel(roomId: string, level: RoomLevel): Promise<void>;
  notifySetDnd(on: boolean): Promise<void>;
  /** New and updated centre entries (`null`: reload the whole centre); resolves to an unsubscribe function. */
  onNotice(handler: (notice: NoticeView | null) => void): Promise<() => void>;
  /** A desktop pop-up was clicked: show this room (and event). */
  onNoticeOpen(handler: (target: { room_id: string | null; event_id: string | null }) => void): Promise<() => void>;
  /** Subscribes to engine events; resolves to an unsubscribe function. */
  onEngineEvent(handler: (event: EngineEvent) => void): Promise<() => void>;
  /** Creates an encrypted direct chat and invites the person; resolves to its room id. */
  createDm(userId: string): Promise<string>;
  /** Creates an encrypted, invite-only group room; resolves to its room id. */
  createRoom(room: NewRoom): Promise<string>;
  inviteUser(roomId: string, userId: string): Promise<void>;
  roomMembers(roomId: string): Promise<MemberView[]>;
  roomDetails(roomId: string): Promise<RoomDetails>;
  /** Changes the name and/or topic (null: unchanged); resolves to the settings after. */
  roomUpdate(roomId: string, name: string | null, topic: string | null): Promise<RoomDetails>;
  leaveRoom(roomId: string): Promise<void>;
  /** The signed-in user's display name (null: none set). */
  displayName(): Promise<string | null>;
  /** Sets (empty: removes) the display name; resolves to the name now set. */
  setDisplayName(name: string): Promise<string | null>;
  /** This version and where updating stands. */
  about(): Promise<AboutView>;
  /** Checks for an update now (refused when the organisation turned updates off). */
  updateCheck(): Promise<UpdateStatus>;
  /** Downloads, verifies and installs the update on offer. */
  updateInstall(): Promise<UpdateStatus>;
  /** Each new update state; resolves to an unsubscribe function. */
  onUpdateStatus(handler: (status: UpdateStatus) => void): Promise<() => void>;
}

/** One person in a room (Rust `parley_core::MemberView`). */
export interface MemberView {
  user_id: string;
  display_name: string | null;
  membership: 'join' | 'invite';
  role: 'admin' | 'moderator' | 'member';
  /** From outside the organisation (`OrganizationDomains`). */
  outside: boolean;
  /** `changed`: verified before, their identity changed since. */
  identity: 'own' | 'verified' | 'changed' | 'unverified' | 'unknown';
}

/** A room's settings (Rust `parley_core::RoomDetails`). */
export interface RoomDetails {
  room_id: string;
  name: string | null;
  topic: string | null;
  encrypted: boolean;
  is_dm: boolean;
  history_visibility: string;
  join_rule: string;
  /** What the signed-in user may change (from the room's power levels). */
  may: { rename: boolean; set_topic: boolean; invite: boolean };
  joined_members: number;
}

/** What a new group room starts with. */
export interface NewRoom {
  name: string;
  topic: string | null;
  invite: string[];
}

/** Where updating stands (Rust `updates::UpdateStatus`). */
export type UpdateStatus =
  | { state: 'off' }
  | { state: 'unavailable'; reason: string }
  | { state: 'not_checked' }
  | { state: 'checking' }
  | { state: 'up_to_date' }
  | { state: 'available'; version: string }
  | { state: 'installing'; version: string }
  | { state: 'installed'; version: string }
  | { state: 'failed'; message: string };

/** What the About page shows. */
export interface AboutView {
  version: string;
  update: UpdateStatus;
}

export function isUiError(value: unknown): value is UiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UiError).code === 'string' &&
    typeof (value as UiError).message === 'string'
  );
}

/** Turns whatever a command rejected with into a `UiError`. */
export function toUiError(value: unknown): UiError {
  if (isUiError(value)) {
    const args = (value as UiError).args;
    return args && typeof args === 'object' ? { code: value.code, message: value.message, args } : { code: value.code, message: value.message };
  }
  return { code: 'ipc', message: 'Parley could not complete that request.' };
}
