// Recent webhook deliveries (admin): status, target, attempts and the last error.
import type { WebhookDeliveryView } from '../../../server/src/contracts/webhook-api';
import { formatWhen } from '../format/format';
import { Empty } from './feedback';

export function WebhookDeliveries({ rows }: { rows: WebhookDeliveryView[] }) {
  if (rows.length === 0) return <Empty>No deliveries yet.</Empty>;
  return (
    <ul class="deliveries" aria-label="Recent webhook deliveries">
      {rows.map((d) => (
        <li key={d.id} class={`delivery delivery-${d.status}`}>
          <span class={`badge badge-${d.status}`}>{d.status}</span>
          <span class="delivery-main">
            <strong>{d.event_type}</strong> → <span class="mono">{d.target}</span>
          </span>
          <span class="delivery-meta">
            {formatWhen(d.created_at)} · {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
            {d.last_status !== null && ` · HTTP ${d.last_status}`}
            {d.status === 'pending' && d.next_attempt_at !== null && ` · next ${formatWhen(d.next_attempt_at)}`}
          </span>
          {d.last_error && <span class="delivery-error">{d.last_error}</span>}
        </li>
      ))}
    </ul>
  );
}
