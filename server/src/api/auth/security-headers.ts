// Security headers (helmet) for the API and the dashboard, and the express "trust proxy" value.
// The dashboard loads nothing from elsewhere, so the CSP allows only this origin.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { isTrustedProxyEntry, TRUSTED_PROXY_HINT } from '../../config/fields';
import { AppError } from '../../lib/errors';

/** A Host header safe to echo into a header value (no spaces, semicolons or quotes). */
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * connect-src: 'self' plus ws:/wss: to this host. CSP3 lets 'self' match same-host WebSockets,
 * but older browsers (Safari < 15.4) do not, so the host is named explicitly.
 */
function webSocketSources(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && SAFE_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'blob:', 'data:'],
        'media-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", webSocketSources],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // No upgrade-insecure-requests: a box on a LAN is often reached over plain http.
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // HSTS belongs to whoever terminates TLS (the reverse proxy); sent from a LAN box it can
    // make a name unreachable over http for a year.
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  }) as RequestHandler;
}

/**
 * The express "trust proxy" setting for `server.trusted_proxies`: false (the default, use the
 * socket address) or the list of proxy addresses/subnets whose X-Forwarded-For/-Proto/-Host are
 * believed. Only then do login limits key on the real client and cookies get Secure behind TLS.
 */
export function trustProxySetting(list: readonly string[]): false | string[] {
  const bad = list.filter((e) => !isTrustedProxyEntry(e.trim()));
  if (bad.length > 0) {
    throw new AppError('config_invalid', `server.trusted_proxies: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${TRUSTED_PROXY_HINT}`);
  }
  return list.length === 0 ? false : list.map((e) => e.trim());
}
