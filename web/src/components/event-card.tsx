// One event in a list or strip: thumbnail, label, camera, time, score, and status tags.
import { useState } from 'preact/hooks';
import type { EventRecord } from '../../../server/src/contracts/api-types';
import { media } from '../api/endpoints';
import { formatEventLength, formatLabel, formatScore, formatWhen } from '../format/format';
import { paths } from '../state/routes';

export function EventThumb({ event }: { event: EventRecord }) {
  const [failed, setFailed] = useState(false);
  if (!event.has_snapshot || failed) {
    return (
      <span class="thumb thumb-missing" aria-hidden="true">
        {event.label}
      </span>
    );
  }
  return <img class="thumb" src={media.thumbnail(event.id)} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />;
}

export function EventCard({ event, fresh = false, compact = false }: { event: EventRecord; fresh?: boolean; compact?: boolean }) {
  const label = formatLabel(event.label, event.sub_label);
  return (
    <li class={`event-card ${fresh ? 'event-fresh' : ''} ${compact ? 'event-compact' : ''}`} data-event-id={event.id}>
      <a href={paths.event(event.id)} aria-label={`${label} on ${event.camera} at ${formatWhen(event.start_time)}, score ${formatScore(event.top_score)}`}>
        <EventThumb event={event} />
        <span class="event-info">
          <span class="event-label">{label}</span>
          <span class="event-sub">
            {event.camera} · {formatWhen(event.start_time)}
          </span>
          {!compact && (
            <span class="event-tags">
              <span class="tag">{formatScore(event.top_score)}</span>
              {event.end_time === null ? <span class="tag tag-live">ongoing</span> : <span class="tag">{formatEventLength(event.start_time, event.end_time)}</span>}
              {event.zones.map((z) => (
                <span key={z} class="tag tag-zone">
                  {z}
                </span>
              ))}
              {event.retain_indefinitely && <span class="tag tag-pin">pinned</span>}
            </span>
          )}
        </span>
      </a>
    </li>
  );
}
