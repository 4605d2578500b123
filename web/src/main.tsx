// Dashboard entry point: styles, link interception, and the app.
import { render } from 'preact';
import { App } from './app';
import { interceptLinks } from './state/router';
import './styles/index.css';

const root = document.getElementById('app') as HTMLElement;
// The static "Loading Vigil…" placeholder goes: render() does not replace markup it did not create.
root.textContent = '';
interceptLinks();
render(<App />, root);
