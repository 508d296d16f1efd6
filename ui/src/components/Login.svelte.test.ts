// The sign-in screen with the organisation's identity provider: the ways in come from the
// homeserver (narrowed by the organisation's LoginMethods), single sign-on and OAuth 2.0
// go through the system browser, and the password form shows only where it is allowed.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { createMockIpc, type MockOptions } from '../lib/ipc/mock';
import type { SignInOptions } from '../lib/ipc/types';
import { setLanguage } from '../lib/i18n/index.svelte';
import Login from './Login.svelte';

const HS = 'https://matrix.corp.example';
const SSO_ONLY: SignInOptions = {
  homeserver: `${HS}/`,
  password: false,
  sso: true,
  identity_providers: [{ id: 'oidc-corp', name: 'Corp Directory' }],
  oauth: false,
  restricted_by_policy: true,
};

async function typeHomeserver(options: MockOptions) {
  const ipc = createMockIpc(options);
  const user = userEvent.setup();
  render(App, { ipc });
  await user.type(await screen.findByLabelText('Homeserver'), HS);
  await user.tab();
  return { ipc, user };
}

describe('signing in with the organisation’s identity provider', () => {
  it('offers each identity provider and signs in through the browser', async () => {
    const { ipc, user } = await typeHomeserver({ loginOptions: SSO_ONLY });
    const button = await screen.findByRole('button', { name: 'Sign in with Corp Directory' });
    expect(ipc.calls.find((c) => c.cmd === 'loginOptions')?.args).toEqual([{ homeserver: HS }]);
    // The organisation allows single sign-on only: no password form to type into.
    expect(screen.queryByLabelText('Password')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
    await user.click(button);
    await waitFor(() =>
      expect(ipc.calls.find((c) => c.cmd === 'loginBrowser')?.args).toEqual([{ homeserver: HS, method: 'sso', identityProvider: 'oidc-corp' }]),
    );
    await screen.findByRole('button', { name: 'Sign out' });
  });

  it('offers OAuth 2.0 and the password form side by side when both are allowed', async () => {
    const both: SignInOptions = { ...SSO_ONLY, password: true, sso: false, identity_providers: [], oauth: true, restricted_by_policy: false };
    const { ipc, user } = await typeHomeserver({ loginOptions: both });
    const oauth = await screen.findByRole('button', { name: "Sign in with your organisation's account" });
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.queryByTestId('sso-button')).toBeNull();
    await user.click(oauth);
    await waitFor(() => expect(ipc.calls.some((c) => c.cmd === 'loginBrowser' && (c.args[0] as { method: string }).method === 'oauth')).toBe(true));
  });

  it('says so when the browser sign-in fails, and lets the person try again', async () => {
    const { user } = await typeHomeserver({
      loginOptions: SSO_ONLY,
      browserLoginError: { code: 'sign_in_timed_out', message: 'Signing in through the browser took too long (5 min), so Parley stopped waiting. Try again.' },
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in with Corp Directory' }));
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.code).toBe('sign_in_timed_out');
    expect((screen.getByRole('button', { name: 'Sign in with Corp Directory' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('lets the person cancel while the browser is open, without an alarm', async () => {
    const { ipc, user } = await typeHomeserver({ loginOptions: SSO_ONLY, browserLoginWaits: true });
    await user.click(await screen.findByRole('button', { name: 'Sign in with Corp Directory' }));
    expect((await screen.findByTestId('browser-waiting')).textContent).toContain('Finish signing in in your browser');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('browser-waiting')).toBeNull());
    expect(ipc.calls.some((c) => c.cmd === 'loginCancel')).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByRole('button', { name: 'Sign in with Corp Directory' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps the password form when the homeserver cannot say how to sign in', async () => {
    await typeHomeserver({ loginOptionsError: { code: 'homeserver_unreachable', message: 'Could not reach the homeserver.' } });
    expect((await screen.findByTestId('login-options-error')).textContent).toBe('Could not reach the homeserver.');
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.queryByTestId('sso-button')).toBeNull();
  });

  it('tells the person when nothing the homeserver offers is allowed', async () => {
    await typeHomeserver({ loginOptions: { ...SSO_ONLY, sso: false, identity_providers: [] } });
    expect((await screen.findByTestId('no-login-method')).textContent).toContain('does not allow any way of signing in');
    expect(screen.queryByLabelText('Password')).toBeNull();
  });
});

describe('the sign-in screen in Traditional Chinese (Hong Kong)', () => {
  it('labels the form, the organisation’s servers and its identity providers in the chosen language', async () => {
    setLanguage('zh-HK');
    const user = userEvent.setup();
    render(Login, {
      error: null,
      busy: false,
      onLogin: () => {},
      defaults: { homeserver_url: HS, allowed_homeservers: ['matrix.corp.example', 'backup.corp.example'] },
      loadOptions: async () => ({ ...SSO_ONLY, password: true }),
    });
    expect(screen.getByRole('heading', { name: '登入 Parley' })).toBeTruthy();
    expect(screen.getByTestId('allowed-homeservers').textContent).toBe('你的機構允許：matrix.corp.example, backup.corp.example');
    expect(await screen.findByRole('button', { name: '使用 Corp Directory 登入' })).toBeTruthy();
    await user.type(screen.getByLabelText('用戶名稱'), 'alice');
    expect((screen.getByLabelText('用戶名稱') as HTMLInputElement).placeholder).toBe('alice 或 @alice:example.org');
    await user.type(screen.getByLabelText('密碼'), 'secret');
    expect((screen.getByRole('button', { name: '登入' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByText(/Sign in/)).toBeNull();
  });

  it('shows Rust’s errors in the chosen language', () => {
    setLanguage('zh-HK');
    render(Login, {
      error: { code: 'wrong_credentials', message: 'The user name or password is wrong.' },
      busy: false,
      onLogin: () => {},
    });
    expect(screen.getByRole('alert').textContent).toBe('用戶名稱或密碼錯誤。');
    setLanguage('en');
  });
});
