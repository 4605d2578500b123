// Dashboard entry point.
import { render } from 'preact';
import './styles.css';

function App() {
  return <main class="boot">Vigil</main>;
}

render(<App />, document.getElementById('app') as HTMLElement);
