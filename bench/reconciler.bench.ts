/**
 * The deadline reconciler at the size of a province: a SQLite store of KNTC_BENCH_EVENTS realistic case events
 * (default 1,000,000), the scheduler's replay that builds its timers and open-case records, then one reconcile
 * run, with its time and the process's peak RSS beside the store's own read rate measured in the same run.
 * Run with `npm run bench`, or alone: `node scripts/with-redis.js node -r ./test/read-models/support/register-ts.js bench/reconciler.bench.ts`.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseIdentityVault } from '@kntc/auth';
import { CasesModule, ManualClock } from '@kntc/cases';
import { getQueueToken } from '@nestjs/bullmq';
import { DEADLINE_TIMERS_QUEUE, DEADLINE_WEBHOOKS_QUEUE, DEFAULT_DEADLINE_SETTINGS, DeadlineKeys, DeadlineReconciler, DeadlineScheduler, DeadlinesModule, readDeadlineStatus } from '@kntc/deadlines';
import type { Queue } from 'bullmq';
import { SqliteEventStore } from '@kntc/event-store';
import { deleteKeys, prefixPattern } from '@kntc/read-models';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateStore } from '../test/read-models/support/generate-store';
import { loadEngineFiles } from '../test/read-models/support/read-model-fixtures';

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function main(): Promise<void> {
  const redisUrl = process.env['REDIS_URL'];
  if (!redisUrl) throw new Error('REDIS_URL is not set: run `npm run bench`');
  const target = Number(process.env['KNTC_BENCH_EVENTS'] ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-bench-reconcile-'));
  const file = path.join(dir, 'events.sqlite');
  try {
    const generated = generateStore(file, target);
    log(`reconciler: generated ${fmt(generated.events)} events of ${fmt(generated.cases)} cases in ${generated.seconds.toFixed(1)} s (set-up, not a figure)`);
    await measureReconciler(file, generated.events, redisUrl);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The scheduler's replay and two reconcile runs over the store in `file` (of `events` events), printed; the scale bench calls it too. */
export async function measureReconciler(file: string, events: number, redisUrl: string): Promise<void> {
  const keyRoot = `kntc:bench-${randomUUID()}:`;
  // Connected after the store's read pass: that pass holds the event loop for seconds, and a connection opened before
  // it would time out connecting (ETIMEDOUT) and reconnect.
  const store = SqliteEventStore.open(file);
  const readRate = await storeReadRate(store);
  const redis = new Redis(redisUrl);
  try {
    const files = loadEngineFiles();
    const clock = new ManualClock(new Date('2026-12-01T02:00:00.000Z'));
    @Module({
      imports: [
        CqrsModule.forRoot(),
        CasesModule.register({ store, workflows: files.workflows, calendar: files.calendar, vault: CaseIdentityVault.ephemeral(), clock }),
        DeadlinesModule.register({ redisUrl, keyRoot, settings: DEFAULT_DEADLINE_SETTINGS, runWorkers: false, runScheduler: false }),
      ],
    })
    class ReconcilerBenchModule {}
    const app = await NestFactory.createApplicationContext(ReconcilerBenchModule, { logger: false });
    try {
      let started = performance.now();
      await app.get(DeadlineScheduler).catchUp();
      const replaySeconds = (performance.now() - started) / 1000;
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      log(`  store read rate (the machine's limit for a whole-store pass): ${fmt(readRate)} events/s, i.e. ${(events / readRate).toFixed(1)} s for this store`);
      log(`  scheduler replay of the store (timers and open-case records, once after Redis loss or an upgrade): ${replaySeconds.toFixed(1)} s`);
      for (const run of ['first run (flags the stalled cases it finds)', 'next run (the periodic steady state)']) {
        let peak = process.memoryUsage().rss;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        started = performance.now();
        const report = await app.get(DeadlineReconciler).reconcile();
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        log(
          `  reconcile, ${run}: ${seconds.toFixed(1)} s for ${fmt(report.cases)} open cases, ${fmt(report.runningClocks)} running clocks, ` +
            `${fmt(report.recreated)} timers re-created, ${fmt(report.stalledFlagged)} stalls flagged; peak RSS ${mb(peak)}, ${mb(peak - baseline)} above the ` +
            `process before it; target ≤ 300 MB`,
        );
      }
      started = performance.now();
      const status = await readDeadlineStatus({
        timers: app.get<Queue>(getQueueToken(DEADLINE_TIMERS_QUEUE)),
        webhooks: app.get<Queue>(getQueueToken(DEADLINE_WEBHOOKS_QUEUE)),
        redis,
        keys: new DeadlineKeys(keyRoot),
        now: clock.now(),
      });
      const pending = status.pending.parked + status.pending.delayed + status.pending.waiting;
      log(
        `  kntc deadlines status: ${((performance.now() - started)).toFixed(0)} ms for ${fmt(status.runningClocks)} running clocks ` +
          `(${fmt(status.overdue)} overdue) and ${fmt(pending)} pending timers (counts kept by the scheduler, no pass over the records)`,
      );
    } finally {
      await app.close();
      await store.close();
    }
  } finally {
    await deleteKeys(redis, prefixPattern(keyRoot));
    await redis.quit();
  }
}

async function storeReadRate(store: SqliteEventStore): Promise<number> {
  const started = performance.now();
  let count = 0;
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, limit: 10_000 });
    count += page.length;
    if (page.length < 10_000) break;
    after = page[page.length - 1]!.position;
  }
  return count / ((performance.now() - started) / 1000);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
