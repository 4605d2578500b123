// Tells the user when the live connection is down and when it will try again (with "retry now").
import { useEffect, useState } from 'preact/hooks';
import { live } from '../state/live-state';
import { useStore } from '../state/store';

export function ConnectionBanner() {
  const status = useStore(live.status);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (status.state !== 'waiting') return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [status.state]);

  // The first attempt is quiet: a banner flashing on every page load would be noise.
  if (status.state === 'open' || status.state === 'idle' || (status.state === 'connecting' && status.attempt === 0)) return null;
  const seconds = status.state === 'waiting' ? Math.max(0, Math.ceil((status.retryAt - now) / 1000)) : 0;
  return (
    <div class="banner" role="status" aria-live="polite">
      <span>{status.state === 'connecting' ? 'Reconnecting to live updates…' : `Live updates interrupted. Retrying in ${seconds} s.`}</span>
      {status.state === 'waiting' && (
        <button type="button" class="btn btn-small" onClick={() => live.retryNow()}>
          Retry now
        </button>
      )}
    </div>
  );
}
