// Removes secrets from text before it reaches logs, API output or error messages.
// Camera URLs carry passwords (rtsp://user:pass@host); ffmpeg echoes them in its own output.

const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]+)(?::[^\s@/]*)?@/gi;

/** Query keys whose values are credentials in camera and integration URLs (`?user=admin&pwd=…`). */
export const SECRET_QUERY_KEYS = /^(pass(word)?|pwd|token|access_token|auth|key|api_?key|secret|sig(nature)?|user(name)?)$/i;
const SECRET_QUERY_VALUES = /([?&](?:pass(?:word)?|pwd|token|access_token|auth|key|api_?key|secret|sig(?:nature)?|user(?:name)?)=)[^&#\s'"]*/gi;

/**
 * Replaces `scheme://user:password@` with `scheme://user:***@`, and the values of secret-looking
 * query keys (`?password=…`, `&token=…`) with `***`, everywhere in `text`.
 */
export function redactUrls(text: string): string {
  return text.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:***@`).replace(SECRET_QUERY_VALUES, '$1***');
}

/** Secret-bearing config keys: their values are replaced wholesale. */
const SECRET_KEYS = new Set(['password', 'secret', 'token', 'api_key', 'apikey']);

/** True for a key whose value is a secret (config keys, JSON fields). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

/** Deep copy of a JSON-like value with secret keys masked and URL credentials redacted. */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown, key?: string): unknown {
  if (key !== undefined && SECRET_KEYS.has(key.toLowerCase()) && value !== undefined && value !== null && value !== '') {
    return '***';
  }
  if (typeof value === 'string') return redactUrls(value);
  // An Error's message and stack are not own enumerable properties: copied explicitly, or lost.
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, message: redactUrls(value.message), ...(typeof code === 'string' ? { code } : {}), ...(value.stack ? { stack: redactUrls(value.stack) } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => walk(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = k.toLowerCase() === 'headers' && v && typeof v === 'object' ? maskAll(v as Record<string, unknown>) : walk(v, k);
    }
    return out;
  }
  return value;
}

/** Header values (Authorization, API keys) are all treated as secrets. */
function maskAll(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) out[k] = '***';
  return out;
}
