// Vitest setup: unmount every component after each test (Vitest has no globals here), and
// go back to the system language (English under jsdom) so no test sees another's choice.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import { setLanguage } from './lib/i18n/index.svelte';

afterEach(() => {
  cleanup();
  setLanguage('system');
});
