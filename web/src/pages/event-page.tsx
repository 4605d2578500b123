// One event: snapshot (boxes on/off), the clip (seekable), zones, scores and times; admins can
// pin or delete it. Updates live while the event is still going on.
import { useState } from 'preact/hooks';
import type { EventRecord } from '../../../server/src/contracts/api-types';
import { api, media } from '../api/endpoints';
import { patchRecord } from '../api/event-live';
import { ApiRequestError } from '../api/http-client';
import { EventActions } from '../components/event-actions';
import { ErrorBox, Loading } from '../components/feedback';
import { formatEventLength, formatLabel, formatScore, formatWhen } from '../format/format';
import { useAsync } from '../hooks/use-async';
import { useLiveEvents } from '../hooks/use-live-events';
import { navigate } from '../state/router';
import { paths } from '../state/routes';
import { useIsAdmin } from '../state/session';

export function EventPage({ id }: { id: string }) {
  const admin = useIsAdmin();
  const [bbox, setBbox] = useState(true);
  const { state, retry, setData } = useAsync(
    (signal) =>
      api.event(id, signal).catch((e: unknown) => {
        if (e instanceof ApiRequestError && e.status === 404) throw new Error('This event does not exist (any more). It may have been deleted or cleaned up.');
        throw e;
      }),
    [id],
  );

  useLiveEvents((m) => {
    if (m.after.id !== id) return;
    setData((r) => patchRecord(r, m.after));
    if (m.type === 'end') api.event(id).then((r) => setData(() => r), () => undefined);
  });

  if (state.status === 'loading') return <Loading label="Loading event…" />;
  if (state.status === 'error') return <ErrorBox title="Cannot show this event" message={state.message} onRetry={retry} />;
  const e: EventRecord = state.data;
  const label = formatLabel(e.label, e.sub_label);

  return (
    <article class="event-detail" aria-labelledby="event-title">
      <div class="page-head">
        <h1 id="event-title">
          {label} <span class="muted">on</span> <a href={paths.camera(e.camera)}>{e.camera}</a>
        </h1>
        <a class="btn btn-ghost" href={paths.events()}>
          All events
        </a>
      </div>
      <div class="event-media">
        <figure class="panel">
          <figcaption class="panel-head">
            <span>Snapshot</span>
            {e.has_snapshot && (
              <button type="button" class="toggle" aria-pressed={bbox} onClick={() => setBbox(!bbox)}>
                Box
              </button>
            )}
          </figcaption>
          {e.has_snapshot ? <img class="snapshot" src={media.snapshot(e.id, bbox)} alt={`Snapshot of ${label} on ${e.camera}`} /> : <p class="muted pad">No snapshot was stored for this event.</p>}
        </figure>
        <figure class="panel">
          <figcaption class="panel-head">
            <span>Clip</span>
          </figcaption>
          {e.has_clip ? (
            <video class="clip" controls preload="metadata" playsInline src={media.clip(e.id)} aria-label={`Clip of ${label} on ${e.camera}`} />
          ) : (
            <p class="muted pad">{e.end_time === null ? 'The clip is ready when the event ends.' : 'No clip was recorded for this event.'}</p>
          )}
        </figure>
      </div>
      <dl class="facts">
        <dt>Started</dt>
        <dd>{formatWhen(e.start_time)}</dd>
        <dt>Ended</dt>
        <dd>{e.end_time === null ? <span class="tag tag-live">ongoing</span> : formatWhen(e.end_time)}</dd>
        <dt>Length</dt>
        <dd>{formatEventLength(e.start_time, e.end_time)}</dd>
        <dt>Top score</dt>
        <dd>{formatScore(e.top_score)}</dd>
        <dt>Score</dt>
        <dd>{formatScore(e.score)}</dd>
        <dt>Zones</dt>
        <dd>{e.zones.length > 0 ? e.zones.join(', ') : 'none'}</dd>
        <dt>Kept</dt>
        <dd>{e.retain_indefinitely ? 'pinned: kept until unpinned' : 'until retention cleans it up'}</dd>
        <dt>Id</dt>
        <dd class="mono">{e.id}</dd>
      </dl>
      {admin && <EventActions event={e} onChanged={(r) => setData(() => r)} onDeleted={() => navigate(paths.events(), { replace: true })} />}
    </article>
  );
}
