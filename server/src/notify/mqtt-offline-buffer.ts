// What MQTT keeps while the broker is away: the latest retained value of every state topic (sent
// again on each connect), the latest snapshot per topic and a few recent events, all bounded;
// whatever does not fit is dropped and counted. Pure (no client here).

export interface BufferedMessage {
  topic: string;
  payload: string | Buffer;
  retain: boolean;
}

export interface OfflineBufferLimits {
  /** Non-retained messages (events) kept while disconnected. @default 100 */
  messages?: number;
  /** Snapshot topics kept while disconnected (latest JPEG each). @default 16 */
  snapshots?: number;
}

export class OfflineBuffer {
  private readonly state = new Map<string, string>();
  private readonly snapshots = new Map<string, Buffer>();
  private readonly queue: BufferedMessage[] = [];
  private readonly maxMessages: number;
  private readonly maxSnapshots: number;
  dropped = 0;

  constructor(limits: OfflineBufferLimits = {}) {
    this.maxMessages = limits.messages ?? 100;
    this.maxSnapshots = limits.snapshots ?? 16;
  }

  /** Records a retained state value; false when it equals what the topic already holds. */
  setState(topic: string, payload: string): boolean {
    if (this.state.get(topic) === payload) return false;
    this.state.set(topic, payload);
    return true;
  }

  getState(topic: string): string | undefined {
    return this.state.get(topic);
  }

  /** Every retained state, to publish again after a (re)connect. */
  states(): BufferedMessage[] {
    return [...this.state].map(([topic, payload]) => ({ topic, payload, retain: true }));
  }

  /** Keeps the latest snapshot of a topic; the oldest topic goes when too many wait. */
  holdSnapshot(topic: string, jpeg: Buffer): void {
    if (this.snapshots.has(topic)) {
      this.snapshots.delete(topic);
      this.dropped++;
    }
    this.snapshots.set(topic, jpeg);
    while (this.snapshots.size > this.maxSnapshots) {
      this.snapshots.delete(this.snapshots.keys().next().value as string);
      this.dropped++;
    }
  }

  /** Queues a non-retained message; the oldest goes when the queue is full. */
  hold(topic: string, payload: string | Buffer): void {
    this.queue.push({ topic, payload, retain: false });
    while (this.queue.length > this.maxMessages) {
      this.queue.shift();
      this.dropped++;
    }
  }

  /** Counts a message that is not worth keeping (stale stats). */
  drop(): void {
    this.dropped++;
  }

  get waiting(): number {
    return this.queue.length + this.snapshots.size;
  }

  /** Snapshots and queued messages in arrival order of kind (snapshots first), emptying both. */
  drain(): BufferedMessage[] {
    const out: BufferedMessage[] = [...this.snapshots].map(([topic, payload]) => ({ topic, payload, retain: true }));
    out.push(...this.queue);
    this.snapshots.clear();
    this.queue.length = 0;
    return out;
  }
}
