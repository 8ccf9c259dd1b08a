/**
 * Latency of one department report for one period at KNTC_BENCH_EVENTS (default 1,000,000) realistic events: from
 * the report-facts projection beside the full scan of the store it replaces, in the same run, and the Redis memory
 * per case of the report-facts hashes (MEMORY USAGE of each department's hash, divided by its cases).
 * Run with `npm run bench` (a private redis-server, see scripts/with-redis.js).
 */
import { SqliteEventStore } from '@kntc/event-store';
import {
  deleteKeys,
  DepartmentReportFromFacts,
  DepartmentReportService,
  openReadModelRedis,
  prefixPattern,
  ProjectionRunner,
  readActiveBuild,
  ReadModelKeys,
  REPORT_FACTS_PROJECTION,
  ReportFactsProjection,
  reportFactsKeys,
  resolveReportWindow,
  type DepartmentReports,
} from '@kntc/read-models';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateStore } from '../test/read-models/support/generate-store';
import { loadEngineFiles } from '../test/read-models/support/read-model-fixtures';

export const DEPARTMENT = 'so-tnmt';
export const DEPARTMENTS = ['so-tnmt', 'so-xd', 'thanh-tra-tinh'];
export const PERIOD = '2026-Q1';
const RUNS = 3;

export async function main(): Promise<void> {
  const target = Number(process.env['KNTC_BENCH_EVENTS'] ?? 1_000_000);
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is not set: run `npm run bench`');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-bench-report-'));
  const file = path.join(dir, 'events.sqlite');
  const redis = openReadModelRedis(url);
  const keys = new ReadModelKeys(`kntc:bench-${randomUUID()}:`);
  try {
    const generated = generateStore(file, target);
    log(`generated ${fmt(generated.events)} events of ${fmt(generated.cases)} cases in ${generated.seconds.toFixed(1)} s (not a figure)`);
    const store = SqliteEventStore.open(file, { synchronous: 'NORMAL' });
    try {
      const files = loadEngineFiles();
      const head = await store.headPosition();
      const replayStarted = performance.now();
      const runner = new ProjectionRunner({ store, redis, keys, projection: new ReportFactsProjection(files.workflows) });
      runner.start();
      for (;;) {
        if ((await readActiveBuild(redis, keys.projection(REPORT_FACTS_PROJECTION)))?.position === head) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const replaySeconds = (performance.now() - replayStarted) / 1000;
      await runner.stop();
      log(`report-facts replay: ${fmt(generated.events)} events in ${replaySeconds.toFixed(1)} s, ${fmt(Math.round(generated.events / replaySeconds))} events/s`);

      const window = resolveReportWindow({ period: PERIOD });
      const fromFacts = await measure('report from the report-facts projection', new DepartmentReportFromFacts({ store, redis, keys, workflows: files.workflows }), window);
      const scanned = await measure('report by a full scan of the store (before)', new DepartmentReportService(store, files.workflows), window, 1);
      if (JSON.stringify(fromFacts.report) !== JSON.stringify(scanned.report)) throw new Error('the two reports differ');

      const active = (await readActiveBuild(redis, keys.projection(REPORT_FACTS_PROJECTION)))!;
      const factKeys = reportFactsKeys(active.keys);
      let bytes = 0;
      let cases = 0;
      for (const department of DEPARTMENTS) {
        bytes += Number(await redis.call('MEMORY', 'USAGE', factKeys.facts(department), 'SAMPLES', '0'));
        cases += await redis.hlen(factKeys.facts(department));
      }
      const indexBytes = Number(await redis.call('MEMORY', 'USAGE', factKeys.cursors, 'SAMPLES', '0'));
      const used = /used_memory_human:(\S+)/.exec(await redis.info('memory'))?.[1] ?? '?';
      process.stdout.write(`\nKNTC report benchmark: ${fmt(generated.events)} events, ${fmt(generated.cases)} cases, ${DEPARTMENT} ${PERIOD}, Node ${process.version}, ${os.cpus().length} CPU\n`);
      process.stdout.write(`  ${fromFacts.what}: median ${fromFacts.ms.toFixed(0)} ms of ${RUNS} (cases in the department: ${fmt(await redis.hlen(factKeys.facts(DEPARTMENT)))})\n`);
      process.stdout.write(`  ${scanned.what}: ${scanned.ms.toFixed(0)} ms\n`);
      process.stdout.write(`  report-facts memory: ${fmt(Math.round(bytes / cases))} B/case in the department hashes + ${fmt(Math.round(indexBytes / cases))} B/case in the cursors (the fold of each case, read by the projection only) (${fmt(cases)} cases; Redis holds ${used} in all)\n`);
    } finally {
      await store.close();
    }
  } finally {
    await deleteKeys(redis, prefixPattern(keys.root));
    await redis.quit();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The median latency of `runs` reports of DEPARTMENT for `window`, and the report. */
export async function measure(what: string, reports: DepartmentReports, window: ReturnType<typeof resolveReportWindow>, runs = RUNS) {
  const times: number[] = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    report = await reports.build(DEPARTMENT, window);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { what, ms: times[Math.floor(times.length / 2)]!, report: report! };
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
