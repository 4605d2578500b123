// The REST endpoints the dashboard uses, typed with the server's contracts.
import type { CameraInfo, EventListQuery, EventRecord, StatsSnapshot, VersionResponse } from '../../../server/src/contracts/api-types';
import type { LoginRequest, MeResponse } from '../../../server/src/contracts/auth-api';
import type { WebhookDeliveryView, WebhookTestResult } from '../../../server/src/contracts/webhook-api';
import { queryString } from './event-query';
import { apiRequest } from './http-client';

const enc = encodeURIComponent;

export const api = {
  login: (body: LoginRequest) => apiRequest<MeResponse>('/api/login', { method: 'POST', body, quiet401: true }),
  logout: () => apiRequest<void>('/api/logout', { method: 'POST' }),
  me: () => apiRequest<MeResponse>('/api/me', { quiet401: true }),

  cameras: (signal?: AbortSignal) => apiRequest<CameraInfo[]>('/api/cameras', { signal }),
  stats: (signal?: AbortSignal) => apiRequest<StatsSnapshot>('/api/stats', { signal }),
  version: (signal?: AbortSignal) => apiRequest<VersionResponse>('/api/version', { signal }),
  /** The running configuration with secrets replaced by "***". */
  config: (signal?: AbortSignal) => apiRequest<Record<string, unknown>>('/api/config', { signal }),

  events: (q: EventListQuery, signal?: AbortSignal) => apiRequest<EventRecord[]>(`/api/events?${queryString(q)}`, { signal }),
  event: (id: string, signal?: AbortSignal) => apiRequest<EventRecord>(`/api/events/${enc(id)}`, { signal }),
  deleteEvent: (id: string) => apiRequest<unknown>(`/api/events/${enc(id)}`, { method: 'DELETE' }),
  retainEvent: (id: string, retain: boolean) => apiRequest<unknown>(`/api/events/${enc(id)}/retain`, { method: retain ? 'POST' : 'DELETE' }),

  webhookDeliveries: (signal?: AbortSignal) => apiRequest<WebhookDeliveryView[]>('/api/webhooks/deliveries?limit=50', { signal }),
  webhookTest: () => apiRequest<WebhookTestResult>('/api/webhooks/test', { method: 'POST', body: {} }),
};

/** Image and video URLs (same origin: the session cookie goes with them). */
export const media = {
  thumbnail: (id: string): string => `/api/events/${enc(id)}/thumbnail.jpg`,
  snapshot: (id: string, o: { bbox: boolean; crop: boolean; height?: number }): string =>
    `/api/events/${enc(id)}/snapshot.jpg?bbox=${o.bbox ? 1 : 0}&crop=${o.crop ? 1 : 0}${o.height ? `&height=${o.height}` : ''}`,
  clip: (id: string): string => `/api/events/${enc(id)}/clip.mp4`,
  /** No cache-buster: the route refuses unknown query keys; fetch it as a blob to refresh. */
  latest: (camera: string, height: number): string => `/api/${enc(camera)}/latest.jpg?height=${height}`,
};
