#!/usr/bin/env node
// `npm run bench` runs this under scripts/with-redis.js (a private redis-server; REDIS_URL set).
// The benches are TypeScript compiled on load by swc, like the tests: no build step, not part of `npm test`.
'use strict';

require('../test/read-models/support/register-ts.js');

const benches = [require('./replay.bench.ts'), require('./deadlines.bench.ts'), require('./group-commit.bench.ts'), require('./report.bench.ts')];

(async () => {
  for (const bench of benches) await bench.main();
})().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
