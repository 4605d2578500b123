// One camera: the large live view, its latest snapshot and its recent events (live-updated).
import { useMemo } from 'preact/hooks';
import { EMPTY_FILTERS, filtersToSearch } from '../api/event-query';
import { CameraListGate } from '../components/camera-list-gate';
import { EventCard } from '../components/event-card';
import { Empty, ErrorBox, Loading } from '../components/feedback';
import { LatestSnapshot } from '../components/latest-snapshot';
import { LiveTile } from '../components/live-tile';
import { OverlayTogglesBar } from '../components/overlay-toggles';
import { useEventFeed } from '../hooks/use-event-feed';
import { paths } from '../state/routes';

function RecentEvents({ camera }: { camera: string }) {
  const filters = useMemo(() => ({ ...EMPTY_FILTERS, camera }), [camera]);
  const feed = useEventFeed(filters, 12);
  return (
    <section class="panel" aria-labelledby="recent-title">
      <div class="panel-head">
        <h2 id="recent-title">Recent events</h2>
        <a href={paths.events(filtersToSearch(filters))}>All events of {camera}</a>
      </div>
      {feed.loading && feed.events.length === 0 && <Loading label="Loading events…" />}
      {feed.error && <ErrorBox title="Cannot load events" message={feed.error} onRetry={feed.retry} />}
      {!feed.loading && !feed.error && feed.events.length === 0 && <Empty>No events on this camera yet.</Empty>}
      {feed.events.length > 0 && (
        <ul class="strip" aria-label={`Recent events of ${camera}`}>
          {feed.events.slice(0, 12).map((e) => (
            <EventCard key={e.id} event={e} fresh={feed.fresh.has(e.id)} compact />
          ))}
        </ul>
      )}
    </section>
  );
}

export function CameraPage({ name }: { name: string }) {
  return (
    <CameraListGate>
      {(cameras) => {
        const camera = cameras.find((c) => c.name === name);
        if (!camera) {
          return (
            <section aria-labelledby="camera-missing">
              <h1 id="camera-missing">Unknown camera</h1>
              <ErrorBox title="No such camera" message={`There is no camera called “${name}”. Pick one on the live page.`} />
            </section>
          );
        }
        return (
          <section class="camera-page" aria-label={`Camera ${name}`}>
            <div class="page-head">
              <a class="btn btn-ghost" href={paths.live()}>
                ← All cameras
              </a>
              <OverlayTogglesBar />
            </div>
            <LiveTile camera={camera} large />
            <div class="camera-below">
              <RecentEvents camera={name} />
              <LatestSnapshot camera={name} />
            </div>
          </section>
        );
      }}
    </CameraListGate>
  );
}
