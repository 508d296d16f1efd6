// In-memory `Ipc` for tests and for running the UI in a plain browser.
import type { AccountInfo, ActivityView, MemberView, RoomDetails, DeviceView, DlpScan, EngineEvent, ExternalMembers, FileOutcome, IdentityWarning, InviteView, Ipc, LinkDialog, LoginDefaults, LoginForm, SignInOptions, PrivacySetting, MessageView, NoticeView, NotifySettings, RoomSummary, UiError, UnsentMessage, UpdateStatus, OpenTarget } from './types';

export interface MockCall {
  cmd: keyof Ipc;
  args: unknown[];
}

export interface MockOptions {
  /** Members per room id (`roomMembers`); a new room starts with the account and its invitees. */
  members?: Record<string, MemberView[]>;
  /** Settings per room id (`roomDetails`); others get an encrypted room the account may change. */
  roomDetails?: Record<string, RoomDetails>;
  /** The account's display name (`displayName`). */
  displayName?: string | null;
  /** What `createDm`/`createRoom`/`roomUpdate`/`inviteUser`/`setDisplayName` fail with. */
  roomError?: UiError;
  account?: AccountInfo;
  /** Session found at startup (`sessionRestore` resolves to `account`). */
  restored?: boolean;
  restoreError?: UiError;
  loginError?: UiError;
  sendError?: UiError;
  /** `DlpMode` the mock's `dlpScan` reports (default `warn`); it finds only `4111 1111 1111 1111`. */
  dlpMode?: DlpScan['mode'];
  rooms?: RoomSummary[];
  messages?: MessageView[];
  /** `messages` answers only the newest this many (older ones through `messagesBefore`). */
  messagePage?: number;
  /** Identity warnings per room id; `acknowledgeIdentity` removes the user from every room. */
  identityWarnings?: Record<string, IdentityWarning[]>;
  /** Link dialogs by `${eventId}#${index}`; `linkOpen` refuses what Rust would refuse. */
  links?: Record<string, LinkDialog>;
  /** What `linkInApp` answers for `${eventId}#${index}` (default null: not a Matrix link). */
  inAppLinks?: Record<string, OpenTarget | UiError>;
  /** What `pendingLink` answers once (default: no link waiting). */
  pendingLink?: OpenTarget | UiError;
  /** What `privacyOverview` returns (default: everything off, nothing locked). */
  privacy?: PrivacySetting[];
  /** What `activity` returns (default: an intact, empty log). */
  activity?: ActivityView;
  /** What `devices` returns (default: this device, unverified). */
  devices?: DeviceView[];
  /** The recovery key `recoveryEnable` returns; `recoveryRestore` accepts only this one. */
  recoveryKey?: string;
  /** The notification centre's entries, newest first. */
  notices?: NoticeView[];
  /** The notification floor `notifySetRoomLevel` enforces (default `mentions`). */
  notifyFloor?: NotifySettings['floor'];
  /** What waits in the send queue; retry marks an entry as sending, cancel removes it. */
  unsent?: UnsentMessage[];
  /** What `fileAccept` returns, by event id; `fileOpen` refuses anything not released. */
  files?: Record<string, FileOutcome>;
  /** Pending invitations; `answerInvite` removes one (and `accept` adds its room to `rooms`). */
  invites?: InviteView[];
  /** Outside members per room id; while `confirmation_needed`, sends are refused unless confirmed. */
  external?: Record<string, ExternalMembers>;
  /** What `loginDefaults` returns (default: nothing set); `login` refuses servers not allowed. */
  loginDefaults?: LoginDefaults;
  /** What `loginOptions` returns (default: password only); `loginOptionsError` makes it fail. */
  loginOptions?: SignInOptions;
  loginOptionsError?: UiError;
  /** `loginBrowser` fails with this (default: signs in). */
  browserLoginError?: UiError;
  /** `loginBrowser` waits for the browser until `loginCancel` (default: signs in at once). */
  browserLoginWaits?: boolean;
  /** `loginDefaults` fails with this. */
  loginDefaultsError?: UiError;
  /** `reportMessage`, `reportRoom` and `ignoreUser` fail with this. */
  moderationError?: UiError;
  /** The update state `about` reports (default: not checked yet). */
  update?: UpdateStatus;
  /** What `updateCheck` ends with (default: up to date); a `UiError` makes it fail. */
  updateCheck?: UpdateStatus | UiError;
  /** What `updateInstall` ends with (default: installed, for the version on offer). */
  updateInstall?: UpdateStatus | UiError;
}

export interface MockIpc extends Ipc {
  calls: MockCall[];
  /** Delivers an engine event to every subscriber, as Rust would. */
  emit(event: EngineEvent): void;
  /** Records a centre entry and delivers it, as Rust would. */
  emitNotice(notice: NoticeView): void;
  /** Delivers a pop-up click. */
  emitNoticeOpen(roomId: string, eventId: string | null): void;
  /** A Matrix link handed to the app from outside: `pendingLink` answers `target` next. */
  emitMatrixLink(target: OpenTarget | UiError): void;
  /** A new invitation: added to the pending ones and announced, as Rust would. */
  emitInvite(invite: InviteView): void;
  /**
   * Messages from before sync started reached a room (the catch-up after being offline):
   * added to its history and announced only as `timeline_changed`, as Rust does.
   */
  emitCatchUp(roomId: string, caughtUp: MessageView[]): void;
  /** A new update state from the background check, as Rust would publish it. */
  emitUpdate(status: UpdateStatus): void;
}

export const MOCK_ACCOUNT: AccountInfo = {
  user_id: '@alice:example.org',
  device_id: 'ALICEDEVICE',
  homeserver: 'https://matrix.example.org',
};

export function createMockIpc(options: MockOptions = {}): MockIpc {
  const account = options.account ?? MOCK_ACCOUNT;
  const rooms = [...(options.rooms ?? [])];
  const invites = [...(options.invites ?? [])];
  const external: Record<string, ExternalMembers> = Object.fromEntries(
    Object.entries(options.external ?? {}).map(([roomId, e]) => [roomId, { ...e }]),
  );
  const ignored = new Set<string>();
  /** The `WarnExternalMembers` gate, as the engine applies it before anything is sent. */
  const checkExternal = (roomId: string, confirmed: boolean) => {
    const outside = external[roomId];
    if (!outside?.confirmation_needed) return;
    if (!confirmed)
      throw {
        code: 'external_confirmation_needed',
        message: `People from outside your organisation (${outside.servers.join(', ')}) are in this room and will read what you send; confirm that you want to send to them.`,
      };
    outside.confirmation_needed = false;
  };
  const messages = [...(options.messages ?? [])];
  const unsent = [...(options.unsent ?? [])];
  const byId = (eventId: string) => {
    const message = messages.find((m) => m.event_id === eventId);
    if (!message) throw { code: 'unknown_message', message: "That message is not in this room's loaded history." };
    return message;
  };
  const warnings: Record<string, IdentityWarning[]> = { ...(options.identityWarnings ?? {}) };
  const handlers = new Set<(event: EngineEvent) => void>();
  const noticeHandlers = new Set<(notice: NoticeView) => void>();
  const openHandlers = new Set<(target: { room_id: string | null; event_id: string | null }) => void>();
  const matrixLinkHandlers = new Set<() => void>();
  const notices = [...(options.notices ?? [])];
  const floor = options.notifyFloor ?? 'mentions';
  const loudness = { muted: 0, mentions: 1, all: 2 } as const;
  const notifySettings: NotifySettings = { do_not_disturb: false, floor, rooms: [] };
  const calls: MockCall[] = [];
  const accepted = new Set<string>();
  const record = (cmd: keyof Ipc, ...args: unknown[]) => calls.push({ cmd, args });
  let cancelBrowser: (() => void) | null = null;
  let update: UpdateStatus = options.update ?? { state: 'not_checked' };
  let displayName: string | null = options.displayName ?? null;
  const members: Record<string, MemberView[]> = Object.fromEntries(
    Object.entries(options.members ?? {}).map(([roomId, list]) => [roomId, [...list]]),
  );
  const details: Record<string, RoomDetails> = { ...(options.roomDetails ?? {}) };
  const person = (userId: string, membership: MemberView['membership'], own = false): MemberView => ({
    user_id: userId,
    display_name: null,
    membership,
    role: own ? 'admin' : 'member',
    outside: userId.split(':')[1] !== account.user_id.split(':')[1],
    identity: own ? 'own' : 'unverified',
  });
  const detailsOf = (roomId: string): RoomDetails => {
    const room = rooms.find((r) => r.room_id === roomId);
    if (!room) throw { code: 'unknown_room', message: `You are not in room ${roomId}.` };
    return (details[roomId] ??= {
      room_id: roomId,
      name: room.name,
      topic: null,
      encrypted: room.encrypted,
      is_dm: room.is_dm,
      history_visibility: 'invited',
      join_rule: 'invite',
      may: { rename: true, set_topic: true, invite: true },
      joined_members: 1,
    });
  };
  const addRoom = (name: string, invite: string[], dm: boolean) => {
    const roomId = `!new${rooms.length + 1}:example.org`;
    rooms.unshift({ room_id: roomId, name, encrypted: true, is_dm: dm, dm_user_id: dm ? invite[0] : null, unread: 0, mentions: 0 });
    members[roomId] = [person(account.user_id, 'join', true), ...invite.map((u) => person(u, 'invite'))];
    for (const handler of handlers) handler({ kind: 'rooms_changed' });
    return roomId;
  };
  const updateHandlers = new Set<(status: UpdateStatus) => void>();
  // Like Rust: the end state is stored and published, or the command fails.
  const settleUpdate = (outcome: UpdateStatus | UiError) => {
    if ('code' in outcome) throw outcome;
    update = outcome;
    for (const handler of updateHandlers) handler(outcome);
    return outcome;
  };

  return {
    calls,
    emit(event) {
      for (const handler of handlers) handler(event);
    },
    emitNotice(notice) {
      const at = notices.findIndex((n) => n.id === notice.id);
      if (at >= 0) notices[at] = notice;
      else notices.unshift(notice);
      for (const handler of noticeHandlers) handler(notice);
    },
    emitUpdate(status) {
      settleUpdate(status);
    },
    emitNoticeOpen(roomId, eventId) {
      for (const handler of openHandlers) handler({ room_id: roomId, event_id: eventId });
    },
    emitMatrixLink(target) {
      options.pendingLink = target;
      for (const handler of matrixLinkHandlers) handler();
    },
    emitCatchUp(roomId, caughtUp) {
      messages.push(...caughtUp.map((m) => ({ ...m })));
      const event: EngineEvent = { kind: 'timeline_changed', room_id: roomId };
      for (const handler of handlers) handler(event);
    },
    emitInvite(invite) {
      invites.unshift({ ...invite });
      const event: EngineEvent = { kind: 'invite', room_id: invite.room_id, inviter: invite.inviter, room_name: invite.room_name, from_unknown: invite.from_unknown };
      for (const handler of handlers) handler(event);
    },
    async noticesList() {
      record('noticesList');
      return { notices: notices.map((n) => ({ ...n })), unread: notices.filter((n) => !n.read).length };
    },
    async noticesMarkRead(ids) {
      record('noticesMarkRead', ids);
      let changed = 0;
      for (const n of notices) {
        if (!n.read && (ids === null || ids.includes(n.id))) {
          n.read = true;
          changed++;
        }
      }
      return changed;
    },
    async notifySettings() {
      record('notifySettings');
      return { ...notifySettings, rooms: [...notifySettings.rooms] };
    },
    async notifySetRoomLevel(roomId, level) {
      record('notifySetRoomLevel', roomId, level);
      if (loudness[level] < loudness[floor]) {
        throw { code: 'notification_floor', message: `Your organisation does not allow a room's notifications to be quieter than "${floor}".` };
      }
      notifySettings.rooms = [...notifySettings.rooms.filter(([r]) => r !== roomId), ...(level === 'all' ? [] : [[roomId, level] as [string, typeof level]])];
    },
    async notifySetDnd(on) {
      record('notifySetDnd', on);
      notifySettings.do_not_disturb = on;
    },
    async onNotice(handler) {
      noticeHandlers.add(handler);
      return () => noticeHandlers.delete(handler);
    },
    async onNoticeOpen(handler) {
      openHandlers.add(handler);
      return () => openHandlers.delete(handler);
    },
    async uiReady() {
      record('uiReady');
    },
    async sessionRestore() {
      record('sessionRestore');
      if (options.restoreError) throw options.restoreError;
      return options.restored ? account : null;
    },
    async login(form: LoginForm) {
      record('login', { ...form, password: '(hidden)' });
      if (options.loginError) throw options.loginError;
      const allowed = options.loginDefaults?.allowed_homeservers ?? [];
      if (allowed.length > 0 && !allowed.some((a) => form.homeserver.includes(a)))
        throw { code: 'homeserver_not_allowed', message: `Your organisation does not allow signing in to ${form.homeserver}.` };
      return account;
    },
    async loginOptions(homeserver) {
      record('loginOptions', { homeserver });
      if (options.loginOptionsError) throw options.loginOptionsError;
      return (
        options.loginOptions ?? { homeserver, password: true, sso: false, identity_providers: [], oauth: false, restricted_by_policy: false }
      );
    },
    async loginBrowser(request) {
      record('loginBrowser', { ...request });
      if (options.browserLoginError) throw options.browserLoginError;
      if (options.browserLoginWaits) {
        await new Promise<void>((resolve) => (cancelBrowser = resolve));
        throw { code: 'sign_in_cancelled', message: 'Signing in was cancelled; nothing was saved.' };
      }
      return account;
    },
    async loginCancel() {
      record('loginCancel');
      const cancel = cancelBrowser;
      cancelBrowser = null;
      cancel?.();
      return cancel !== null;
    },
    async rooms() {
      record('rooms');
      return rooms;
    },
    async messages(roomId) {
      record('messages', roomId);
      // Copies, as over the real IPC: the app gets new objects each time, never the mock's own.
      return structuredClone(messages.filter((m) => m.room_id === roomId).slice(-(options.messagePage ?? Infinity)));
    },
    async messagesBefore(roomId, eventId, limit) {
      record('messagesBefore', roomId, eventId, limit);
      const room = messages.filter((m) => m.room_id === roomId);
      const at = room.findIndex((m) => m.event_id === eventId);
      return at < 0 ? [] : structuredClone(room.slice(Math.max(0, at - limit), at));
    },
    async dlpScan(body) {
      record('dlpScan', body);
      const mode = options.dlpMode ?? 'warn';
      const hit = mode === 'off' ? null : /4111[ -]?1111[ -]?1111[ -]?1111/.exec(body);
      return hit
        ? { mode, summary: 'a payment card number', kinds: ['payment_card'], findings: [{ kind: 'payment_card', label: 'a payment card number', start: hit.index, end: hit.index + hit[0].length }] }
        : { mode, summary: '', findings: [] };
    },
    async sendText(roomId, body, sensitiveDataConfirmed = false, externalConfirmed = false) {
      record('sendText', roomId, body, sensitiveDataConfirmed, externalConfirmed);
      if (options.sendError) throw options.sendError;
      checkExternal(roomId, externalConfirmed);
      messages.push({
        room_id: roomId,
        event_id: `$mock${messages.length}`,
        sender: account.user_id,
        sender_name: 'Alice',
        body,
        timestamp_ms: Date.now(),
        encrypted: true,
        own: true,
        utd_reason: null,
        segments: [{ text: body, link: null }],
        html: null,
        file: null,
        filtered: false,
      });
    },
    async reply(roomId, eventId, body, sensitiveDataConfirmed = false, externalConfirmed = false) {
      record('reply', roomId, eventId, body, sensitiveDataConfirmed, externalConfirmed);
      const to = byId(eventId);
      await this.sendText(roomId, body, sensitiveDataConfirmed, externalConfirmed);
      messages[messages.length - 1]!.reply_to = { event_id: eventId, sender: to.sender, text: to.body };
    },
    async edit(roomId, eventId, body, sensitiveDataConfirmed = false, externalConfirmed = false) {
      record('edit', roomId, eventId, body, sensitiveDataConfirmed, externalConfirmed);
      const message = byId(eventId);
      if (!message.own) throw { code: 'not_editable', message: 'Only your own text messages can be edited.' };
      checkExternal(roomId, externalConfirmed);
      Object.assign(message, { body, segments: [{ text: body, link: null }], edited: true });
    },
    async react(roomId, eventId, key) {
      record('react', roomId, eventId, key);
      const message = byId(eventId);
      const reactions = [...(message.reactions ?? [])];
      const at = reactions.findIndex((r) => r.key === key);
      const given = !(at >= 0 && reactions[at]!.own);
      if (at < 0) reactions.push({ key, count: 1, own: true });
      else reactions[at] = { key, count: reactions[at]!.count + (given ? 1 : -1), own: given };
      message.reactions = reactions.filter((r) => r.count > 0);
      return given;
    },
    async redact(roomId, eventId) {
      record('redact', roomId, eventId);
      Object.assign(byId(eventId), { redacted: true, body: '', segments: [], html: null });
    },
    async unsentList() {
      record('unsentList');
      return [...unsent];
    },
    async unsentRetry(roomId, transactionId) {
      record('unsentRetry', roomId, transactionId);
      for (const m of messages) if (m.transaction_id === transactionId) m.send_state = 'sending';
    },
    async unsentCancel(roomId, transactionId) {
      record('unsentCancel', roomId, transactionId);
      const at = messages.findIndex((m) => m.transaction_id === transactionId);
      if (at < 0) throw { code: 'unknown_unsent', message: 'That message is no longer waiting to be sent.' };
      messages.splice(at, 1);
    },
    async invites() {
      record('invites');
      return invites.map((i) => ({ ...i }));
    },
    async answerInvite(roomId, answer) {
      record('answerInvite', roomId, answer);
      const at = invites.findIndex((i) => i.room_id === roomId);
      if (at < 0) throw { code: 'not_invited', message: 'That invitation is no longer pending.' };
      const [invite] = invites.splice(at, 1);
      if (answer === 'accept')
        rooms.push({ room_id: roomId, name: invite!.room_name, encrypted: true, is_dm: invite!.is_dm, unread: 0, mentions: 0 });
      if (answer === 'block' && invite!.inviter) ignored.add(invite!.inviter);
    },
    async externalMembers(roomId) {
      record('externalMembers', roomId);
      const outside = external[roomId];
      return outside ? { ...outside, servers: [...outside.servers], users: [...outside.users] } : { servers: [], users: [], confirmation_needed: false };
    },
    async ignoreUser(userId) {
      record('ignoreUser', userId);
      if (options.moderationError) throw options.moderationError;
      if (userId === account.user_id) throw { code: 'cannot_ignore_self', message: 'You cannot ignore yourself.' };
      ignored.add(userId);
      for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.sender === userId) messages.splice(i, 1);
    },
    async reportMessage(roomId, eventId, reason) {
      record('reportMessage', roomId, eventId, reason);
      if (options.moderationError) throw options.moderationError;
      byId(eventId);
    },
    async reportRoom(roomId, reason) {
      record('reportRoom', roomId, reason);
      if (options.moderationError) throw options.moderationError;
    },
    async loginDefaults() {
      record('loginDefaults');
      if (options.loginDefaultsError) throw options.loginDefaultsError;
      return options.loginDefaults ?? { homeserver_url: null, allowed_homeservers: [] };
    },
    async identityWarnings(roomId) {
      record('identityWarnings', roomId);
      return [...(warnings[roomId] ?? [])];
    },
    async acknowledgeIdentity(userId) {
      record('acknowledgeIdentity', userId);
      for (const [roomId, list] of Object.entries(warnings)) {
        warnings[roomId] = list.filter((w) => w.user_id !== userId);
      }
    },
    async linkInspect(roomId, eventId, index) {
      record('linkInspect', roomId, eventId, index);
      const dialog = options.links?.[`${eventId}#${index}`];
      if (!dialog) throw { code: 'unknown_link', message: 'That link is no longer in this room\'s messages.' };
      return dialog;
    },
    async linkOpen(roomId, eventId, index, acknowledged) {
      record('linkOpen', roomId, eventId, index, acknowledged);
      const dialog = options.links?.[`${eventId}#${index}`];
      if (!dialog) throw { code: 'unknown_link', message: 'That link is no longer in this room\'s messages.' };
      if (dialog.verdict === 'block') throw { code: 'link_blocked', message: 'Parley will not open this link.' };
      if (dialog.verdict === 'warn' && !acknowledged)
        throw { code: 'link_not_acknowledged', message: 'Tick "I understand" first.' };
    },
    async linkCopy(roomId, eventId, index) {
      record('linkCopy', roomId, eventId, index);
      const dialog = options.links?.[`${eventId}#${index}`];
      if (!dialog?.copy_allowed || !dialog.url) throw { code: 'link_blocked', message: 'Links of this kind cannot be copied.' };
      return dialog.url;
    },
    async linkInApp(roomId, eventId, index) {
      record('linkInApp', roomId, eventId, index);
      const answer = options.inAppLinks?.[`${eventId}#${index}`] ?? null;
      if (answer && 'code' in answer) throw answer;
      return answer;
    },
    async pendingLink() {
      record('pendingLink');
      const answer = options.pendingLink ?? null;
      options.pendingLink = undefined;
      if (answer && 'code' in answer) throw answer;
      return answer;
    },
    async onMatrixLink(handler) {
      matrixLinkHandlers.add(handler);
      return () => matrixLinkHandlers.delete(handler);
    },
    async fileAccept(roomId, eventId) {
      record('fileAccept', roomId, eventId);
      const outcome = options.files?.[eventId];
      if (!outcome) throw { code: 'unknown_file', message: 'That file offer is not in your rooms\' recent messages.' };
      accepted.add(eventId);
      return outcome;
    },
    async fileOpen(roomId, eventId) {
      record('fileOpen', roomId, eventId);
      if (!accepted.has(eventId) || options.files?.[eventId]?.state !== 'released')
        throw { code: 'file_quarantined', message: 'This file was kept in quarantine and cannot be opened from Parley.' };
    },
    async devices(userId) {
      record('devices', userId);
      return (
        options.devices ?? [
          { user_id: account.user_id, device_id: account.device_id, display_name: 'Parley', verified: false, cross_signed_by_owner: false, identity_verified: false, this_device: true, last_seen_ms: null },
        ]
      );
    },
    async recoveryEnable() {
      record('recoveryEnable');
      return options.recoveryKey ?? 'EsTc 1234 5678';
    },
    async recoveryRestore(recoveryKey) {
      record('recoveryRestore', '(hidden)');
      if (recoveryKey.trim() !== (options.recoveryKey ?? 'EsTc 1234 5678'))
        throw { code: 'wrong_recovery_key', message: 'That recovery key is not right for this account. Check it and try again.' };
    },
    async verifyRequest(userId) {
      record('verifyRequest', userId);
      return `$flow-${userId}`;
    },
    async verifyAccept(flowId) {
      record('verifyAccept', flowId);
    },
    async verifyConfirm(flowId, matches) {
      record('verifyConfirm', flowId, matches);
    },
    async verifyCancel(flowId) {
      record('verifyCancel', flowId);
    },
    async markRead(roomId) {
      record('markRead', roomId);
    },
    async typing(roomId) {
      record('typing', roomId);
    },
    async privacyOverview() {
      record('privacyOverview');
      return options.privacy ?? [
        { key: 'SendReadReceipts', label: 'Read receipts', enabled: false, state: 'Private: only your own devices know what you read', locked: false, decided_by: 'default' },
      ];
    },
    async activity() {
      record('activity');
      return options.activity ?? { intact: true, status: 'The log is intact: 0 entries, none changed or removed.', entries: [] };
    },
    async logout() {
      record('logout');
    },
    async onEngineEvent(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async createDm(userId) {
      record('createDm', userId);
      if (options.roomError) throw options.roomError;
      return addRoom(userId, [userId], true);
    },
    async createRoom(room) {
      record('createRoom', room);
      if (options.roomError) throw options.roomError;
      if (!room.name.trim()) throw { code: 'empty_input', message: 'No room name was given.' };
      return addRoom(room.name.trim(), room.invite, false);
    },
    async inviteUser(roomId, userId) {
      record('inviteUser', roomId, userId);
      if (options.roomError) throw options.roomError;
      (members[roomId] ??= []).push(person(userId, 'invite'));
    },
    async roomMembers(roomId) {
      record('roomMembers', roomId);
      detailsOf(roomId);
      return (members[roomId] ?? [person(account.user_id, 'join', true)]).map((m) => ({ ...m }));
    },
    async roomDetails(roomId) {
      record('roomDetails', roomId);
      return structuredClone(detailsOf(roomId));
    },
    async roomUpdate(roomId, name, topic) {
      record('roomUpdate', roomId, name, topic);
      if (options.roomError) throw options.roomError;
      const room = detailsOf(roomId);
      if (name !== null) room.name = name.trim();
      if (topic !== null) room.topic = topic.trim() || null;
      return structuredClone(room);
    },
    async leaveRoom(roomId) {
      record('leaveRoom', roomId);
      const at = rooms.findIndex((r) => r.room_id === roomId);
      if (at >= 0) rooms.splice(at, 1);
      for (const handler of handlers) handler({ kind: 'rooms_changed' });
    },
    async displayName() {
      record('displayName');
      return displayName;
    },
    async setDisplayName(name) {
      record('setDisplayName', name);
      if (options.roomError) throw options.roomError;
      displayName = name.trim() || null;
      return displayName;
    },
    async about() {
      record('about');
      return { version: '0.1.0', update: update };
    },
    async updateCheck() {
      record('updateCheck');
      return settleUpdate(options.updateCheck ?? { state: 'up_to_date' });
    },
    async updateInstall() {
      record('updateInstall');
      const version = 'version' in update ? update.version : '0.2.0';
      return settleUpdate(options.updateInstall ?? { state: 'installed', version });
    },
    async onUpdateStatus(handler) {
      updateHandlers.add(handler);
      return () => updateHandlers.delete(handler);
    },
  };
}

/** A message from Bob in !team:example.org for component tests; `overrides` replaces any field. */
export function message(overrides: Partial<MessageView>): MessageView {
  const body = overrides.body ?? 'hello';
  return {
    room_id: '!team:example.org',
    event_id: '$1',
    sender: '@bob:example.org',
    sender_name: 'Bob',
    body,
    timestamp_ms: 1_770_000_000_000,
    encrypted: true,
    own: false,
    utd_reason: null,
    file: null,
    segments: [{ text: body, link: null }],
    html: null,
    filtered: false,
    ...overrides,
  };
}
