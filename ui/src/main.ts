import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { createTauriIpc } from './lib/ipc';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

export default mount(App, { target, props: { ipc: createTauriIpc() } });
