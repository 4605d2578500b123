// Reading credentials from a raw HTTP request (express request or WebSocket upgrade alike):
// the session cookie, an `Authorization: Bearer` header, or a `?token=` query parameter.
// Pure string handling, no I/O.
import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'vigil_session';

/** The value of cookie `name` in a Cookie header, or null. Malformed pairs are skipped. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/** The token of `Authorization: Bearer <token>`, or null (other schemes are ignored). */
export function readBearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/** `?token=` of a request URL (WebSocket clients that cannot set headers), or null. */
export function readQueryToken(url: string | undefined): string | null {
  if (!url) return null;
  const q = url.indexOf('?');
  if (q < 0) return null;
  const v = new URLSearchParams(url.slice(q + 1)).get('token');
  return v ? v : null;
}

export interface RequestCredentials {
  session: string | null;
  bearer: string | null;
}

export function credentialsOf(headers: IncomingHttpHeaders): RequestCredentials {
  return { session: readCookie(headers.cookie, SESSION_COOKIE), bearer: readBearer(headers.authorization) };
}

/**
 * Whether the browser-supplied Origin (or, lacking it, Referer) names the host the request was
 * sent to. Absent headers pass: non-browser clients do not send them, and browsers always send
 * Origin on cross-site POSTs and WebSocket handshakes.
 */
export function sameOrigin(headers: IncomingHttpHeaders, host: string | undefined): boolean {
  const source = headers.origin ?? headers.referer;
  if (source === undefined) return true;
  if (!host || source === 'null') return false;
  try {
    const u = new URL(source);
    // URL drops the scheme's default port; a Host header may still carry it.
    const defaultPort = u.protocol === 'https:' ? ':443' : u.protocol === 'http:' ? ':80' : null;
    let h = host.toLowerCase();
    if (defaultPort && h.endsWith(defaultPort)) h = h.slice(0, -defaultPort.length);
    return u.host.toLowerCase() === h;
  } catch {
    return false;
  }
}
