#!/usr/bin/env node
// `npm run bench` runs this under scripts/with-redis.js (a private redis-server; REDIS_URL set).
// The benches are TypeScript compiled on load by swc, like the tests; the HTTP one starts the built API (dist/),
// which `npm run bench` builds first. Not part of `npm test`.
'use strict';

require('../test/read-models/support/register-ts.js');

const benches = [
  require('./http-commands.bench.ts'),
  require('./group-commit.bench.ts'),
  require('./replay.bench.ts'),
  require('./report.bench.ts'),
  require('./reconciler.bench.ts'),
  require('./deadlines.bench.ts'),
  // Long (5,000,000 events by default, generated first): opt-in.
  ...(process.env.KNTC_BENCH_SCALE === '1' ? [require('./scale.bench.ts')] : []),
];

(async () => {
  for (const bench of benches) await bench.main();
})().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
