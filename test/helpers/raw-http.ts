// An HTTP client that sends the request path byte for byte (fetch normalises `..` and `%2e%2e`
// away, which would hide path-traversal attempts), reads at most a bounded body and gives up on
// endless streams (MJPEG) after their headers.
import http from 'node:http';

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was cut (a stream, or more than the cap). */
  truncated: boolean;
}

export interface RawRequest {
  port: number;
  method: string;
  /** Sent as is: the caller encodes what should be encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Bytes of body kept. @default 64 KiB */
  maxBody?: number;
  timeoutMs?: number;
}

export function rawRequest(r: RawRequest): Promise<RawReply> {
  const maxBody = r.maxBody ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
    const req = http.request({ host: '127.0.0.1', port: r.port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (truncated: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated });
        if (truncated) res.destroy();
      };
      // Streams never end: their headers are the answer.
      if (/multipart\/x-mixed-replace/.test(String(res.headers['content-type']))) return finish(true);
      res.on('data', (c: Buffer) => {
        if (size < maxBody) chunks.push(c);
        size += c.length;
        if (size > maxBody) finish(true);
      });
      res.on('end', () => finish(false));
      res.on('error', () => finish(true));
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer to ${r.method} ${r.path.slice(0, 200)} within ${r.timeoutMs ?? 20_000} ms`)), r.timeoutMs ?? 20_000);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(r.body);
  });
}
