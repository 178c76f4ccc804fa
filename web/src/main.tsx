import { render } from 'preact';
import { App } from './components/App.tsx';
import './styles.css';

if (import.meta.env.DEV) {
  // Preact's development warnings (hook misuse, bad keys), left out of production builds.
  await import('preact/debug');
}

const root = document.getElementById('app');
if (root) render(<App />, root);
