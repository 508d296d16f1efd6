// Vitest setup: unmount every component after each test (Vitest has no globals here).
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';

afterEach(() => cleanup());
