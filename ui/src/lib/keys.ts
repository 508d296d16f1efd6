// Keyboard helpers shared by the dialogs.

/** A keydown handler that calls `close` on Escape (every modal dialog closes that way). */
export function closeOnEscape(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };
}
