// Webhook admin endpoints: send a test delivery, list recent deliveries. The router takes a small
// interface (the webhook service satisfies it) so api/ never imports notify/.
import { Router } from 'express';
import { z } from 'zod';
import type { WebhookDeliveryStatus, WebhookDeliveryView, WebhookTestResult } from '../../contracts/webhook-api';
import { parseWith } from '../validate';

export interface WebhookAdmin {
  sendTest(hook?: number): WebhookTestResult;
  deliveries(query: { status?: WebhookDeliveryStatus; limit?: number }): WebhookDeliveryView[];
}

export const webhookTestBodySchema = z
  .strictObject({
    hook: z.number().int().min(0).max(999).optional().describe('Index in the webhooks list; omitted = every hook that lists "test"'),
  })
  .describe('POST /api/webhooks/test body');

export const deliveriesQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed']).optional().describe('Only deliveries in this state'),
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe('Most recent first. @default 50'),
});

export function webhookRoutes(admin: WebhookAdmin): Router {
  const r = Router();
  r.post('/webhooks/test', (req, res) => {
    // An empty POST (no body, no content type) tests every hook.
    const body = parseWith(webhookTestBodySchema, req.body ?? {}, 'body');
    res.status(202).json(admin.sendTest(body.hook));
  });
  r.get('/webhooks/deliveries', (req, res) => {
    const q = parseWith(deliveriesQuerySchema, req.query, 'query');
    res.json(admin.deliveries({ status: q.status, limit: q.limit }));
  });
  return r;
}
