// Development server for the dashboard: serves web/dist and forwards /api and /ws to a running
// Vigil, so the UI can be worked on (with `node web/build.mjs --watch`) against a real box.
// Usage: node web/dev-server.mjs --target http://127.0.0.1:5000 [--port 5173]
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const target = new URL(arg('target', 'http://127.0.0.1:5000'));
const port = Number(arg('port', '5173'));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

function serveStatic(req, res) {
  const url = new URL(req.url, 'http://x');
  const file = path.join(dist, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
  // Unknown paths get index.html: the app routes by history.
  const chosen = file.startsWith(dist) && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(dist, 'index.html');
  // The same policy the server sends with the dashboard, so CSP mistakes show up here too.
  const csp = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self' ws://${req.headers.host}; object-src 'none'`;
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(chosen)] ?? 'application/octet-stream', 'Cache-Control': 'no-store', 'Content-Security-Policy': csp });
  fs.createReadStream(chosen).pipe(res);
}

// The Host header is passed on unchanged so the server's same-origin checks see the browser's origin.
function forward(req, res) {
  const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'unavailable', message: `dev server: ${e.message}` } }));
  });
  req.pipe(up);
}

const server = http.createServer((req, res) => (req.url?.startsWith('/api/') ? forward(req, res) : serveStatic(req, res)));

server.on('upgrade', (req, socket, head) => {
  const up = net.connect(Number(target.port), target.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    up.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  const end = () => {
    up.destroy();
    socket.destroy();
  };
  up.on('error', end);
  socket.on('error', end);
});

server.listen(port, '127.0.0.1', () => process.stderr.write(`dashboard on http://127.0.0.1:${port} → ${target.origin}\n`));
