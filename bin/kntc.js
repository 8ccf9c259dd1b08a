#!/usr/bin/env node
// `kntc` / `npx kntc`: runs the compiled CLI (apps/cli/src/main.ts), which `npm run build` writes under dist/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`kntc: ${path.relative(process.cwd(), entry) || entry} is missing: run npm run build first\n`);
  process.exit(1);
}

require(entry)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
