// The only module that imports @tauri-apps/api. Components receive an `Ipc`, so tests
// use `./mock.ts` and nothing else in the UI knows how Rust is reached.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { toUiError, type AccountInfo, type DeviceView, type DlpScan, type EngineEvent, type ExternalMembers, type InviteView, type LoginDefaults, type SignInOptions, type FileOutcome, type IdentityWarning, type Ipc, type ActivityView, type LinkDialog, type PrivacySetting, type MessageView, type RoomSummary, type NoticeList, type NoticeView, type NotifySettings, type UnsentMessage, type AboutView, type UpdateStatus, type MemberView, type RoomDetails, type OpenTarget } from './types';

export * from './types';

/** Tauri events carrying batches (arrays) of engine events and centre entries (`forward.rs`). */
export const ENGINE_EVENTS = 'engine-events';
export const NOTICES_EVENT = 'notices';
export const NOTICES_RELOAD_EVENT = 'notices-reload';
export const UPDATE_STATUS_EVENT = 'update-status';
/** A desktop pop-up was clicked (`notify::NOTICE_OPEN_EVENT`). */
export const NOTICE_OPEN_EVENT = 'notice-open';
/** A Matrix link was handed to the app (`open_link::MATRIX_LINK_EVENT`). */
export const MATRIX_LINK_EVENT = 'matrix-link';

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toUiError(err);
  }
}

export function createTauriIpc(): Ipc {
  return {
    uiReady: () => call<void>('ui_ready'),
    sessionRestore: () => call<AccountInfo | null>('session_restore'),
    login: ({ homeserver, user, password }) => call<AccountInfo>('login', { homeserver, user, password }),
    rooms: () => call<RoomSummary[]>('rooms'),
    messages: (roomId) => call<MessageView[]>('messages', { roomId }),
    messagesBefore: (roomId, eventId, limit) => call<MessageView[]>('messages', { roomId, before: eventId, limit }),
    sendText: (roomId, body, sensitiveDataConfirmed = false, externalConfirmed = false) =>
      call<void>('send_text', { roomId, body, sensitiveDataConfirmed, externalConfirmed }),
    dlpScan: (body) => call<DlpScan>('dlp_scan', { body }),
    reply: (roomId, eventId, body, sensitiveDataConfirmed = false, externalConfirmed = false) =>
      call<void>('message_reply', { roomId, eventId, body, sensitiveDataConfirmed, externalConfirmed }),
    edit: (roomId, eventId, body, sensitiveDataConfirmed = false, externalConfirmed = false) =>
      call<void>('message_edit', { roomId, eventId, body, sensitiveDataConfirmed, externalConfirmed }),
    react: (roomId, eventId, key) => call<boolean>('message_react', { roomId, eventId, key }),
    redact: (roomId, eventId) => call<void>('message_redact', { roomId, eventId }),
    unsentList: () => call<UnsentMessage[]>('unsent_list'),
    unsentRetry: (roomId, transactionId) => call<void>('unsent_retry', { roomId, transactionId }),
    unsentCancel: (roomId, transactionId) => call<void>('unsent_cancel', { roomId, transactionId }),
    invites: () => call<InviteView[]>('invites'),
    answerInvite: (roomId, answer) => call<void>('answer_invite', { roomId, answer }),
    externalMembers: (roomId) => call<ExternalMembers>('external_members', { roomId }),
    ignoreUser: (userId) => call<void>('ignore_user', { userId }),
    reportMessage: (roomId, eventId, reason) => call<void>('report_message', { roomId, eventId, reason }),
    reportRoom: (roomId, reason) => call<void>('report_room', { roomId, reason }),
    loginDefaults: () => call<LoginDefaults>('login_defaults'),
    loginOptions: (homeserver) => call<SignInOptions>('login_options', { homeserver }),
    loginBrowser: ({ homeserver, method, identityProvider }) =>
      call<AccountInfo>('login_browser', { homeserver, method, identityProvider: identityProvider ?? null }),
    loginCancel: () => call<boolean>('login_cancel'),
    identityWarnings: (roomId) => call<IdentityWarning[]>('identity_warnings', { roomId }),
    acknowledgeIdentity: (userId) => call<void>('acknowledge_identity', { userId }),
    linkInspect: (roomId, eventId, index) => call<LinkDialog>('link_inspect', { roomId, eventId, index }),
    linkOpen: (roomId, eventId, index, acknowledged) =>
      call<void>('link_open', { roomId, eventId, index, acknowledged }),
    linkCopy: (roomId, eventId, index) => call<string>('link_copy', { roomId, eventId, index }),
    linkInApp: (roomId, eventId, index) => call<OpenTarget | null>('link_in_app', { roomId, eventId, index }),
    pendingLink: () => call<OpenTarget | null>('pending_link'),
    onMatrixLink: (handler) => listen(MATRIX_LINK_EVENT, () => handler()),
    markRead: (roomId) => call<void>('mark_read', { roomId }),
    typing: (roomId) => call<void>('typing', { roomId }),
    privacyOverview: () => call<PrivacySetting[]>('privacy_overview'),
    activity: () => call<ActivityView>('activity'),
    fileAccept: (roomId, eventId) => call<FileOutcome>('file_accept', { roomId, eventId }),
    fileOpen: (roomId, eventId) => call<void>('file_open', { roomId, eventId }),
    verifyRequest: (userId) => call<string>('verify_request', { userId }),
    verifyAccept: (flowId) => call<void>('verify_accept', { flowId }),
    verifyConfirm: (flowId, matches) => call<void>('verify_confirm', { flowId, matches }),
    verifyCancel: (flowId) => call<void>('verify_cancel', { flowId }),
    devices: (userId) => call<DeviceView[]>('devices', { userId }),
    recoveryEnable: () => call<string>('recovery_enable'),
    recoveryRestore: (recoveryKey) => call<void>('recovery_restore', { recoveryKey }),
    logout: () => call<void>('logout'),
    noticesList: () => call<NoticeList>('notices_list'),
    noticesMarkRead: (ids) => call<number>('notices_mark_read', { ids }),
    notifySettings: () => call<NotifySettings>('notify_settings'),
    notifySetRoomLevel: (roomId, level) => call<void>('notify_set_room_level', { roomId, level }),
    notifySetDnd: (on) => call<void>('notify_set_dnd', { on }),
    onNotice: async (handler) => {
      const stops = await Promise.all([
        listen<NoticeView[]>(NOTICES_EVENT, (event) => event.payload.forEach((notice) => handler(notice))),
        listen(NOTICES_RELOAD_EVENT, () => handler(null)),
      ]);
      return () => stops.forEach((stop) => stop());
    },
    onNoticeOpen: (handler) =>
      listen<{ room_id: string | null; event_id: string | null }>(NOTICE_OPEN_EVENT, (event) => handler(event.payload)),
    onEngineEvent: (handler) =>
      listen<EngineEvent[]>(ENGINE_EVENTS, (event) => event.payload.forEach((engineEvent) => handler(engineEvent))),
    createDm: (userId) => call<string>('create_dm', { userId }),
    createRoom: (room) => call<string>('create_room', { name: room.name, topic: room.topic, invite: room.invite }),
    inviteUser: (roomId, userId) => call<void>('invite_user', { roomId, userId }),
    roomMembers: (roomId) => call<MemberView[]>('room_members', { roomId }),
    roomDetails: (roomId) => call<RoomDetails>('room_details', { roomId }),
    roomUpdate: (roomId, name, topic) => call<RoomDetails>('room_update', { roomId, name, topic }),
    leaveRoom: (roomId) => call<void>('leave_room', { roomId }),
    displayName: () => call<string | null>('display_name'),
    setDisplayName: (name) => call<string | null>('set_display_name', { name }),
    about: () => call<AboutView>('about'),
    updateCheck: () => call<UpdateStatus>('update_check'),
    updateInstall: () => call<UpdateStatus>('update_install'),
    onUpdateStatus: (handler) => listen<UpdateStatus>(UPDATE_STATUS_EVENT, (event) => handler(event.payload)),
  };
}
