// One webhook POST over node:http(s): no redirects followed, one timeout for the whole exchange,
// and names that resolve to link-local (cloud metadata) addresses refused. Never throws.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isLinkLocalHost } from '../config/fields';
import { errorMessage } from '../lib/errors';
import { redactUrls } from '../lib/redact';
import type { AttemptOutcome } from './webhook-retry';

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborts the request (shutdown). */
  signal?: AbortSignal;
}

export interface WebhookSender {
  send(req: SendRequest): Promise<AttemptOutcome>;
}

/** Reads at most this much of a response body (it is discarded). */
const MAX_RESPONSE_BYTES = 64 * 1024;

type Resolve = (hostname: string, options: dns.LookupAllOptions, cb: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

/** A lookup that refuses link-local answers: the schema only sees literal addresses, and a
 * name can point at a cloud metadata service. `resolve` is dns.lookup unless a test swaps it. */
export function linkLocalGuard(resolve: Resolve = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, '', 0);
      if (list.some((a) => isLinkLocalHost(a.address))) {
        return callback(Object.assign(new Error(`${hostname} resolves to a link-local address (refused)`), { code: 'ELINKLOCAL' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

function describe(e: unknown): string {
  return redactUrls(errorMessage(e)).slice(0, 300);
}

export function createHttpSender(opts: { resolve?: Resolve } = {}): WebhookSender {
  const lookup = linkLocalGuard(opts.resolve);
  return {
    send(req: SendRequest): Promise<AttemptOutcome> {
      return new Promise<AttemptOutcome>((resolve) => {
        let settled = false;
        let timer: NodeJS.Timeout | undefined = undefined;
        const finish = (o: AttemptOutcome): void => {
          if (settled) return;
          settled = true;
          if (timer) clearTimeout(timer);
          resolve(o);
        };
        let url: URL;
        try {
          url = new URL(req.url);
        } catch {
          finish({ ok: false, status: null, error: 'invalid URL' });
          return;
        }
        const body = Buffer.from(req.body, 'utf8');
        const mod = url.protocol === 'https:' ? https : http;
        let r: http.ClientRequest;
        try {
          r = mod.request(url, {
            method: 'POST',
            headers: { ...req.headers, 'Content-Length': String(body.length) },
            // A fresh connection per delivery: reused keep-alive sockets that the receiver
            // already closed turn into spurious ECONNRESET failures.
            agent: false,
            lookup,
            signal: req.signal,
          });
        } catch (e) {
          finish({ ok: false, status: null, error: describe(e) });
          return;
        }
        timer = setTimeout(() => {
          finish({ ok: false, status: null, error: `timeout after ${req.timeoutMs} ms` });
          r.destroy();
        }, req.timeoutMs);
        r.on('response', (res) => {
          const status = res.statusCode ?? 0;
          let read = 0;
          const done = (): void => {
            if (status >= 200 && status < 300) finish({ ok: true, status });
            else finish({ ok: false, status, error: `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`.slice(0, 300) });
          };
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            // The answer is known from the status; a huge body is not worth reading.
            if (read > MAX_RESPONSE_BYTES) {
              done();
              res.destroy();
            }
          });
          res.on('end', done);
          res.on('error', done);
          res.on('close', done);
        });
        r.on('error', (e) => finish({ ok: false, status: null, error: req.signal?.aborted ? 'aborted (shutdown)' : describe(e) }));
        r.end(body);
      });
    },
  };
}
