// Every HTTP route of the box, for the OpenAPI document: the route modules' own specs (the objects
// their handlers are mounted with) plus descriptions of the auth and webhook routers, built on the
// schemas those routers parse with.
import {
  createTokenBodySchema,
  createUserBodySchema,
  loginBodySchema,
  passwordBodySchema,
  roleBodySchema,
  tokenIdParamsSchema,
  usernameParamsSchema,
} from '../auth/auth.schemas';
import { errors } from '../response-schemas';
import type { RouteSpec } from '../route-spec';
import { CAMERA_ROUTES } from '../routes/cameras.routes';
import { CONFIG_ROUTES } from '../routes/config.routes';
import { EVENT_MEDIA_ROUTES } from '../routes/event-media.routes';
import { EVENT_ROUTES } from '../routes/events.routes';
import { MANUAL_EVENT_ROUTES } from '../routes/manual-events.routes';
import { METRICS_ROUTES } from '../routes/metrics.routes';
import { MJPEG_ROUTES } from '../routes/mjpeg.routes';
import { RECORDING_ROUTES } from '../routes/recordings.routes';
import { SYSTEM_ROUTES } from '../routes/system.routes';
import { deliveriesQuerySchema, webhookTestBodySchema } from '../routes/webhooks.routes';

export const openApiRoute = {
  method: 'get',
  path: '/openapi.json',
  tag: 'system',
  summary: 'This document (OpenAPI 3.1)',
  responses: { 200: { description: 'OpenAPI document' }, ...errors(401) },
} satisfies RouteSpec;

const json = (description: string) => ({ description });

/** api/auth/*.routes.ts and routes/webhooks.routes.ts, described with their own schemas. */
export const AUTH_AND_WEBHOOK_ROUTES: RouteSpec[] = [
  { method: 'post', path: '/login', tag: 'auth', public: true, summary: 'Log in: sets the vigil_session cookie, returns the CSRF token', body: loginBodySchema, responses: { 200: json('MeResponse'), ...errors(400, 401), 429: json('Too many failed logins (Retry-After)') } },
  { method: 'post', path: '/logout', tag: 'auth', summary: 'End this session', responses: { 200: json('Logged out'), ...errors(401) } },
  { method: 'get', path: '/me', tag: 'auth', summary: 'Who is calling, and the CSRF token', responses: { 200: json('MeResponse'), ...errors(401) } },
  { method: 'get', path: '/users', tag: 'auth', admin: true, summary: 'Users', responses: { 200: json('UserInfo[]'), ...errors(401, 403) } },
  { method: 'post', path: '/users', tag: 'auth', admin: true, summary: 'Add a user (a generated password is returned once)', body: createUserBodySchema, responses: { 200: json('CreatedUser'), ...errors(400, 401, 403, 409) } },
  { method: 'put', path: '/users/:username/password', tag: 'auth', summary: 'Change a password (admin, or the user with current_password)', params: usernameParamsSchema, body: passwordBodySchema, responses: { 200: json('PasswordChanged'), ...errors(400, 401, 403, 404) } },
  { method: 'put', path: '/users/:username/role', tag: 'auth', admin: true, summary: 'Change a role (never the last admin)', params: usernameParamsSchema, body: roleBodySchema, responses: { 200: json('UserInfo'), ...errors(400, 401, 403, 404, 409) } },
  { method: 'delete', path: '/users/:username', tag: 'auth', admin: true, summary: 'Delete a user (never the last admin)', params: usernameParamsSchema, responses: { 200: json('Deleted'), ...errors(401, 403, 404, 409) } },
  { method: 'get', path: '/tokens', tag: 'auth', admin: true, summary: 'API tokens (never their values)', responses: { 200: json('TokenInfo[]'), ...errors(401, 403) } },
  { method: 'post', path: '/tokens', tag: 'auth', admin: true, summary: 'Create an API token (the value is returned once)', body: createTokenBodySchema, responses: { 200: json('CreatedToken'), ...errors(400, 401, 403, 404) } },
  { method: 'delete', path: '/tokens/:id', tag: 'auth', admin: true, summary: 'Revoke an API token', params: tokenIdParamsSchema, responses: { 200: json('Revoked'), ...errors(400, 401, 403, 404) } },
  { method: 'post', path: '/webhooks/test', tag: 'webhooks', admin: true, summary: 'Queue a test delivery to one hook or every hook listing "test"', body: webhookTestBodySchema, responses: { 202: json('WebhookTestResult'), ...errors(400, 401, 403) } },
  { method: 'get', path: '/webhooks/deliveries', tag: 'webhooks', admin: true, summary: 'Recent webhook deliveries, newest first', query: deliveriesQuerySchema, responses: { 200: json('WebhookDeliveryView[]'), ...errors(400, 401, 403) } },
];

/** Routes of this API in the order they are matched. */
export const ALL_ROUTES: readonly RouteSpec[] = [
  ...SYSTEM_ROUTES,
  ...CONFIG_ROUTES,
  openApiRoute,
  ...METRICS_ROUTES,
  ...AUTH_AND_WEBHOOK_ROUTES,
  ...EVENT_ROUTES,
  ...EVENT_MEDIA_ROUTES,
  ...MANUAL_EVENT_ROUTES,
  ...CAMERA_ROUTES,
  ...RECORDING_ROUTES,
  ...MJPEG_ROUTES,
];
