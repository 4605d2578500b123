// The events filter form: camera, label, zone, date range and minimum score; every change applies.
import type { CameraInfo } from '../../../server/src/contracts/api-types';
import { EMPTY_FILTERS, hasFilters, type EventFilters } from '../api/event-query';

const COMMON_LABELS = ['person', 'car', 'truck', 'bus', 'bicycle', 'motorcycle', 'dog', 'cat'];

export interface EventFiltersProps {
  value: EventFilters;
  cameras: CameraInfo[];
  /** Labels seen in the loaded events (offered besides the common ones). */
  seenLabels: string[];
  onChange: (next: EventFilters) => void;
}

export function EventFiltersForm({ value, cameras, seenLabels, onChange }: EventFiltersProps) {
  const set = <K extends keyof EventFilters>(k: K, v: EventFilters[K]) => onChange({ ...value, [k]: v });
  const zones = [...new Set(cameras.filter((c) => !value.camera || c.name === value.camera).flatMap((c) => Object.keys(c.zones)))].sort();
  const labels = [...new Set([...COMMON_LABELS, ...seenLabels, ...(value.label ? [value.label] : [])])].sort();
  return (
    <form class="filters" role="search" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
      <div class="field">
        <label for="f-camera">Camera</label>
        <select id="f-camera" value={value.camera} onChange={(e) => set('camera', e.currentTarget.value)}>
          <option value="">All cameras</option>
          {cameras.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-label">Label</label>
        <select id="f-label" value={value.label} onChange={(e) => set('label', e.currentTarget.value)}>
          <option value="">All labels</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-zone">Zone</label>
        <select id="f-zone" value={value.zone} onChange={(e) => set('zone', e.currentTarget.value)} disabled={zones.length === 0 && !value.zone}>
          <option value="">{zones.length === 0 ? 'No zones' : 'Any zone'}</option>
          {[...new Set([...zones, ...(value.zone ? [value.zone] : [])])].map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-from">From</label>
        <input id="f-from" type="date" value={value.from} max={value.to || undefined} onChange={(e) => set('from', e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="f-to">To</label>
        <input id="f-to" type="date" value={value.to} min={value.from || undefined} onChange={(e) => set('to', e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="f-score">Min. score {value.minScore > 0 ? `${value.minScore}%` : '(any)'}</label>
        <input id="f-score" type="range" min={0} max={95} step={5} value={value.minScore} onChange={(e) => set('minScore', Number(e.currentTarget.value))} />
      </div>
      <div class="field field-actions">
        <button type="button" class="btn btn-ghost" disabled={!hasFilters(value)} onClick={() => onChange(EMPTY_FILTERS)}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
