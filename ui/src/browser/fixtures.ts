// A realistic signed-in account for the browser suite (tests/browser/screens.mjs): every
// screen has something to show, including the safeguards (shields, an outside member, a file
// offer, a suspicious link, a request from a stranger, a refused update).
import type { MockOptions } from '../lib/ipc/mock';
import { message } from '../lib/ipc/mock';

const T0 = Date.UTC(2026, 11, 7, 9, 0);
const minutes = (m: number) => T0 + m * 60_000;

export const SIGNED_IN: MockOptions = {
  restored: true,
  rooms: [
    { room_id: '!team:example.org', name: 'Team', encrypted: true, is_dm: false, unread: 2, mentions: 1 },
    { room_id: '!bob:example.org', name: 'Bob Lee', encrypted: true, is_dm: true, dm_user_id: '@bob:example.org', unread: 0, mentions: 0 },
    { room_id: '!vendor:example.org', name: 'Vendor project', encrypted: true, is_dm: false, unread: 0, mentions: 0 },
  ],
  invites: [
    { room_id: '!ask:evil.example', room_name: 'Urgent: payroll', inviter: '@it:evil.example', inviter_name: 'IT Support', is_dm: true, from_unknown: true },
    { room_id: '!plans:example.org', room_name: 'Plans', inviter: '@carol:example.org', inviter_name: 'Carol', is_dm: false, from_unknown: false },
  ],
  external: {
    '!team:example.org': { servers: ['partner.example'], users: ['@dana:partner.example'], confirmation_needed: true },
  },
  members: {
    '!team:example.org': [
      { user_id: '@dana:partner.example', display_name: 'Dana', membership: 'join', role: 'member', outside: true, identity: 'changed' },
      { user_id: '@alice:example.org', display_name: 'Alice', membership: 'join', role: 'admin', outside: false, identity: 'own' },
      { user_id: '@bob:example.org', display_name: 'Bob Lee', membership: 'join', role: 'moderator', outside: false, identity: 'verified' },
      { user_id: '@carol:example.org', display_name: null, membership: 'invite', role: 'member', outside: false, identity: 'unverified' },
    ],
  },
  roomDetails: {
    '!team:example.org': {
      room_id: '!team:example.org',
      name: 'Team',
      topic: 'Weekly planning and the quarterly numbers',
      encrypted: true,
      is_dm: false,
      history_visibility: 'invited',
      join_rule: 'invite',
      may: { rename: true, set_topic: true, invite: true },
      joined_members: 3,
    },
  },
  messages: [
    message({ event_id: '$1', body: 'Morning! The quarterly numbers are in.', timestamp_ms: minutes(0) }),
    message({ event_id: '$2', body: 'Thanks, looking now.', own: true, sender: '@alice:example.org', sender_name: 'Alice', timestamp_ms: minutes(1) }),
    message({
      event_id: '$3',
      sender: '@dana:partner.example',
      sender_name: 'Dana',
      body: 'Please sign in here: https://examp1e-login.com/verify',
      segments: [
        { text: 'Please sign in here: ', link: null },
        { text: 'https://examp1e-login.com/verify', link: 0 },
      ],
      shield: { level: 'red', code: 'unverified_identity', message: "Dana's identity has not been verified." },
      timestamp_ms: minutes(3),
    }),
    message({
      event_id: '$4',
      body: '',
      file: {
        kind: 'file',
        name: 'report.pdf',
        safe_name: 'report.pdf',
        name_flags: [],
        mime: 'application/pdf',
        size: 482_133,
        encrypted: true,
      },
      timestamp_ms: minutes(4),
    }),
    message({ event_id: '$5', body: '', utd_reason: "The sender's device has not shared the key for this message yet.", timestamp_ms: minutes(5) }),
    message({ event_id: '$6', body: '@alice can you check the totals?', mentions_me: true, reactions: [{ key: '👍', count: 2, own: true }], timestamp_ms: minutes(6) }),
  ],
  links: {
    '$3#0': {
      verdict: 'warn',
      url: 'https://examp1e-login.com/verify',
      display: 'https://examp1e-login.com/verify',
      host: 'examp1e-login.com',
      host_unicode: 'examp1e-login.com',
      registrable_domain: 'examp1e-login.com',
      reasons: [
        {
          code: 'lookalike_domain',
          severity: 'warn',
          message: 'This address imitates example.com: it looks the same but is a different site (examp1e-login.com).',
          args: { target: 'example.com', site: 'examp1e-login.com' },
        },
        { code: 'unknown_sender_warn', severity: 'warn', message: "This link comes from someone you don't know." },
      ],
      copy_allowed: true,
      in_app: false,
      sender_known: false,
      require_confirmation: true,
    },
  },
  notices: [
    { id: 3, kind: 'mention', room_id: '!team:example.org', event_id: '$6', sender: '@bob:example.org', sender_name: 'Bob', room_name: 'Team', detail: null, at_ms: minutes(6), read: false, text: 'Bob mentioned you in Team' },
    { id: 2, kind: 'file_offer', room_id: '!team:example.org', event_id: '$4', sender: '@bob:example.org', sender_name: 'Bob', room_name: 'Team', detail: null, at_ms: minutes(4), read: false, text: 'Bob offered a file in Team' },
    { id: 1, kind: 'new_sign_in', room_id: null, event_id: null, sender: null, sender_name: null, room_name: null, detail: 'PHONE123', at_ms: minutes(-60), read: true, text: 'New sign-in to your account (PHONE123)' },
  ],
  privacy: [
    { key: 'SendReadReceipts', label: 'Read receipts', enabled: false, state: 'Private: only your own devices know what you read', locked: false, decided_by: 'default' },
    { key: 'SendTypingNotifications', label: 'Typing notifications', enabled: false, state: 'Never sent', locked: true, decided_by: 'mandatory' },
    { key: 'SharePresence', label: 'Online status', enabled: false, state: 'Always shown as offline', locked: true, decided_by: 'mandatory' },
    { key: 'AllowCalls', label: 'Voice and video calls', enabled: false, state: 'Off: incoming calls show as missed calls', locked: false, decided_by: 'recommended' },
  ],
  activity: {
    intact: true,
    status: 'The log is intact: 4 entries, none changed or removed.',
    entries: [
      { seq: 4, time: '2026-12-07T09:07:00Z', kind: 'link', decision: 'refused', text: 'Refused to open a link to examp1e-login.com (lookalike).' },
      { seq: 3, time: '2026-12-07T09:05:00Z', kind: 'file', decision: 'released', text: 'Released a file after a clean antivirus scan.' },
      { seq: 2, time: '2026-12-07T09:04:00Z', kind: 'file', decision: 'accepted', text: 'Accepted a file offer; it went into quarantine to be checked.' },
      { seq: 1, time: '2026-12-07T08:00:00Z', kind: 'login', decision: 'signed_in', text: 'Signed in on this device (ABCDEFGH).' },
    ],
  },
  devices: [
    { user_id: '@alice:example.org', device_id: 'ABCDEFGH', display_name: 'Parley on laptop', verified: true, cross_signed_by_owner: true, identity_verified: true, this_device: true, last_seen_ms: minutes(0) },
    { user_id: '@alice:example.org', device_id: 'PHONE123', display_name: 'Phone', verified: false, cross_signed_by_owner: false, identity_verified: true, this_device: false, last_seen_ms: minutes(-600) },
  ],
  update: { state: 'available', version: '0.2.0' },
};
