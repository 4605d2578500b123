// A camera's latest still (latest.jpg), fetched as a blob so "refresh" always gets a new frame;
// the previous object URL is revoked each time.
import { useEffect, useRef, useState } from 'preact/hooks';
import { media } from '../api/endpoints';
import { ErrorBox } from './feedback';

export function LatestSnapshot({ camera, height = 360 }: { camera: string; height?: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const urlRef = useRef<string | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    setBusy(true);
    fetch(media.latest(camera, height), { credentials: 'same-origin', signal: ctl.signal })
      .then(async (r) => {
        if (!r.ok) {
          const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
          throw new Error(body?.error?.message ?? `${r.status} ${r.statusText}`);
        }
        return r.blob();
      })
      .then((blob) => {
        const next = URL.createObjectURL(blob);
        if (urlRef.current) URL.revokeObjectURL(urlRef.current);
        urlRef.current = next;
        setUrl(next);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError((e as Error).message);
      })
      .finally(() => {
        if (!ctl.signal.aborted) setBusy(false);
      });
    return () => ctl.abort();
  }, [camera, height, tick]);

  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );

  return (
    <figure class="panel">
      <figcaption class="panel-head">
        <span>Latest snapshot</span>
        <button type="button" class="btn btn-small" disabled={busy} onClick={() => setTick((t) => t + 1)}>
          {busy ? 'Loading…' : 'Refresh'}
        </button>
      </figcaption>
      {error ? (
        <ErrorBox title="No snapshot" message={error} onRetry={() => setTick((t) => t + 1)} />
      ) : url ? (
        <img class="snapshot" src={url} alt={`Latest frame of ${camera}`} />
      ) : (
        <div class="snapshot snapshot-empty" role="status">
          Loading…
        </div>
      )}
    </figure>
  );
}
