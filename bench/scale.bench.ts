/**
 * The engine at national scale (issue #11): a SQLite store of KNTC_BENCH_EVENTS realistic case events (default
 * 5,000,000, the project's own generator; fewer when the disk cannot hold them, said in the printout), then, each
 * beside this machine's own limit measured in the same run: append throughput of our store beside Emmett's
 * (bench/group-commit.bench.ts), replay of all projections beside the store's own read rate, with the RSS of the
 * process running them (as the worker does), Redis memory per case, report latency for one department and period,
 * and the reconciler (bench/reconciler.bench.ts). Long: opt-in from `npm run bench` with KNTC_BENCH_SCALE=1, or alone:
 * `KNTC_BENCH_EVENTS=1000000 node scripts/with-redis.js node -r ./test/read-models/support/register-ts.js bench/scale.bench.ts`.
 */
import { SqliteEventStore } from '@kntc/event-store';
import {
  createProjections,
  deleteKeys,
  DepartmentReportFromFacts,
  DepartmentReportService,
  openReadModelRedis,
  prefixPattern,
  readActiveBuild,
  ReadModelKeys,
  REPORT_FACTS_PROJECTION,
  reportFactsKeys,
  resolveReportWindow,
} from '@kntc/read-models';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateStore } from '../test/read-models/support/generate-store';
import { loadEngineFiles } from '../test/read-models/support/read-model-fixtures';
import { main as groupCommitBench } from './group-commit.bench';
import { measureReconciler } from './reconciler.bench';
import { fmt, measureRedisWrites, measureReplay, measureStoreReads, print as printReplay } from './replay.bench';
import { DEPARTMENT, DEPARTMENTS, measure, PERIOD } from './report.bench';

/** Disk one generated event takes in the store file (data, metadata, indexes), measured at 1,000,000: about 1 KB. */
const BYTES_PER_EVENT = 1_100;
/** Largest store for which the report by a full scan (the figure before) is measured too, unless KNTC_BENCH_SCAN=1. */
const SCAN_UP_TO = 1_500_000;

const mb = (bytes: number): string => `${fmt(Math.round(bytes / 1_048_576))} MB`;

export async function main(): Promise<void> {
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is not set: run it under scripts/with-redis.js');
  const asked = Number(process.env['KNTC_BENCH_EVENTS'] ?? 5_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-bench-scale-'));
  const file = path.join(dir, 'events.sqlite');
  // Half the free disk at most: the WAL and SQLite's temporary files need room beside the store.
  const free = fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
  const target = Math.min(asked, Math.floor(free / 2 / BYTES_PER_EVENT));
  const redis = openReadModelRedis(url);
  const keys = new ReadModelKeys(`kntc:bench-${randomUUID()}:`);
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    log(line);
  };
  try {
    log(`scale: generating ${fmt(target)} events${target < asked ? ` (asked ${fmt(asked)}; the disk has ${mb(free)} free)` : ''} ...`);
    const generated = generateStore(file, target);
    out(`store: ${fmt(generated.events)} events of ${fmt(generated.cases)} cases generated in ${generated.seconds.toFixed(0)} s (set-up, not a figure), ${mb(fs.statSync(file).size)} on disk`);

    log('\n[1/5] append throughput: our SQLite store beside Emmett\'s, each beside raw SQLite commits (bench/group-commit.bench.ts)');
    await groupCommitBench();

    log('\n[2/5] replay of all projections beside the store\'s own read rate');
    const files = loadEngineFiles();
    const reads = await measureStoreReads(file);
    const sets = await measureRedisWrites(redis, `${keys.root}raw:`);
    const store = SqliteEventStore.open(file, { synchronous: 'NORMAL' });
    try {
      const head = await store.headPosition();
      const before = await usedMemory(redis);
      const projections = createProjections(files);
      const replay = await measureReplay(store, redis, keys, projections, head, generated.events, true);
      printReplay([reads, sets, replay], generated.events);
      const readRate = reads.count / reads.seconds;
      const replayRate = generated.events / replay.seconds;
      out(
        `replay: all ${projections.length} projections ${fmt(Math.round(replayRate))} events/s (each event applied by each), store read ${fmt(Math.round(readRate))} events/s: ` +
          `${(readRate / replayRate).toFixed(1)}× the read time; target ≥ 100,000 events/s or within 2× of the read rate`,
      );
      out(`worker RSS during replay: peak ${mb(replay.peakRss ?? 0)} (this process runs the runners as the worker does, and still holds the generator's heap)`);
      const after = await usedMemory(redis);
      out(`Redis memory: ${mb(after)} with every read model built, ${fmt(Math.round((after - before) / generated.cases))} B per case (INFO used_memory after − before, ${fmt(generated.cases)} cases)`);
      const active = await readActiveBuild(redis, keys.projection(REPORT_FACTS_PROJECTION));
      if (active !== undefined) {
        const factKeys = reportFactsKeys(active.keys);
        let bytes = 0;
        for (const department of DEPARTMENTS) {
          for (const key of [factKeys.facts(department), factKeys.dormant(department)]) bytes += Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
        }
        const cursors = Number(await redis.call('MEMORY', 'USAGE', factKeys.cursors, 'SAMPLES', '0'));
        out(`  of which report facts: ${fmt(Math.round(bytes / generated.cases))} B per case read by reports + ${fmt(Math.round(cursors / generated.cases))} B per case of fold cursors`);
      }

      log('\n[3/5] report for one department and period');
      const window = resolveReportWindow({ period: PERIOD });
      const fromFacts = await measure('report from the report-facts projection', new DepartmentReportFromFacts({ store, redis, keys, workflows: files.workflows, waitTimeoutMs: 60_000 }), window);
      const departmentCases = active === undefined ? 0 : await redis.hlen(reportFactsKeys(active.keys).facts(DEPARTMENT));
      out(`report ${DEPARTMENT} ${PERIOD}: median ${fromFacts.ms.toFixed(0)} ms of 3 from the report facts (${fmt(departmentCases)} cases in the department); target ≤ 1 s`);
      if (generated.events <= SCAN_UP_TO || process.env['KNTC_BENCH_SCAN'] === '1') {
        const scanned = await measure('report by a full scan of the store', new DepartmentReportService(store, files.workflows), window, 1);
        const same = JSON.stringify(scanned.report) === JSON.stringify(fromFacts.report);
        out(`  the same report by a full scan of the store (the limit it replaces): ${fmt(Math.round(scanned.ms))} ms; ${same ? 'figures identical' : 'FIGURES DIFFER'}`);
        if (!same) process.exitCode = 1;
      }
    } finally {
      await store.close();
      await deleteKeys(redis, prefixPattern(keys.root));
    }

    log('\n[4/5] reconciler (bench/reconciler.bench.ts)');
    await measureReconciler(file, generated.events, url);

    log('\n[5/5] durable commands over HTTP at 8 and 32 connections beside a bare NestJS handler: bench/http-commands.bench.ts (npm run bench; it starts the built API)');
    out(`process peak RSS over the whole run: ${mb(process.resourceUsage().maxRSS * 1024)}`);
    log(`\nKNTC scale benchmark summary: ${fmt(generated.events)} events, Node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'})`);
    for (const line of lines) log(`  ${line}`);
  } finally {
    await redis.quit();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
