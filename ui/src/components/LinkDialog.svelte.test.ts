import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createMockIpc } from '../lib/ipc/mock';
import type { LinkDialog as LinkDialogData, LinkReason, MessageView, RoomSummary } from '../lib/ipc/types';
import { setLanguage } from '../lib/i18n/index.svelte';
import LinkDialog from './LinkDialog.svelte';
import Timeline from './Timeline.svelte';

const ROOM = '!dm:example.org';

function dialog(overrides: Partial<LinkDialogData>): LinkDialogData {
  return {
    verdict: 'confirm',
    url: 'https://github.com/rust-lang',
    display: 'https://github.com/rust-lang',
    host: 'github.com',
    host_unicode: null,
    registrable_domain: 'github.com',
    reasons: [],
    copy_allowed: true,
    in_app: false,
    sender_known: true,
    require_confirmation: true,
    ...overrides,
  };
}

function setup(d: LinkDialogData) {
  const ipc = createMockIpc({ links: { '$e#0': d } });
  let closed = 0;
  render(LinkDialog, { ipc, roomId: ROOM, eventId: '$e', index: 0, onClose: () => closed++ });
  return { ipc, closed: () => closed };
}

const opens = (ipc: ReturnType<typeof createMockIpc>) => ipc.calls.filter((c) => c.cmd === 'linkOpen');

describe('LinkDialog', () => {
  it('shows the site and address; Cancel opens nothing', async () => {
    const user = userEvent.setup();
    const { ipc, closed } = setup(dialog({}));
    expect((await screen.findByTestId('link-site')).textContent).toBe('github.com');
    expect(screen.getByTestId('link-address').textContent).toBe('https://github.com/rust-lang');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(closed()).toBe(1);
    expect(opens(ipc)).toHaveLength(0);
  });

  it('opens a confirmed link exactly once through Rust', async () => {
    const user = userEvent.setup();
    const { ipc, closed } = setup(dialog({}));
    await user.click(await screen.findByRole('button', { name: 'Open in browser' }));
    await waitFor(() => expect(closed()).toBe(1));
    expect(opens(ipc)).toEqual([{ cmd: 'linkOpen', args: [ROOM, '$e', 0, false] }]);
  });

  it('needs "I understand" before a warned link opens', async () => {
    const user = userEvent.setup();
    const { ipc } = setup(
      dialog({
        verdict: 'warn',
        reasons: [{ code: 'shortener', severity: 'warn', message: 'bit.ly is a link shortener.' }],
      }),
    );
    const open = await screen.findByRole('button', { name: 'Open in browser' });
    expect((open as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('bit.ly is a link shortener.')).toBeTruthy();
    await user.click(screen.getByRole('checkbox'));
    await user.click(open);
    await waitFor(() => expect(opens(ipc)).toEqual([{ cmd: 'linkOpen', args: [ROOM, '$e', 0, true] }]));
  });

  it('offers no way to open a blocked link, and no copy for a dangerous scheme', async () => {
    setup(
      dialog({
        verdict: 'block',
        url: 'javascript:alert(1)',
        display: 'javascript:alert(1)',
        host: null,
        registrable_domain: null,
        copy_allowed: false,
        reasons: [{ code: 'scheme_blocked', severity: 'block', message: 'Parley never opens these.' }],
      }),
    );
    expect(await screen.findByRole('heading', { name: 'This link cannot be opened' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open in browser' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy link' })).toBeNull();
  });

  it('Copy goes through Rust (which records it) before the clipboard', async () => {
    const user = userEvent.setup();
    const { ipc } = setup(dialog({}));
    await user.click(await screen.findByRole('button', { name: 'Copy link' }));
    expect(ipc.calls).toContainEqual({ cmd: 'linkCopy', args: [ROOM, '$e', 0] });
    expect(await screen.findByRole('status')).toBeTruthy();
  });

  it('shows Unicode and punycode side by side', async () => {
    setup(dialog({ host: 'xn--bcher-kva.de', host_unicode: 'bücher.de', registrable_domain: 'xn--bcher-kva.de' }));
    expect(await screen.findByText('bücher.de')).toBeTruthy();
    expect(screen.getAllByText('xn--bcher-kva.de').length).toBeGreaterThan(0);
  });
});

describe('Timeline links', () => {
  it('renders links as buttons without an href and opens the dialog for that link', async () => {
    const user = userEvent.setup();
    const room: RoomSummary = { room_id: ROOM, name: 'Bob', encrypted: true, is_dm: true, unread: 0, mentions: 0 };
    const message: MessageView = {
      room_id: ROOM,
      event_id: '$e',
      sender: '@bob:example.org',
      sender_name: 'Bob',
      body: 'see https://a.example and https://github.com/rust-lang',
      segments: [
        { text: 'see ', link: null },
        { text: 'https://a.example', link: 0 },
        { text: ' and ', link: null },
        { text: 'https://github.com/rust-lang', link: 1 },
      ],
      timestamp_ms: 1_770_000_000_000,
      encrypted: true,
      own: false,
      utd_reason: null,
      file: null,
      html: null,
      filtered: false,
    };
    const ipc = createMockIpc({ links: { '$e#1': dialog({}) } });
    const { container } = render(Timeline, { ipc, room, items: [{ key: '$e', message }], error: null });
    expect(container.querySelector('a')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'https://github.com/rust-lang' }));
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(ipc.calls).toContainEqual({ cmd: 'linkInspect', args: [ROOM, '$e', 1] });
  });
});

describe('Timeline HTML bodies', () => {
  it('renders the Rust-sanitised HTML and opens #link-N anchors through the dialog', async () => {
    const user = userEvent.setup();
    const room: RoomSummary = { room_id: ROOM, name: 'Bob', encrypted: true, is_dm: true, unread: 0, mentions: 0 };
    const message: MessageView = {
      room_id: ROOM,
      event_id: '$h',
      sender: '@bob:example.org',
      sender_name: 'Bob',
      body: '**bold** [docs](https://github.com/rust-lang)',
      segments: [{ text: '**bold** [docs](https://github.com/rust-lang)', link: null }],
      html: '<strong>bold</strong> <a href="#link-0">docs</a>',
      timestamp_ms: 1_770_000_000_000,
      encrypted: true,
      own: false,
      utd_reason: null,
      file: null,
      filtered: false,
    };
    const ipc = createMockIpc({ links: { '$h#0': dialog({}) } });
    const { container } = render(Timeline, { ipc, room, items: [{ key: '$h', message }], error: null });
    expect(container.querySelector('.body strong')?.textContent).toBe('bold');
    await user.click(screen.getByRole('link', { name: 'docs' }));
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(ipc.calls).toContainEqual({ cmd: 'linkInspect', args: [ROOM, '$h', 0] });
  });
});

describe('LinkDialog in Traditional Chinese (Hong Kong)', () => {
  it('warns in the chosen language, with each reason worded from its code and Rust’s details', async () => {
    setLanguage('zh-HK');
    const lookalike: LinkReason = {
      code: 'lookalike_domain',
      severity: 'warn',
      message: 'This address imitates github.com: it looks the same but is a different site (xn--gthub-n4d.com).',
      args: { target: 'github.com', site: 'xn--gthub-n4d.com' },
    };
    // A code this build does not know keeps Rust's English rather than showing nothing.
    const unknown: LinkReason = { code: 'from_the_future', severity: 'warn', message: 'Something new is wrong.' };
    setup(dialog({ verdict: 'warn', host_unicode: 'gіthub.com', host: 'xn--gthub-n4d.com', reasons: [lookalike, unknown] }));
    expect(await screen.findByRole('heading', { name: '此連結可能與表面所見不同' })).toBeTruthy();
    expect(screen.getByText('網站：', { exact: false })).toBeTruthy();
    expect(screen.getByText('真實名稱（Punycode）')).toBeTruthy();
    const reasons = [...screen.getByRole('list', { name: 'Parley 對此連結特別謹慎的原因' }).querySelectorAll('li')].map((li) => li.textContent);
    // Fluent isolates each detail with bidi marks (U+2068/U+2069).
    expect(reasons.map((r) => r?.replace(/[\u2068\u2069]/g, ''))).toEqual([
      '此網址模仿 github.com：看起來一樣，但其實是另一個網站（xn--gthub-n4d.com）。',
      'Something new is wrong.',
    ]);
    const open = screen.getByRole('button', { name: '在瀏覽器中開啟' }) as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    await userEvent.setup().click(screen.getByLabelText('我明白當中的風險，並想開啟此連結'));
    expect(open.disabled).toBe(false);
    expect(screen.getByRole('button', { name: '複製連結' })).toBeTruthy();
  });
});
