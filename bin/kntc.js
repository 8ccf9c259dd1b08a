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

let cli;
try {
  cli = require(entry);
} catch (error) {
  // tsc-alias rewrites the @kntc/* imports after tsc; a build that stopped at a type error leaves them unresolved.
  if (error && error.code === 'MODULE_NOT_FOUND' && /'@kntc\//.test(error.message)) {
    process.stderr.write('kntc: the build in dist/ is incomplete (a failed npm run build?): run npm run build first\n');
    process.exit(1);
  }
  throw error;
}

cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
