// Dashboard entry point: styles, link interception, and the app.
import { render } from 'preact';
import { App } from './app';
import { interceptLinks } from './state/router';
import './styles/index.css';

interceptLinks();
render(<App />, document.getElementById('app') as HTMLElement);
