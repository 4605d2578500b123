// A typed in-process event bus. Publishers and subscribers agree on a map of topic → payload.

type Handler<T> = (payload: T) => void;

export class EventBus<M extends object> {
  private readonly handlers = new Map<keyof M, Set<Handler<never>>>();
  private onError: (topic: keyof M, err: unknown) => void = () => undefined;

  /** Called when a subscriber throws; the bus never lets one subscriber break another. */
  setErrorHandler(fn: (topic: keyof M, err: unknown) => void): void {
    this.onError = fn;
  }

  on<K extends keyof M>(topic: K, fn: Handler<M[K]>): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(fn as Handler<never>);
    return () => set?.delete(fn as Handler<never>);
  }

  emit<K extends keyof M>(topic: K, payload: M[K]): void {
    const set = this.handlers.get(topic);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as Handler<M[K]>)(payload);
      } catch (err) {
        this.onError(topic, err);
      }
    }
  }

  listenerCount<K extends keyof M>(topic: K): number {
    return this.handlers.get(topic)?.size ?? 0;
  }
}
