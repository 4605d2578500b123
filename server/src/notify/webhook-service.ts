// Webhooks, wired: bus messages → filter → signed body → outbox row (written synchronously, in the
// tick the message arrives) → dispatcher. Also the admin side: test deliveries, the deliveries
// list and stats. Only main.ts creates it.
import { randomUUID } from 'node:crypto';
import type { WebhookConfig } from '../config/schema';
import type { VigilBusEvents } from '../contracts/bus-events';
import type { WebhookDeliveryStatus, WebhookDeliveryView, WebhookStats, WebhookTestResult } from '../contracts/webhook-api';
import { systemClock, type Clock } from '../lib/clock';
import { AppError, errorMessage } from '../lib/errors';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import { redactUrls } from '../lib/redact';
import type { Delivery, OutboxRepository } from '../storage/outbox.repository';
import type { Scheduler } from './scheduler';
import { cameraBody, diskLowBody, eventBody, testBody, type BodyContext, type WebhookBody } from './webhook-body';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookFilter, type NotifyMessage, type WebhookEventType } from './webhook-filter';
import { createHttpSender, type WebhookSender } from './webhook-sender';
import { checkHeaders, deliveryHeaders } from './webhook-signature';

export type WebhookOutbox = Pick<OutboxRepository, 'enqueue' | 'counts' | 'claimDue' | 'markDelivered' | 'markRetry' | 'markFailed' | 'expire' | 'listRecent' | 'purgeFinished'>;

export interface WebhookServiceDeps {
  hooks: readonly WebhookConfig[];
  bus: EventBus<VigilBusEvents>;
  outbox: WebhookOutbox;
  log: Logger;
  /** Absolute base for links in bodies (see defaultBaseUrl). */
  baseUrl: string;
  version: string;
  boxId?: string | null;
  /** The stored thumbnail JPEG of an event, read synchronously (e.g. EventStore.getThumbnail). */
  thumbnail?: (eventId: string) => Buffer | null;
  clock?: Clock;
  scheduler?: Scheduler;
  sender?: WebhookSender;
  concurrency?: number;
  pollMs?: number;
  rand?: () => number;
}

export interface WebhookService {
  start(): void;
  close(): Promise<void>;
  /** Writes a `test` delivery for one hook (by index) or every hook that lists `test`. */
  sendTest(hook?: number): WebhookTestResult;
  deliveries(query: { status?: WebhookDeliveryStatus; limit?: number }): WebhookDeliveryView[];
  stats(): WebhookStats;
  readonly dispatcher: WebhookDispatcher;
}

/** Scheme, host and port only: webhook paths and queries often are the secret (Slack, HA). */
export function targetOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

export function deliveryView(d: Delivery): WebhookDeliveryView {
  const hook = Number.parseInt(d.hook, 10);
  return {
    id: d.id,
    hook: Number.isFinite(hook) ? hook : -1,
    target: targetOf(d.url),
    event_type: d.event_type,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? d.next_attempt_at : null,
    last_status: d.last_status,
    last_error: d.last_error === null ? null : redactUrls(d.last_error),
    created_at: d.created_at,
    delivered_at: d.delivered_at,
    expires_at: d.expires_at,
    header_names: Object.keys(d.headers),
  };
}

export function createWebhookService(deps: WebhookServiceDeps): WebhookService {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ component: 'webhooks' });
  const hooks = deps.hooks;
  hooks.forEach((h, i) => checkHeaders(i, h.headers));
  const filter = new WebhookFilter(hooks);
  const dispatcher = new WebhookDispatcher({
    outbox: deps.outbox,
    sender: deps.sender ?? createHttpSender(),
    log,
    timeoutMs: (hook) => (hooks[Number.parseInt(hook, 10)]?.timeout ?? 10) * 1000,
    clock,
    scheduler: deps.scheduler,
    concurrency: deps.concurrency,
    pollMs: deps.pollMs,
    rand: deps.rand,
  });
  const unsubscribe: (() => void)[] = [];
  let writeError: string | null = null;

  const thumbnailOf = (id: string): string | null => {
    try {
      return deps.thumbnail?.(id)?.toString('base64') ?? null;
    } catch (e) {
      log.warn({ err: e, event: id }, 'thumbnail unavailable for webhook');
      return null;
    }
  };

  const bodyFor = (m: NotifyMessage, type: WebhookEventType, index: number, ctx: BodyContext, thumb: () => string | null): WebhookBody => {
    switch (m.kind) {
      case 'event':
        return eventBody(m.message, ctx, hooks[index]?.thumbnail ? thumb() : null);
      case 'camera':
        return cameraBody(type as 'camera_offline' | 'camera_online', m.change, ctx);
      case 'disk_low':
        return diskLowBody(m.disk, ctx);
      case 'test':
        return testBody(index, ctx);
    }
  };

  /** Writes one outbox row per selected hook; synchronous so nothing is lost on a crash after. */
  const handle = (m: NotifyMessage): WebhookTestResult['deliveries'] => {
    const nowS = clock.now() / 1000;
    const sel = filter.select(m, nowS);
    if (!sel.type || sel.hooks.length === 0) return [];
    const type = sel.type;
    const ctx: BodyContext = { baseUrl: deps.baseUrl, version: deps.version, boxId: deps.boxId, nowS };
    let thumb: string | null | undefined;
    const once = (): string | null => (thumb === undefined ? (thumb = m.kind === 'event' ? thumbnailOf(m.message.after.id) : null) : thumb);
    const out: WebhookTestResult['deliveries'] = [];
    for (const i of sel.hooks) {
      const hook = hooks[i] as WebhookConfig;
      const id = randomUUID();
      const payload = JSON.stringify(bodyFor(m, type, i, ctx, once));
      const headers = deliveryHeaders({ deliveryId: id, type, version: deps.version, body: payload, secret: hook.secret, extra: hook.headers });
      deps.outbox.enqueue({ id, hook: String(i), url: hook.url, event_type: type, payload, headers });
      out.push({ id, hook: i, target: targetOf(hook.url) });
    }
    dispatcher.kick();
    return out;
  };

  const fromBus = (m: NotifyMessage): void => {
    try {
      handle(m);
    } catch (e) {
      // The pipeline must never feel a webhook problem: log, count, carry on.
      writeError = `cannot write webhook delivery: ${errorMessage(e)}`;
      log.error({ err: e, kind: m.kind }, 'cannot write webhook delivery');
    }
  };

  return {
    dispatcher,
    start() {
      // The dispatcher runs even without hooks: rows written under an earlier config were promised.
      dispatcher.start();
      if (hooks.length === 0) return;
      unsubscribe.push(
        deps.bus.on('event', (message) => fromBus({ kind: 'event', message })),
        deps.bus.on('camera.state', (change) => fromBus({ kind: 'camera', change })),
        deps.bus.on('disk.low', (disk) => fromBus({ kind: 'disk_low', disk })),
      );
      log.info({ hooks: hooks.length, targets: hooks.map((h) => targetOf(h.url)) }, 'webhooks ready');
    },
    async close() {
      for (const u of unsubscribe.splice(0)) u();
      await dispatcher.close();
    },
    sendTest(hook) {
      if (hooks.length === 0) throw new AppError('not_found', 'no webhooks are configured');
      if (hook !== undefined && (hook < 0 || hook >= hooks.length)) throw new AppError('not_found', `no webhook with index ${hook} (there are ${hooks.length})`);
      return { deliveries: handle({ kind: 'test', hook: hook ?? null }) };
    },
    deliveries(query) {
      return deps.outbox.listRecent({ status: query.status, limit: query.limit }).map(deliveryView);
    },
    stats() {
      const c = deps.outbox.counts();
      return { pending: c.pending, delivered: c.delivered, failed: c.failed, last_error: dispatcher.lastError ?? writeError };
    },
  };
}
