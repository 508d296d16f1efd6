// The app's shared reactive state: who is signed in, the rooms, the open room's timeline.
// All Rust access goes through the `Ipc` it is given.
import { toUiError, type AccountInfo, type BrowserSignIn, type DlpScan, type EngineEvent, type ExternalMembers, type InviteAnswer, type InviteView, type Ipc, type LoginDefaults, type LoginForm, type MessageView, type RoomSummary, type UiError, type VerificationEvent } from './ipc/types';
import { t } from './i18n/index.svelte';

export type Phase = 'starting' | 'signed-out' | 'signed-in';

/** What the composer is doing besides writing a new message. */
export interface ComposeContext {
  mode: 'reply' | 'edit';
  message: MessageView;
}

/** A timeline entry with a key that stays unique even before the server assigns an event id. */
export interface TimelineItem {
  key: string;
  message: MessageView;
}

/** At most one typing call per this many milliseconds (the engine decides whether it is sent). */
const TYPING_INTERVAL_MS = 4000;

/** Least time between two read markers for one room. */
const READ_THROTTLE_MS = 2000;
/** Least time between two room-list reloads caused by messages in other rooms. */
const ROOMS_THROTTLE_MS = 1000;
/** How often at most the open room is reloaded while the engine reports a catch-up. */
const TIMELINE_THROTTLE_MS = 200;
/**
 * Most timeline items kept as live messages arrive: the list is virtualised, so this bounds
 * memory in a flood, not rendering; what is dropped stays in the room's history.
 */
const MAX_LIVE_ITEMS = 20_000;
/** How many older messages one scroll to the top loads. */
const OLDER_PAGE = 500;

export class Session {
  phase: Phase = $state('starting');
  account: AccountInfo | null = $state(null);
  #loginError: UiError | null = $state(null);
  /** The homeserver ended the session: the sign-in screen says so (in the current language). */
  #endedByServerNotice = $state(false);
  loggingIn = $state(false);
  /** The emoji verification on screen, if any (outgoing or incoming). */
  verification = $state<VerificationEvent | null>(null);
  rooms: RoomSummary[] = $state([]);
  selectedRoomId: string | null = $state(null);
  /**
   * The open room's messages, oldest first. Raw state, replaced and never changed in place: a
   * deep proxy over thousands of messages made every read of them (building rows, estimating
   * heights each frame) go through proxy traps and cost whole frames while scrolling.
   */
  timeline: TimelineItem[] = $state.raw([]);
  /** The key of the open room's first unread message when it was opened (the read marker). */
  unreadFrom: string | null = $state(null);
  /** The open room may have messages older than those loaded. */
  hasOlder = $state(false);
  timelineError: UiError | null = $state(null);
  sendError: UiError | null = $state(null);
  /** Replying to or editing a message of the open room, or null. */
  composing: ComposeContext | null = $state(null);
  /** The last failure of a reaction, deletion, retry or cancel in the open room. */
  actionError: UiError | null = $state(null);
  syncState: string = $state('starting');
  /** What the login screen offers (pre-filled homeserver, the allowed ones); null: nothing. */
  loginDefaults: LoginDefaults | null = $state(null);
  /** Pending invitations, from people known and unknown. */
  allInvites: InviteView[] = $state([]);
  /** The last failure of answering an invitation. */
  inviteError: UiError | null = $state(null);
  /** The invitation being answered, if any. */
  answering: string | null = $state(null);
  /** People from outside the organisation in the open room; null until known. */
  external: ExternalMembers | null = $state(null);
  /** The person just ignored (the open room says so), or null. */
  #ignoredUser: string | null = $state(null);

  selectedRoom: RoomSummary | null = $derived(this.rooms.find((r) => r.room_id === this.selectedRoomId) ?? null);
  /** Invitations from people the user knows: the Invitations section. */
  invites: InviteView[] = $derived(this.allInvites.filter((i) => !i.from_unknown));
  /** Invitations from unknown people: the Requests inbox. */
  requests: InviteView[] = $derived(this.allInvites.filter((i) => i.from_unknown));

  /** Shown on the login screen (failed restore, e.g. keyring locked, or failed login). */
  get loginError(): UiError | null {
    if (this.#endedByServerNotice) return { code: 'signed_out', message: t('session-signed-out') };
    return this.#loginError;
  }

  set loginError(error: UiError | null) {
    this.#loginError = error;
    this.#endedByServerNotice = false;
  }

  /** What the last ignore did (shown in the open room), in the current language. */
  get moderationStatus(): string | null {
    return this.#ignoredUser ? t('session-ignored', { user: this.#ignoredUser }) : null;
  }

  #ipc: Ipc;
  #localKeys = 0;
  #lastTyping = 0;
  #unlisten: (() => void) | null = null;
  #readTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #lastRead = new Map<string, number>();
  #roomsTimer: ReturnType<typeof setTimeout> | null = null;
  #timelineTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(ipc: Ipc) {
    this.#ipc = ipc;
  }

  /** Subscribes to engine events and restores a saved session, if any. */
  async start(): Promise<void> {
    this.#unlisten = await this.#ipc.onEngineEvent((event) => this.#onEvent(event));
    // Failing to read the defaults leaves the login form empty; it never blocks starting.
    this.#ipc.loginDefaults().then(
      (defaults) => (this.loginDefaults = defaults),
      () => {},
    );
    try {
      const account = await this.#ipc.sessionRestore();
      if (account) {
        await this.#signedIn(account);
      } else {
        this.phase = 'signed-out';
      }
    } catch (err) {
      // Fail closed: no session, and say why (e.g. the keyring is locked).
      this.loginError = toUiError(err);
      this.phase = 'signed-out';
    }
  }

  stop(): void {
    this.#unlisten?.();
    this.#unlisten = null;
  }

  async login(form: LoginForm): Promise<void> {
    await this.#signIn(() => this.#ipc.login(form));
  }

  /** Signs in through the system browser (single sign-on or OAuth 2.0). */
  async loginBrowser(request: BrowserSignIn): Promise<void> {
    await this.#signIn(() => this.#ipc.loginBrowser(request));
  }

  /** Runs one sign-in attempt, busy while it lasts; its failure is shown on the sign-in screen. */
  async #signIn(attempt: () => Promise<AccountInfo>): Promise<void> {
    this.loggingIn = true;
    this.loginError = null;
    try {
      await this.#signedIn(await attempt());
    } catch (err) {
      const error = toUiError(err);
      // The person stopped a browser sign-in: nothing went wrong, so nothing to alert about.
      this.loginError = error.code === 'sign_in_cancelled' ? null : error;
    } finally {
      this.loggingIn = false;
    }
  }

  /** Stops the browser sign-in in progress. */
  async cancelBrowserLogin(): Promise<void> {
    try {
      await this.#ipc.loginCancel();
    } catch (err) {
      this.loginError = toUiError(err);
    }
  }

  async logout(): Promise<void> {
    try {
      await this.#ipc.logout();
    } catch (err) {
      this.timelineError = toUiError(err);
      return;
    }
    this.account = null;
    this.rooms = [];
    this.allInvites = [];
    this.inviteError = null;
    this.external = null;
    this.#ignoredUser = null;
    this.selectedRoomId = null;
    this.timeline = [];
    this.phase = 'signed-out';
  }

  /**
   * The homeserver ended this session: the local copy is of no further use, so it is wiped
   * (store and keyring entry) and the sign-in screen says why.
   */
  async #endedByServer(): Promise<void> {
    if (this.phase !== 'signed-in') return;
    await this.logout();
    this.phase = 'signed-out';
    this.loginError = null;
    this.#endedByServerNotice = true;
  }

  async refreshRooms(): Promise<void> {
    try {
      this.rooms = await this.#ipc.rooms();
    } catch (err) {
      this.timelineError = toUiError(err);
    }
  }

  async refreshInvites(): Promise<void> {
    try {
      this.allInvites = await this.#ipc.invites();
    } catch (err) {
      this.inviteError = toUiError(err);
    }
  }

  /** Answers an invitation, then reloads invitations and rooms; an accepted room is opened. */
  async answerInvite(roomId: string, answer: InviteAnswer): Promise<void> {
    if (this.answering) return;
    this.answering = roomId;
    this.inviteError = null;
    try {
      await this.#ipc.answerInvite(roomId, answer);
    } catch (err) {
      this.inviteError = toUiError(err);
    } finally {
      this.answering = null;
    }
    await Promise.all([this.refreshInvites(), this.refreshRooms()]);
    if (answer === 'accept' && !this.inviteError && this.rooms.some((r) => r.room_id === roomId))
      await this.selectRoom(roomId);
  }

  /** Asks again who in `roomId` is from outside the organisation (shown only for the open room). */
  async refreshExternal(roomId: string): Promise<void> {
    try {
      const found = await this.#ipc.externalMembers(roomId);
      if (this.selectedRoomId === roomId) this.external = found;
    } catch {
      // The banner stays as it was; sending is still checked by the engine.
    }
  }

  async selectRoom(roomId: string): Promise<void> {
    if (this.selectedRoomId !== roomId) this.external = null;
    const unread = this.rooms.find((r) => r.room_id === roomId)?.unread ?? 0;
    this.selectedRoomId = roomId;
    this.timeline = [];
    this.unreadFrom = null;
    this.hasOlder = false;
    this.sendError = null;
    this.composing = null;
    this.actionError = null;
    this.#ignoredUser = null;
    void this.refreshExternal(roomId);
    await this.#loadTimeline(roomId);
    if (this.selectedRoomId !== roomId) return;
    this.hasOlder = this.timeline.length > 0;
    // The read marker: before the first of the `unread` newest messages, as counted on opening.
    if (unread > 0) this.unreadFrom = this.timeline[Math.max(0, this.timeline.length - unread)]?.key ?? null;
    this.#markRead(roomId);
  }

  /** Loads older messages of the open room before those loaded (the person scrolled up). */
  async loadOlder(): Promise<void> {
    const roomId = this.selectedRoomId;
    const oldest = this.timeline.find((i) => i.message.event_id)?.message.event_id;
    if (!roomId || !oldest || !this.hasOlder) return;
    try {
      const older = await this.#ipc.messagesBefore(roomId, oldest, OLDER_PAGE);
      if (this.selectedRoomId !== roomId || this.timeline[0]?.message.event_id !== oldest) return;
      const known = new Set(this.timeline.map((i) => i.key));
      const fresh = older.filter((m) => !m.event_id || !known.has(m.event_id)).map((m) => this.#item(m));
      this.hasOlder = fresh.length > 0;
      if (fresh.length) this.timeline = [...fresh, ...this.timeline];
    } catch (err) {
      if (this.selectedRoomId === roomId) this.timelineError = toUiError(err);
    }
  }

  /** A key press in the composer; at most one call per few seconds reaches Rust. */
  typing(): void {
    const roomId = this.selectedRoomId;
    const now = Date.now();
    if (!roomId || now - this.#lastTyping < TYPING_INTERVAL_MS) return;
    this.#lastTyping = now;
    this.#ipc.typing(roomId).catch(() => {});
  }

  /** Tells Rust the open room was seen (it decides whether the receipt is private). */
  /**
   * Marks a room read at most once per READ_THROTTLE_MS, the last call always honoured: a
   * flood of messages must not become a flood of receipts (and IPC calls) of its own.
   */
  #markRead(roomId: string): void {
    if (this.#readTimers.has(roomId)) return;
    const wait = READ_THROTTLE_MS - (Date.now() - (this.#lastRead.get(roomId) ?? 0));
    const send = () => {
      this.#readTimers.delete(roomId);
      this.#lastRead.set(roomId, Date.now());
      this.#ipc.markRead(roomId).catch(() => {});
    };
    if (wait <= 0) send();
    else this.#readTimers.set(roomId, setTimeout(send, wait));
  }

  /** Reloads the room list once per ROOMS_THROTTLE_MS at most (unread counts in a flood). */
  #refreshRoomsSoon(): void {
    if (this.#roomsTimer || this.phase !== 'signed-in') return;
    this.#roomsTimer = setTimeout(() => {
      this.#roomsTimer = null;
      void this.refreshRooms();
    }, ROOMS_THROTTLE_MS);
  }

  /**
   * Reloads the open room's newest messages once per TIMELINE_THROTTLE_MS at most: a
   * catch-up reports each sync's batch, and one reload shows them all.
   */
  #reloadTimelineSoon(roomId: string): void {
    if (this.#timelineTimer) return;
    this.#timelineTimer = setTimeout(() => {
      this.#timelineTimer = null;
      if (this.selectedRoomId === roomId) void this.#loadTimeline(roomId);
    }, TIMELINE_THROTTLE_MS);
  }

  /** Scans a draft for sensitive data; `null` when the scan itself failed (sending still checks). */
  async scan(body: string): Promise<DlpScan | null> {
    try {
      return await this.#ipc.dlpScan(body);
    } catch {
      return null;
    }
  }

  /**
   * Sends `body` to the open room; resolves to whether it was accepted.
   * `sensitiveDataConfirmed`: the person chose "Send anyway" on the DLP warning.
   * `externalConfirmed`: the person chose to send to people from outside the organisation.
   */
  async send(body: string, sensitiveDataConfirmed = false, externalConfirmed = false): Promise<boolean> {
    const roomId = this.selectedRoomId;
    if (!roomId || body.trim() === '') return false;
    this.sendError = null;
    const context = this.composing;
    try {
      if (context?.mode === 'reply' && context.message.event_id)
        await this.#ipc.reply(roomId, context.message.event_id, body, sensitiveDataConfirmed, externalConfirmed);
      else if (context?.mode === 'edit' && context.message.event_id)
        await this.#ipc.edit(roomId, context.message.event_id, body, sensitiveDataConfirmed, externalConfirmed);
      else await this.#ipc.sendText(roomId, body, sensitiveDataConfirmed, externalConfirmed);
    } catch (err) {
      const error = toUiError(err);
      // Someone from outside may have joined: the question names the servers as they are now.
      if (error.code === 'external_confirmation_needed') await this.refreshExternal(roomId);
      this.sendError = error;
      return false;
    }
    if (this.composing === context) this.composing = null;
    if (this.selectedRoomId === roomId) {
      void this.refreshExternal(roomId);
      await this.#loadTimeline(roomId);
    }
    return true;
  }

  /** Starts a reply to, or an edit of, a message of the open room (null: a new message). */
  compose(context: ComposeContext | null): void {
    this.composing = context;
    this.sendError = null;
  }

  /** Gives a reaction to a message of the open room, or takes it back. */
  react(eventId: string, key: string): Promise<void> {
    return this.#act((roomId) => this.#ipc.react(roomId, eventId, key));
  }

  /** Deletes a message of the open room for everyone. */
  redact(eventId: string): Promise<void> {
    return this.#act((roomId) => this.#ipc.redact(roomId, eventId));
  }

  /** Reports a message of the open room to the homeserver's administrators; throws a `UiError`. */
  async reportMessage(eventId: string, reason: string | null): Promise<void> {
    const roomId = this.selectedRoomId;
    if (!roomId) return;
    try {
      await this.#ipc.reportMessage(roomId, eventId, reason);
    } catch (err) {
      throw toUiError(err);
    }
  }

  /** Reports the open room to the homeserver's administrators; throws a `UiError`. */
  async reportRoom(reason: string | null): Promise<void> {
    const roomId = this.selectedRoomId;
    if (!roomId) return;
    try {
      await this.#ipc.reportRoom(roomId, reason);
    } catch (err) {
      throw toUiError(err);
    }
  }

  /** Ignores someone: nothing more from them reaches this account; the open room reloads. */
  async ignore(userId: string): Promise<void> {
    this.#ignoredUser = null;
    await this.#act(() => this.#ipc.ignoreUser(userId));
    if (!this.actionError) this.#ignoredUser = userId;
  }

  /** Tries a message that failed for good once more. */
  retryUnsent(transactionId: string): Promise<void> {
    return this.#act((roomId) => this.#ipc.unsentRetry(roomId, transactionId));
  }

  /** Takes a message out of the send queue; it is never sent. */
  cancelUnsent(transactionId: string): Promise<void> {
    return this.#act((roomId) => this.#ipc.unsentCancel(roomId, transactionId));
  }

  /** Runs an action on the open room, shows its failure, and reloads the room's messages. */
  async #act(action: (roomId: string) => Promise<unknown>): Promise<void> {
    const roomId = this.selectedRoomId;
    if (!roomId) return;
    this.actionError = null;
    try {
      await action(roomId);
    } catch (err) {
      if (this.selectedRoomId === roomId) this.actionError = toUiError(err);
    }
    if (this.selectedRoomId === roomId) await this.#loadTimeline(roomId);
  }

  async #signedIn(account: AccountInfo): Promise<void> {
    this.account = account;
    this.loginError = null;
    this.phase = 'signed-in';
    await Promise.all([this.refreshRooms(), this.refreshInvites()]);
    const first = this.rooms[0];
    if (first && !this.selectedRoomId) await this.selectRoom(first.room_id);
  }

  async #loadTimeline(roomId: string): Promise<void> {
    try {
      const messages = await this.#ipc.messages(roomId);
      if (this.selectedRoomId !== roomId) return;
      this.timeline = this.#withOlder(messages.map((message) => this.#item(message)));
      this.timelineError = null;
    } catch (err) {
      if (this.selectedRoomId === roomId) this.timelineError = toUiError(err);
    }
  }

  /**
   * The newest messages as just loaded, after the older ones loaded by scrolling up (a reload
   * after sending or an action must not drop them): kept are the loaded items before the
   * first reloaded one.
   */
  #withOlder(newest: TimelineItem[]): TimelineItem[] {
    const first = newest.find((i) => i.message.event_id)?.key;
    const at = first === undefined ? -1 : this.timeline.findIndex((i) => i.key === first);
    return at > 0 ? [...this.timeline.slice(0, at), ...newest] : newest;
  }

  /** Starts an emoji verification with `userId`; its steps arrive as events. */
  async verify(userId: string): Promise<void> {
    const flowId = await this.#ipc.verifyRequest(userId);
    if (!this.verification || this.#verificationOver())
      this.verification = { flow_id: flowId, user_id: userId, incoming: false, self_verification: false, state: 'requested' };
  }

  #verificationOver(): boolean {
    return this.verification?.state === 'done' || this.verification?.state === 'cancelled';
  }

  /** The timeline with the item at `index` showing `message` instead (same key). */
  #replaceItem(index: number, message: MessageView): void {
    const next = [...this.timeline];
    next[index] = { key: next[index]!.key, message };
    this.timeline = next;
  }

  #item(message: MessageView): TimelineItem {
    return { key: message.event_id ?? `local:${this.#localKeys++}`, message };
  }

  #onEvent(event: EngineEvent): void {
    switch (event.kind) {
      case 'message':
      case 'undecryptable': {
        const { kind: _kind, ...message } = event;
        if (message.room_id !== this.selectedRoomId) {
          // Another room's unread count changed.
          this.#refreshRoomsSoon();
          return;
        }
        // A message that became readable arrives again with the same event id: replace it.
        const index = message.event_id ? this.timeline.findIndex((i) => i.key === message.event_id) : -1;
        if (index >= 0) {
          this.#replaceItem(index, message);
        } else {
          const grown = [...this.timeline, this.#item(message)];
          if (grown.length > MAX_LIVE_ITEMS) {
            grown.splice(0, grown.length - MAX_LIVE_ITEMS);
            this.hasOlder = true;
          }
          this.timeline = grown;
        }
        if (typeof document === 'undefined' || document.visibilityState !== 'hidden') this.#markRead(message.room_id);
        return;
      }
      case 'edited': {
        const { kind: _kind, ...message } = event;
        const index = this.timeline.findIndex((i) => i.message.event_id === message.event_id);
        if (index >= 0) this.#replaceItem(index, message);
        return;
      }
      case 'redacted': {
        const index = this.timeline.findIndex((i) => i.message.event_id === event.event_id);
        const old = this.timeline[index]?.message;
        if (old) this.#replaceItem(index, { ...old, redacted: true, body: '', segments: [], html: null, file: null, reactions: [] });
        if (this.composing?.message.event_id === event.event_id) this.composing = null;
        return;
      }
      case 'timeline_changed':
        if (event.room_id === this.selectedRoomId) this.#reloadTimelineSoon(event.room_id);
        return;
      case 'signed_out':
        void this.#endedByServer();
        return;
      case 'send_failed':
        // The failed message shows "Not sent" with Retry and Cancel once the timeline has it.
        if (event.room_id === this.selectedRoomId) void this.#loadTimeline(event.room_id);
        return;
      case 'invite':
        if (this.phase === 'signed-in') void this.refreshInvites();
        return;
      case 'rooms_changed':
        // Joined, left, or an invitation came or went; outsiders may have joined the open room.
        if (this.phase !== 'signed-in') return;
        void this.refreshRooms();
        void this.refreshInvites();
        if (this.selectedRoomId) void this.refreshExternal(this.selectedRoomId);
        return;
      case 'membership':
        if (event.room_id === this.selectedRoomId) void this.refreshExternal(event.room_id);
        return;
      case 'sync_state':
        this.syncState = event.state;
        return;
      case 'verification': {
        const { kind: _kind, ...step } = event;
        // One verification at a time is shown; a new incoming request replaces a finished one.
        if (!this.verification || this.verification.flow_id === step.flow_id || this.#verificationOver())
          this.verification = step;
        return;
      }
      case 'file_checked':
        // The offer card shows its own outcome; files accepted automatically keep their card
        // as an offer until the notification centre (issue 9) lists them.
        return;
      case 'call_invite':
        // Shown as a desktop "Missed call" notification by Rust; the notification centre
        // (issue 9) will list it too.
        return;
    }
  }
}
