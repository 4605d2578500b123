// The running configuration as the API shows it: secret keys masked and URL credentials removed
// (lib/redact.ts), plus what that cannot know: secrets in camera URL queries (?password=) and
// webhook URLs, whose paths and queries often are the secret (Slack, Discord, ntfy tokens).
import { redactDeep, SECRET_QUERY_KEYS } from '../lib/redact';

/** Masks values of secret-looking query parameters of a URL string; other strings pass through. */
export function redactUrlQuery(value: string): string {
  const q = value.indexOf('?');
  if (q < 0 || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  const [base, rest] = [value.slice(0, q), value.slice(q + 1)];
  const hash = rest.indexOf('#');
  const query = hash < 0 ? rest : rest.slice(0, hash);
  const fragment = hash < 0 ? '' : rest.slice(hash);
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    return SECRET_QUERY_KEYS.test(decodeURIComponentSafe(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=***` : pair;
  });
  return `${base}?${parts.join('&')}${fragment}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** scheme://host[:port] and `/***` when the URL had more (path, query). */
export function originOnly(url: string): string {
  try {
    const u = new URL(url);
    const more = (u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '';
    return `${u.protocol}//${u.host}${more ? '/***' : ''}`;
  } catch {
    return '***';
  }
}

type Json = Record<string, unknown>;

export function redactConfig(config: unknown): Json {
  const out = redactDeep(config) as Json;
  const cameras = out.cameras;
  if (cameras && typeof cameras === 'object') {
    for (const cam of Object.values(cameras as Record<string, Json>)) {
      if (!cam || typeof cam !== 'object') continue;
      for (const key of ['source', 'record_source']) {
        if (typeof cam[key] === 'string') cam[key] = redactUrlQuery(cam[key] as string);
      }
    }
  }
  if (Array.isArray(out.webhooks)) {
    for (const hook of out.webhooks as Json[]) {
      if (hook && typeof hook === 'object' && typeof hook.url === 'string') hook.url = originOnly(hook.url);
    }
  }
  return out;
}
