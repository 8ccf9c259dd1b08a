#!/usr/bin/env node
// The embedded default as one command: the API (commands and queries) and the worker (the read models' projections
// and the deadline timers), sharing the REDIS_URL that with-redis set. The API leaves projecting to the worker
// (KNTC_RUN_PROJECTIONS=false unless set): each projected event costs the API's event loop CPU that a filing needs,
// and the worker's subscription sees the API's commits in the same file within its head-watch interval.
// When either stops, the other is stopped too; Ctrl-C and SIGTERM reach both.
// `--demo` (npm start -- --demo): first `kntc demo` into data-demo/ (or `--demo-dir <dir>`), then both on that folder.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entries = {
  api: path.join(root, 'dist/apps/api/src/main.js'),
  worker: path.join(root, 'dist/apps/worker/src/main.js'),
};
// The worker's young generation at 64 MB (V8's default 16): a replay keeps each page of events alive while every
// projection applies it, and with the default most of its time went to copying those survivors (bench/replay.bench.ts:
// garbage collection 6.4 s → 3.8 s of a 17 s replay, 130 MB more resident). A command-line flag: V8 sizes the heap
// at start. The same flag is in `npm run start:worker` and docker/docker-compose.yml.
const nodeFlags = { api: [], worker: ['--max-semi-space-size=64'] };

let children = [];
const start = (env) => (children = Object.entries(entries).map(([name, entry]) => {
  const own = name === 'api' ? { KNTC_RUN_PROJECTIONS: 'false', ...env } : env;
  const child = spawn(process.execPath, [...nodeFlags[name], entry], { stdio: 'inherit', env: own });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`start-embedded: ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`);
    stop(code ?? 1);
  });
  return child;
}));

let stopping = false;
function stop(code) {
  stopping = true;
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));

const args = process.argv.slice(2);
if (args.includes('--demo')) {
  const given = args.includes('--demo-dir') ? args[args.indexOf('--demo-dir') + 1] : undefined;
  const { demoEnvironment, demoFolder } = require(path.join(root, 'dist/apps/cli/src/demo/demo-environment.js'));
  const dir = demoFolder(root, given);
  const loader = spawn(process.execPath, [path.join(root, 'bin/kntc.js'), 'demo', '--data-dir', dir], { stdio: 'inherit', env: process.env });
  children = [loader]; // a stop while the demo loads stops the loader
  loader.on('exit', (code, signal) => {
    if (stopping) return;
    if (code !== 0) {
      process.stderr.write(`start-embedded: kntc demo failed (${signal ?? `exit ${code}`}); not starting\n`);
      process.exitCode = code ?? 1;
      return;
    }
    start(demoEnvironment(process.env, dir));
  });
} else {
  start(process.env);
}
