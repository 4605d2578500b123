#!/usr/bin/env node
// The `vigil` command: runs the compiled CLI (build with `npm run build`, done by bootstrap).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'server', 'src', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('vigil: not built yet. Run ./scripts/bootstrap.sh (or npm run build) first.\n');
  process.exit(1);
}
require(cli).main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { process.stderr.write(`vigil: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 1; },
);
