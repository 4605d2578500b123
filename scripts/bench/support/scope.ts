// Teardown for a benchmark: everything it starts (Vigil, the RTSP camera, ffmpeg, receivers) is
// registered here and stopped in reverse order at the end, on failure, and on Ctrl-C, so no
// process outlives the benchmark.
type Closer = () => unknown;

export class BenchScope {
  private readonly closers: Closer[] = [];
  private closing: Promise<void> | null = null;
  private readonly onSignal = (sig: NodeJS.Signals) => {
    void this.close().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };

  constructor() {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  /** Registers a teardown step; returns the value for chaining. */
  add<T>(value: T, close: (v: T) => unknown): T {
    this.closers.push(() => close(value));
    return value;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const c of this.closers.splice(0).reverse()) {
        try {
          await c();
        } catch (e) {
          process.stderr.write(`teardown step failed: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
    })();
    return this.closing;
  }
}

/** Runs `fn` with a scope that is always closed afterwards. */
export async function withScope<T>(fn: (scope: BenchScope) => Promise<T>): Promise<T> {
  const scope = new BenchScope();
  try {
    return await fn(scope);
  } finally {
    await scope.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
