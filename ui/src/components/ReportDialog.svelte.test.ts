// The report dialog's words: what is reported to whom, with the subject in its own element
// wherever the language puts it, and the reason's length in the language's number format.
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { setLanguage } from '../lib/i18n/index.svelte';
import ReportDialog from './ReportDialog.svelte';

const about = () => screen.getByTestId('report-dialog').querySelector('.about') as HTMLElement;

describe('ReportDialog', () => {
  it('says what is reported to whom, and counts the reason', async () => {
    render(ReportDialog, { props: { target: 'message', subject: 'Mallory', onSubmit: vi.fn(async () => {}), onClose: () => {} } });
    expect(about().textContent?.trim()).toBe(
      "This message from Mallory is reported to your homeserver's administrators. They may see its content. Nobody in the room is told.",
    );
    expect(about().querySelector('strong bdi')?.textContent).toBe('Mallory');
    await userEvent.setup().type(screen.getByLabelText('Reason (optional)'), 'spam');
    expect(screen.getByText('4/1,000 characters')).toBeTruthy();
  });

  it('reports in Traditional Chinese (Hong Kong)', async () => {
    setLanguage('zh-HK');
    const user = userEvent.setup();
    const onSubmit = vi.fn(async (_reason: string | null) => {});
    render(ReportDialog, { props: { target: 'room', subject: 'Prizes', onSubmit, onClose: () => {} } });
    expect(screen.getByRole('dialog', { name: '舉報此聊天室' })).toBeTruthy();
    expect(about().textContent?.trim()).toBe('系統會向你的主伺服器管理員舉報聊天室 Prizes。管理員可能會看到聊天室的內容。聊天室內的人不會收到通知。');
    expect(about().querySelector('strong bdi')?.textContent).toBe('Prizes');
    expect(screen.getByText('0/1,000 個字元')).toBeTruthy();
    await user.type(screen.getByLabelText('原因（選填）'), '詐騙');
    expect(screen.getByText('2/1,000 個字元')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '舉報' }));
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('詐騙');
    expect((await screen.findByRole('status')).textContent).toBe('已向你的主伺服器管理員舉報。');
    expect(screen.getByRole('button', { name: '關閉' })).toBeTruthy();
  });
});
