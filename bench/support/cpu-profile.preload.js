// `node -r bench/support/cpu-profile.preload.js`: profiles the main thread of the process and writes
// `<KNTC_BENCH_CPU_PROFILE>/<pid>.cpuprofile` when it gets SIGTERM, before the app's own shutdown hooks run
// (--cpu-prof writes nothing when a Nest app ends by re-raising the signal). Used by bench/http-commands.bench.ts.
'use strict';

const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.KNTC_BENCH_CPU_PROFILE;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.prependOnceListener('SIGTERM', () => {
    // An in-thread session answers synchronously, so the file is written before the signal handlers that follow.
    session.post('Profiler.stop', (error, result) => {
      if (error) return process.stderr.write(`cpu profile: ${error.message}\n`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
