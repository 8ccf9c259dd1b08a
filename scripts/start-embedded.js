#!/usr/bin/env node
// The embedded default as one command: the API (which also projects the read models) and the worker (deadline
// timers; its projection runners stand by behind the API's leases), sharing the REDIS_URL that with-redis set.
// When either stops, the other is stopped too; Ctrl-C and SIGTERM reach both.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entries = {
  api: path.join(root, 'dist/apps/api/src/main.js'),
  worker: path.join(root, 'dist/apps/worker/src/main.js'),
};

const children = Object.entries(entries).map(([name, entry]) => {
  const child = spawn(process.execPath, [entry], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`start-embedded: ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code) {
  stopping = true;
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
