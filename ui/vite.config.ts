/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The built app runs under a strict CSP (src-tauri/tauri.conf.json): scripts and styles
// only from files, no inline code, no data: URLs. The options below keep the output so.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari16',
    // Never inline assets as data: URLs (img-src/font-src allow 'self' only).
    assetsInlineLimit: 0,
    // No inline module-preload polyfill script.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
  },
  // Tests mount components in jsdom, so they need Svelte's browser build.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
}));
