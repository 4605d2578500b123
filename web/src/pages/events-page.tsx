// Events: filters in the URL, thumbnails, infinite scroll, and new events arriving live.
import { useEffect, useRef } from 'preact/hooks';
import { filtersFromSearch, filtersToSearch, hasFilters, type EventFilters } from '../api/event-query';
import { EventCard } from '../components/event-card';
import { EventFiltersForm } from '../components/event-filters';
import { Empty, ErrorBox, Loading } from '../components/feedback';
import { useEventFeed } from '../hooks/use-event-feed';
import { useOnScreen } from '../hooks/use-observers';
import { camerasStore } from '../state/live-state';
import { navigate, useLocation } from '../state/router';
import { paths } from '../state/routes';
import { useStore } from '../state/store';

export function EventsPage() {
  const loc = useLocation();
  const filters = filtersFromSearch(loc.search);
  const cams = useStore(camerasStore);
  const feed = useEventFeed(filters);
  const sentinel = useRef<HTMLDivElement>(null);
  const nearEnd = useOnScreen(sentinel, '600px');

  useEffect(() => {
    if (nearEnd && feed.hasMore && !feed.loading && !feed.error) feed.loadMore();
  }, [nearEnd, feed.hasMore, feed.loading, feed.error, feed.events.length]);

  const onFilters = (next: EventFilters) => navigate(paths.events(filtersToSearch(next)), { replace: true });
  const seenLabels = [...new Set(feed.events.map((e) => e.label))];
  const firstLoad = feed.loading && feed.events.length === 0;

  return (
    <section aria-labelledby="events-title">
      <div class="page-head">
        <h1 id="events-title">Events</h1>
        <p class="muted" aria-live="polite">
          {feed.fresh.size > 0 ? `${feed.fresh.size} new since you opened this page` : ''}
        </p>
      </div>
      <EventFiltersForm value={filters} cameras={cams.status === 'ready' ? cams.cameras : []} seenLabels={seenLabels} onChange={onFilters} />
      {firstLoad && <Loading label="Loading events…" />}
      {!feed.loading && !feed.error && feed.events.length === 0 && (
        <Empty>{hasFilters(filters) ? 'No events match these filters.' : 'No events yet. They appear here as soon as a camera sees something.'}</Empty>
      )}
      {feed.events.length > 0 && (
        <ul class="event-list" aria-label="Events, newest first">
          {feed.events.map((e) => (
            <EventCard key={e.id} event={e} fresh={feed.fresh.has(e.id)} />
          ))}
        </ul>
      )}
      {feed.error && <ErrorBox title="Cannot load events" message={feed.error} onRetry={feed.retry} />}
      <div ref={sentinel} class="list-end">
        {feed.loading && feed.events.length > 0 && <Loading label="Loading more…" />}
        {!feed.loading && !feed.error && feed.hasMore && (
          <button type="button" class="btn" onClick={feed.loadMore}>
            Load more
          </button>
        )}
        {!feed.loading && !feed.hasMore && feed.events.length > 0 && <p class="muted">No older events.</p>}
      </div>
    </section>
  );
}
