/**
 * Deadline timers in BullMQ: scheduling 100,000 open clocks (each planned by planTimers into its reminder and
 * due jobs, added with TimerQueue as the scheduler does), with time and Redis memory (INFO memory); then the
 * lateness of firing (p50/p99) of 10,000 timers due within the same minute, through a BullMQ worker; beside
 * raw Redis figures from the same run (pipelined ZADD and SET rates). Run with `npm run bench`, or alone:
 * `node scripts/with-redis.js node -r ./test/read-models/support/register-ts.js bench/deadlines.bench.ts`.
 * KNTC_BENCH_CLOCKS and KNTC_BENCH_DUE change the sizes.
 */
import { ManualClock } from '@kntc/cases';
import { bullPrefix, DEADLINE_TIMERS_QUEUE, planTimers, TimerQueue, type PlannedTimer, type TimerClock } from '@kntc/deadlines';
import { deleteKeys, prefixPattern } from '@kntc/read-models';
import { addDays } from '@kntc/workflow';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadEngineFiles } from '../test/read-models/support/read-model-fixtures';

const CLOCKS = Number(process.env['KNTC_BENCH_CLOCKS'] ?? 100_000);
const DUE_IN_ONE_MINUTE = Number(process.env['KNTC_BENCH_DUE'] ?? 10_000);
const CHUNK = 1_000;

function redisUrl(): string {
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is not set: run through scripts/with-redis.js');
  return url;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

async function rawRedis(redis: Redis, root: string): Promise<{ zadd: number; set: number }> {
  const n = 300_000;
  let started = performance.now();
  for (let i = 0; i < n; i += CHUNK) {
    const p = redis.pipeline();
    for (let j = i; j < i + CHUNK; j++) p.zadd(`${root}raw:z`, j, `member-${j}`);
    await p.exec();
  }
  const zadd = n / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < n; i += CHUNK) {
    const p = redis.pipeline();
    for (let j = i; j < i + CHUNK; j++) p.set(`${root}raw:s:${j}`, 'x');
    await p.exec();
  }
  const set = n / ((performance.now() - started) / 1000);
  await deleteKeys(redis, prefixPattern(`${root}raw:`));
  return { zadd, set };
}

async function scheduling(redis: Redis, root: string): Promise<void> {
  const { workflows, calendar } = loadEngineFiles();
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  const queue = new Queue(DEADLINE_TIMERS_QUEUE, { connection: { url: redisUrl(), maxRetriesPerRequest: null }, prefix: bullPrefix(root) });
  const timers = new TimerQueue(queue, clock);
  const before = await usedMemory(redis);
  const started = performance.now();
  let jobs = 0;
  for (let i = 0; i < CLOCKS; i += CHUNK) {
    const planned: PlannedTimer[] = [];
    for (let j = i; j < Math.min(CLOCKS, i + CHUNK); j++) {
      const dueDate = addDays('2026-04-01', j % 60);
      const c: TimerClock = {
        caseId: randomUUID(),
        clock: 'resolution',
        workflow: { id: 'complaint-first', version: workflows.latest('complaint-first').version },
        startedOn: '2026-03-02',
        dueDate,
        dueAt: new Date(Date.parse(`${dueDate}T17:00:00Z`) - 1).toISOString(),
        remindersSent: [],
        missed: false,
      };
      planned.push(...planTimers(c, workflows, calendar, { noticeHour: 8 }));
    }
    await timers.add(planned);
    jobs += planned.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await usedMemory(redis);
  const delayed = await queue.getDelayedCount();
  console.log(
    `scheduling: ${CLOCKS.toLocaleString('en')} open clocks → ${jobs.toLocaleString('en')} delayed jobs (${delayed.toLocaleString('en')} in Redis) in ${seconds.toFixed(1)} s ` +
      `(${Math.round(CLOCKS / seconds).toLocaleString('en')} clocks/s, ${Math.round(jobs / seconds).toLocaleString('en')} jobs/s); ` +
      `Redis memory +${mb(after - before)} (${Math.round((after - before) / CLOCKS)} B per clock)`,
  );
  await queue.obliterate({ force: true });
  await queue.close();
}

async function lateness(root: string): Promise<void> {
  const connection = { url: redisUrl(), maxRetriesPerRequest: null };
  const queueName = `${DEADLINE_TIMERS_QUEUE}-lateness`;
  const queue = new Queue(queueName, { connection, prefix: bullPrefix(root) });
  const late: number[] = [];
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const worker = new Worker(
    queueName,
    async (job) => {
      late.push(Date.now() - (job.data as { at: number }).at);
      if (late.length === DUE_IN_ONE_MINUTE) resolveDone();
    },
    { connection, prefix: bullPrefix(root), concurrency: 50 },
  );
  const start = Date.now() + 10_000;
  for (let i = 0; i < DUE_IN_ONE_MINUTE; i += CHUNK) {
    const now = Date.now();
    await queue.addBulk(
      Array.from({ length: Math.min(CHUNK, DUE_IN_ONE_MINUTE - i) }, (_, k) => {
        const at = start + Math.floor(((i + k) / DUE_IN_ONE_MINUTE) * 60_000);
        return { name: 'deadline-due', data: { at }, opts: { jobId: `lateness-${i + k}-x`, delay: at - now, removeOnComplete: true } };
      }),
    );
  }
  await done;
  late.sort((a, b) => a - b);
  console.log(
    `firing: ${DUE_IN_ONE_MINUTE.toLocaleString('en')} timers due within one minute, lateness p50 ${percentile(late, 50)} ms, ` +
      `p99 ${percentile(late, 99)} ms, max ${late[late.length - 1]} ms (worker concurrency 50, no-op processor)`,
  );
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
}

export async function main(): Promise<void> {
  const redis = new Redis(redisUrl());
  const root = `kntc:bench-${randomUUID()}:`;
  try {
    const raw = await rawRedis(redis, root);
    console.log(`raw Redis (same run): pipelined ZADD ${Math.round(raw.zadd).toLocaleString('en')}/s, pipelined SET ${Math.round(raw.set).toLocaleString('en')}/s (pipeline ${CHUNK})`);
    await scheduling(redis, root);
    await lateness(root);
  } finally {
    await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
