// Which webhooks get a bus message: type, camera, label, zone and score filters, the per
// hook+camera+label cooldown of `new` events, and one camera_offline/online per outage.
// Pure (no I/O; time is passed in), so the rules are table-tested.
import type { WebhookConfig, WEBHOOK_EVENT_TYPES } from '../config/schema';
import type { CameraStateChange, DiskLow } from '../contracts/bus-events';
import type { EventMessage, EventSnapshotData } from '../contracts/domain';

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type HookRules = Pick<WebhookConfig, 'events' | 'cameras' | 'labels' | 'zones' | 'min_score' | 'cooldown'>;

/** A message the webhook service may deliver. `hook: null` = a test to every hook that wants tests. */
export type NotifyMessage =
  | { kind: 'event'; message: EventMessage }
  | { kind: 'camera'; change: CameraStateChange }
  | { kind: 'disk_low'; disk: DiskLow }
  | { kind: 'test'; hook: number | null };

export interface Selection {
  type: WebhookEventType | null;
  /** Indexes into the hook list. */
  hooks: number[];
}

/** Events remembered per hook (announced or muted) before the oldest are forgotten. */
export const EVENT_MEMORY = 5000;
/** A disk that stays low is reported again at most this often. */
export const DISK_LOW_REPEAT_S = 900;

/** Camera, label, zone and score filters of one hook against one side of an event. */
export function matchesEvent(rules: HookRules, e: EventSnapshotData): boolean {
  if (rules.cameras.length > 0 && !rules.cameras.includes(e.camera)) return false;
  if (rules.labels.length > 0 && !rules.labels.includes(e.label)) return false;
  if (rules.zones.length > 0 && !rules.zones.some((z) => e.entered_zones.includes(z) || e.current_zones.includes(z))) return false;
  return e.top_score >= rules.min_score;
}

/**
 * The webhook type of a camera state change given what was last reported for the camera:
 * offline/failed once per outage, online only as the end of a reported outage (not at boot).
 */
export function cameraTransition(change: CameraStateChange, lastReported: 'offline' | 'online' | undefined): 'camera_offline' | 'camera_online' | null {
  if (change.state === 'offline' || change.state === 'failed') return lastReported === 'offline' ? null : 'camera_offline';
  if (change.state === 'online') return lastReported === 'offline' ? 'camera_online' : null;
  return null;
}

/** Insertion-ordered set that forgets its oldest entries beyond a limit. */
class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly limit: number) {}
  add(k: string): void {
    this.items.delete(k);
    this.items.add(k);
    if (this.items.size > this.limit) this.items.delete(this.items.values().next().value as string);
  }
  has(k: string): boolean {
    return this.items.has(k);
  }
  delete(k: string): void {
    this.items.delete(k);
  }
}

interface HookState {
  rules: HookRules;
  /** Last delivered `new` per camera+label (epoch seconds), for the cooldown. */
  lastNew: Map<string, number>;
  /** Events whose `new` this hook delivered: their updates and end follow. */
  announced: BoundedSet;
  /** Events whose `new` the cooldown held back: their updates and end are held back too. */
  muted: BoundedSet;
}

export class WebhookFilter {
  private readonly hooks: HookState[];
  private readonly cameraReported = new Map<string, 'offline' | 'online'>();
  private lastDiskLow = -Infinity;

  constructor(rules: readonly HookRules[], memory = EVENT_MEMORY) {
    this.hooks = rules.map((r) => ({ rules: r, lastNew: new Map(), announced: new BoundedSet(memory), muted: new BoundedSet(memory) }));
  }

  get size(): number {
    return this.hooks.length;
  }

  /** The hooks that get `m` at `nowS`, updating cooldown and outage state as if they were sent. */
  select(m: NotifyMessage, nowS: number): Selection {
    switch (m.kind) {
      case 'event':
        return { type: m.message.type, hooks: this.indexes((h) => this.eventFor(h, m.message, nowS)) };
      case 'camera': {
        const type = cameraTransition(m.change, this.cameraReported.get(m.change.camera));
        if (!type) return { type: null, hooks: [] };
        this.cameraReported.set(m.change.camera, type === 'camera_offline' ? 'offline' : 'online');
        const cam = m.change.camera;
        return { type, hooks: this.indexes((h) => h.rules.events.includes(type) && (h.rules.cameras.length === 0 || h.rules.cameras.includes(cam))) };
      }
      case 'disk_low':
        if (nowS - this.lastDiskLow < DISK_LOW_REPEAT_S) return { type: null, hooks: [] };
        this.lastDiskLow = nowS;
        return { type: 'disk_low', hooks: this.indexes((h) => h.rules.events.includes('disk_low')) };
      case 'test':
        // An explicit test of one hook ignores its `events` list: the user asked for it.
        if (m.hook !== null) return { type: 'test', hooks: m.hook >= 0 && m.hook < this.hooks.length ? [m.hook] : [] };
        return { type: 'test', hooks: this.indexes((h) => h.rules.events.includes('test')) };
    }
  }

  private indexes(pred: (h: HookState) => boolean): number[] {
    const out: number[] = [];
    this.hooks.forEach((h, i) => {
      if (pred(h)) out.push(i);
    });
    return out;
  }

  private eventFor(h: HookState, m: EventMessage, nowS: number): boolean {
    const e = m.after;
    const wants = h.rules.events.includes(m.type);
    if (m.type === 'new') {
      if (!wants || !matchesEvent(h.rules, e)) return false;
      const key = `${e.camera}\u0000${e.label}`;
      const last = h.lastNew.get(key);
      if (h.rules.cooldown > 0 && last !== undefined && nowS - last < h.rules.cooldown) {
        h.muted.add(e.id);
        return false;
      }
      h.lastNew.set(key, nowS);
      h.announced.add(e.id);
      return true;
    }
    const announced = h.announced.has(e.id);
    const muted = h.muted.has(e.id);
    if (m.type === 'end') {
      h.announced.delete(e.id);
      h.muted.delete(e.id);
    }
    if (!wants || muted) return false;
    // An announced event keeps its followers even if a later side no longer matches (a label
    // change, say); otherwise each message is judged on its own content.
    return announced || matchesEvent(h.rules, e);
  }
}
