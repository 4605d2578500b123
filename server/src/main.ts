// Composition root: config → database → cameras and pipelines → HTTP/WS → notifications.
// Shutdown runs in reverse order.
import type { VigilConfig } from './config/schema';
import type { Logger } from './lib/logger';

export interface VigilApp {
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  configFile: string | null;
}

export async function startVigil(_config: VigilConfig, opts: StartOptions): Promise<VigilApp> {
  opts.log.info('vigil starting');
  return { close: async () => undefined };
}
