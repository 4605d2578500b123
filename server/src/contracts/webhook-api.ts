// Webhook admin shapes shared by the REST API (`/api/webhooks/*`) and the dashboard (type-only).
// They never carry secrets: no signing key, no header values, no URL path or query.

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One outbox row as the API shows it. Times are epoch seconds. */
export interface WebhookDeliveryView {
  /** The delivery id (also sent as `X-Vigil-Delivery`, the same on every retry). */
  id: string;
  /** Index of the hook in the `webhooks:` list when the delivery was made. */
  hook: number;
  /** Scheme, host and port of the receiver only (paths and queries often hold tokens). */
  target: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  expires_at: number;
  /** Names of the request headers sent (values are hidden). */
  header_names: string[];
}

/** Answer of `POST /api/webhooks/test`: the deliveries written to the outbox. */
export interface WebhookTestResult {
  deliveries: { id: string; hook: number; target: string }[];
}

/** `webhooks` block of `/api/stats`. */
export interface WebhookStats {
  pending: number;
  delivered: number;
  failed: number;
  /** The last delivery error seen since start (no URL, no secrets), or null. */
  last_error: string | null;
}
