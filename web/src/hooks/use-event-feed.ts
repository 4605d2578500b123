// The events list behind a set of filters: first page, more pages by `before` cursor, and events
// that start (or change) while the page is open, without a reload.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { EventRecord } from '../../../server/src/contracts/api-types';
import type { EventMessage } from '../../../server/src/contracts/domain';
import { api } from '../api/endpoints';
import { filterableOf, patchRecord, recordFromMessage } from '../api/event-live';
import { eventListQuery, matchesFilters, mergeEvents, nextCursor, PAGE_SIZE, type EventFilters } from '../api/event-query';
import { errorMessage } from '../api/http-client';
import { useLiveEvents } from './use-live-events';

export interface EventFeed {
  events: EventRecord[];
  /** Ids that arrived live (highlighted until the filters change). */
  fresh: ReadonlySet<string>;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  retry: () => void;
}

export function useEventFeed(filters: EventFilters, limit = PAGE_SIZE): EventFeed {
  const [events, setEventsState] = useState<EventRecord[]>([]);
  // A mirror of the list so page merges can count what they added without a state updater.
  const eventsRef = useRef<EventRecord[]>([]);
  const setEvents = useCallback((fn: (prev: EventRecord[]) => EventRecord[]) => {
    eventsRef.current = fn(eventsRef.current);
    setEventsState(eventsRef.current);
  }, []);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [cursor, setCursor] = useState<number | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef(false);
  const key = JSON.stringify(filters);

  const fetchPage = useCallback(
    async (from: number | null, gen: number) => {
      inFlight.current = true;
      setLoading(true);
      setError(null);
      try {
        const page = await api.events(eventListQuery(filters, from, limit));
        if (gen !== generation.current) return;
        const before = eventsRef.current.length;
        setEvents((prev) => mergeEvents(prev, page));
        const added = eventsRef.current.length - before;
        const next = nextCursor(page, limit);
        setCursor(next);
        // A full page that added nothing new would page forever (many events at one instant): stop.
        setHasMore(next !== null && (from === null || added > 0 || page.some((e) => e.start_time < from)));
      } catch (e) {
        if (gen === generation.current) setError(errorMessage(e));
      } finally {
        if (gen === generation.current) {
          inFlight.current = false;
          setLoading(false);
        }
      }
    },
    // `key` stands for the filters' content.
    [key, limit, setEvents],
  );

  useEffect(() => {
    generation.current += 1;
    setEvents(() => []);
    setFresh(new Set());
    setCursor(null);
    setHasMore(false);
    void fetchPage(null, generation.current);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || !hasMore || cursor === null) return;
    void fetchPage(cursor, generation.current);
  }, [fetchPage, hasMore, cursor]);

  const retry = useCallback(() => {
    if (inFlight.current) return;
    void fetchPage(events.length > 0 ? cursor : null, generation.current);
  }, [fetchPage, events.length, cursor]);

  /** Replaces a listed event by its stored record; the row may lag the message by a moment. */
  const fetchStored = async (id: string, gen: number): Promise<void> => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const rec = await api.event(id);
        if (gen === generation.current) setEvents((prev) => (prev.some((e) => e.id === rec.id) ? mergeEvents(prev, [rec]) : prev));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      }
    }
  };

  useLiveEvents((msg: EventMessage) => {
    const side = msg.after;
    const gen = generation.current;
    if (msg.type === 'new') {
      if (!matchesFilters(filterableOf(side), filters)) return;
      // Shown at once from the message, then replaced by the stored record.
      setEvents((prev) => (prev.some((e) => e.id === side.id) ? prev : mergeEvents(prev, [recordFromMessage(side)])));
      setFresh((prev) => new Set([...prev, side.id]));
      void fetchStored(side.id, gen);
      return;
    }
    setEvents((prev) => (prev.some((e) => e.id === side.id) ? prev.map((e) => (e.id === side.id ? patchRecord(e, side) : e)) : prev));
    // The end brings the final clip and snapshot flags from the store.
    if (msg.type === 'end') void fetchStored(side.id, gen);
  });

  return { events, fresh, loading, error, hasMore, loadMore, retry };
}
