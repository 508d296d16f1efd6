// Matrix links (`matrix:`, matrix.to) open inside Parley. Rust resolves them to a joined
// room (never joining one) or refuses with one sentence; this keeps that sentence for the
// notice and hands targets to `show`.
import { toUiError, type Ipc, type OpenTarget, type UiError } from './ipc/types';

export class MatrixLinks {
  /** Why the last Matrix link did not open (shown until dismissed or the next link). */
  error = $state<UiError | null>(null);

  constructor(
    private readonly ipc: Ipc,
    private readonly show: (target: OpenTarget) => void | Promise<void>,
  ) {}

  /** Opens the link handed to the app from outside, if one waits. Signed out it keeps waiting. */
  async takePending(): Promise<void> {
    try {
      const target = await this.ipc.pendingLink();
      if (target) await this.open(target);
    } catch (e) {
      const err = toUiError(e);
      if (err.code !== 'not_logged_in') this.error = err;
    }
  }

  /** Link `index` of a message: true when it was a Matrix link (opened, or refused with a sentence). */
  async fromMessage(roomId: string, eventId: string, index: number): Promise<boolean> {
    try {
      const target = await this.ipc.linkInApp(roomId, eventId, index);
      if (!target) return false;
      await this.open(target);
    } catch (e) {
      this.error = toUiError(e);
    }
    return true;
  }

  private async open(target: OpenTarget) {
    this.error = null;
    await this.show(target);
  }
}
