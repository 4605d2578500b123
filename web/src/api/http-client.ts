// fetch wrapper for /api: JSON in and out, the CSRF header on state changes, typed errors, and a
// hook so any 401 sends the user back to the login page.
import type { ApiError } from '../../../server/src/contracts/api-types';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from a Retry-After header (429), else null. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

let csrfToken = '';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called on every 401 except from the login request itself. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

const SAFE = new Set(['GET', 'HEAD']);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat 401 as "session over" (the login form shows it itself). */
  quiet401?: boolean;
}

function isApiError(v: unknown): v is ApiError {
  const e = (v as ApiError | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}

async function errorOf(res: Response): Promise<ApiRequestError> {
  const retryRaw = res.headers.get('Retry-After');
  const retry = retryRaw !== null && /^\d+$/.test(retryRaw) ? Number(retryRaw) : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall back to the status text.
  }
  if (isApiError(body)) return new ApiRequestError(res.status, body.error.code, body.error.message, retry);
  const text = res.statusText || 'request failed';
  return new ApiRequestError(res.status, `http_${res.status}`, `${res.status} ${text}`, retry);
}

/** Sends a request to the API and returns its JSON body (undefined for 204). */
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiRequestError(0, 'network', 'Cannot reach the Vigil server. Check the connection and try again.');
  }
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) throw new ApiRequestError(res.status, 'bad_response', `unexpected response from ${path} (${type || 'no content type'})`);
  return (await res.json()) as T;
}

/** A short message for an error of any kind, for the UI. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiRequestError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
