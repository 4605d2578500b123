// One event: snapshot (boxes on/off), the clip (seekable), zones, scores and times; admins can
// pin or delete it. Updates live while the event is still going on.
import { useState } from 'preact/hooks';
import type { EventRecord } from '../../../server/src/contracts/api-types';
import { api, media } from '../api/endpoints';
import { patchRecord } from '../api/event-live';
import { ApiRequestError } from '../api/http-client';
import { EventActions } from '../components/event-actions';
import { ErrorBox, Loading } from '../components/feedback';
import { StatList } from '../components/stat-list';
import { formatEventLength, formatLabel, formatScore, formatWhen } from '../format/format';
import { useAsync } from '../hooks/use-async';
import { useLiveEvents } from '../hooks/use-live-events';
import { navigate } from '../state/router';
import { paths } from '../state/routes';
import { useIsAdmin } from '../state/session';

export function EventPage({ id }: { id: string }) {
  const admin = useIsAdmin();
  const [bbox, setBbox] = useState(true);
  const [zoom, setZoom] = useState(false);
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

  if (state.status !== 'ready') {
    return (
      <section aria-labelledby="event-title">
        <div class="page-head">
          <h1 id="event-title">Event</h1>
          <a class="btn btn-ghost" href={paths.events()}>
            All events
          </a>
        </div>
        {state.status === 'loading' ? <Loading label="Loading event…" /> : <ErrorBox title="Cannot show this event" message={state.message} onRetry={retry} />}
      </section>
    );
  }
  const e: EventRecord = state.data;
  const label = formatLabel(e.label, e.sub_label);

  return (
    <article class="event-detail" aria-labelledby="event-title">
      <div class="page-head">
        <h1 id="event-title">
          <span class="event-label">{label}</span> <span class="muted">on</span> <a href={paths.camera(e.camera)}>{e.camera}</a>
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
              <span class="toggles" role="group" aria-label="Snapshot options">
                <button type="button" class="toggle" aria-pressed={bbox} onClick={() => setBbox(!bbox)}>
                  Box
                </button>
                <button type="button" class="toggle" aria-pressed={zoom} onClick={() => setZoom(!zoom)}>
                  Zoom
                </button>
              </span>
            )}
          </figcaption>
          {e.has_snapshot ? (
            <img class="snapshot" src={media.snapshot(e.id, { bbox, crop: zoom })} alt={`Snapshot of ${label} on ${e.camera}`} />
          ) : (
            <p class="muted pad">No snapshot was stored for this event.</p>
          )}
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
      <section class="panel" aria-label="Details">
        <StatList
          items={[
            { label: 'Started', value: formatWhen(e.start_time) },
            { label: 'Ended', value: e.end_time === null ? <span class="tag tag-live">ongoing</span> : formatWhen(e.end_time) },
            { label: 'Length', value: formatEventLength(e.start_time, e.end_time) },
            { label: 'Top score', value: formatScore(e.top_score) },
            { label: 'Last score', value: formatScore(e.score) },
            { label: 'Zones', value: e.zones.length > 0 ? e.zones.join(', ') : 'none' },
            { label: 'Kept', value: e.retain_indefinitely ? 'pinned (until unpinned)' : 'until cleaned up by retention' },
            { label: 'Id', value: <span class="mono">{e.id}</span> },
          ]}
        />
      </section>
      {admin && <EventActions event={e} onChanged={(r) => setData(() => r)} onDeleted={() => navigate(paths.events(), { replace: true })} />}
    </article>
  );
}
