// The browser suite's build (tests/browser/screens.mjs): the real app with Tauri mocked, into
// dist-browser/. Never shipped: the app bundle is vite.config.ts's dist/.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: 'dist-browser',
    emptyOutDir: true,
    target: 'safari16',
    assetsInlineLimit: 0,
    rollupOptions: { input: 'browser.html' },
  },
});
