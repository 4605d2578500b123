// Builds the dashboard: esbuild bundles web/src into web/dist (no CDN, everything offline).
// `node web/build.mjs --watch` rebuilds on change during development.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist');
const watch = process.argv.includes('--watch');

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(path.join(here, 'public'))) fs.copyFileSync(path.join(here, 'public', f), path.join(out, f));

const options = {
  entryPoints: [path.join(here, 'src', 'main.tsx')],
  bundle: true,
  outdir: out,
  entryNames: 'app',
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: !watch,
  sourcemap: true,
  loader: { '.css': 'css', '.svg': 'file' },
  logLevel: 'warning',
  legalComments: 'none',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  process.stderr.write('web: watching\n');
} else {
  await esbuild.build(options);
}
