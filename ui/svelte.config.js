import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Component CSS goes to .css files: the CSP has no 'unsafe-inline' for styles.
    css: 'external',
    runes: true,
  },
};
