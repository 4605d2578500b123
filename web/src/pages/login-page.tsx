// Login: username and password, with plain messages for wrong credentials and the rate limit.
import { useEffect, useRef, useState } from 'preact/hooks';
import { loginErrorText } from '../api/login-message';
import { login } from '../state/session';

export function LoginPage({ expired, onDone }: { expired: boolean; onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => userRef.current?.focus(), []);
  useEffect(() => {
    if (waitUntil <= now) return;
    const t = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(t);
  }, [waitUntil, now]);

  const waiting = waitUntil > now;
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy || waiting) return;
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      onDone();
    } catch (err) {
      const { text, waitSeconds } = loginErrorText(err);
      setError(text);
      setPassword('');
      if (waitSeconds > 0) {
        setWaitUntil(Date.now() + waitSeconds * 1000);
        setNow(Date.now());
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <form class="login-card" onSubmit={onSubmit} aria-describedby={error ? 'login-error' : undefined}>
        <h1 class="login-title">
          <span class="brand-mark" aria-hidden="true" />
          Vigil
        </h1>
        {expired && !error && <p class="notice">Your session has ended. Please log in again.</p>}
        <label for="login-user">Username</label>
        <input id="login-user" ref={userRef} name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        <label for="login-pass">Password</label>
        <input id="login-pass" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        {error && (
          <p id="login-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy || waiting}>
          {busy ? 'Signing in…' : waiting ? `Wait ${Math.ceil((waitUntil - now) / 1000)} s` : 'Log in'}
        </button>
      </form>
    </main>
  );
}
