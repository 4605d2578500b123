// A webhook service on a real vigil.db in a temp folder, fed through a real bus.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webhookSchema, type WebhookConfig } from '../../../server/src/config/schema';
import type { VigilBusEvents } from '../../../server/src/contracts/bus-events';
import type { Clock } from '../../../server/src/lib/clock';
import { EventBus } from '../../../server/src/lib/event-bus';
import { silentLogger, type Logger } from '../../../server/src/lib/logger';
import { createWebhookService, type WebhookService, type WebhookServiceDeps } from '../../../server/src/notify/webhook-service';
import { closeDatabase, openDatabase, type Db } from '../../../server/src/storage/database';
import { OutboxRepository } from '../../../server/src/storage/outbox.repository';

export const hookConfig = (over: Record<string, unknown>): WebhookConfig => webhookSchema.parse(over);

export interface Box {
  db: Db;
  outbox: OutboxRepository;
  bus: EventBus<VigilBusEvents>;
  service: WebhookService;
  /** Stops the service and closes its database connection (a Vigil shutdown). */
  shutdown(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-notify-'));
}

/** Opens `<dir>/vigil.db` and starts a webhook service on it, as main.ts would. */
export function startBox(dir: string, hooks: WebhookConfig[], clock: Clock, extra: Partial<WebhookServiceDeps> = {}, log: Logger = silentLogger()): Box {
  const { db } = openDatabase({ dataDir: dir, clock });
  const outbox = new OutboxRepository(db, clock);
  const bus = new EventBus<VigilBusEvents>();
  const service = createWebhookService({ hooks, bus, outbox, log, baseUrl: 'http://vigil.test:8080', version: '0.1.0', boxId: 'box-1', clock, ...extra });
  service.start();
  return {
    db,
    outbox,
    bus,
    service,
    async shutdown() {
      await service.close();
      closeDatabase(db);
    },
  };
}
