// Admin actions on an event: pin (retain indefinitely) and delete, with a confirm step for delete.
import { useState } from 'preact/hooks';
import type { EventRecord } from '../../../server/src/contracts/api-types';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http-client';

export function EventActions({ event, onChanged, onDeleted }: { event: EventRecord; onChanged: (e: EventRecord) => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const togglePin = () =>
    run(async () => {
      const retain = !event.retain_indefinitely;
      await api.retainEvent(event.id, retain);
      onChanged({ ...event, retain_indefinitely: retain });
    });
  const remove = () =>
    run(async () => {
      await api.deleteEvent(event.id);
      onDeleted();
    });

  return (
    <div class="actions" role="group" aria-label="Event actions">
      <button type="button" class="btn" aria-pressed={event.retain_indefinitely} disabled={busy} onClick={togglePin}>
        {event.retain_indefinitely ? 'Unpin (allow cleanup)' : 'Pin (keep forever)'}
      </button>
      {event.end_time === null ? (
        <span class="muted">Delete is possible once the event has ended.</span>
      ) : !confirming ? (
        <button type="button" class="btn btn-danger" disabled={busy} onClick={() => setConfirming(true)}>
          Delete…
        </button>
      ) : (
        <span class="confirm" role="alert">
          Delete this event, its snapshot and clip?
          <button type="button" class="btn btn-danger" disabled={busy} onClick={remove}>
            Yes, delete
          </button>
          <button type="button" class="btn btn-ghost" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
