/**
 * Replay rate of the projections (events/s) over a SQLite store of 1,000,000 realistic events, printed beside
 * this machine's limits measured in the same run: Redis pipelined SETs/s and the store's read rate.
 * Run with `npm run bench` (a private redis-server, see scripts/with-redis.js). KNTC_BENCH_EVENTS changes the size.
 */
import { SqliteEventStore } from '@kntc/event-store';
import {
  createProjections,
  deleteKeys,
  openReadModelRedis,
  prefixPattern,
  ProjectionRunner,
  ReadModelKeys,
  readProjectionStatus,
  type Projection,
} from '@kntc/read-models';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateStore } from '../test/read-models/support/generate-store';
import { loadEngineFiles } from '../test/read-models/support/read-model-fixtures';

const RAW_SETS = 1_000_000;
const PIPELINE = 1_000;
const READ_PAGE = 10_000;

export interface Figure {
  what: string;
  count: number;
  seconds: number;
  unit: string;
  /** Commands Redis processed meanwhile (INFO stats), to set the rate beside the SET ceiling. */
  redisCommands?: number;
  /** Peak RSS of this process meanwhile (the runners run in it, as in the worker), in bytes. */
  peakRss?: number;
}

async function commandsProcessed(redis: Redis): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0);
}

export async function main(): Promise<void> {
  const target = Number(process.env['KNTC_BENCH_EVENTS'] ?? 1_000_000);
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is not set: run `npm run bench`');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-bench-'));
  const file = path.join(dir, 'events.sqlite');
  const redis = openReadModelRedis(url);
  const roots: string[] = [];
  const newKeys = (): ReadModelKeys => {
    const root = `kntc:bench-${randomUUID()}:`;
    roots.push(root);
    return new ReadModelKeys(root);
  };
  const figures: Figure[] = [];
  try {
    const generated = generateStore(file, target);
    log(`generated ${fmt(generated.events)} events of ${fmt(generated.cases)} cases in ${generated.seconds.toFixed(1)} s (not a figure)`);

    figures.push(await measureStoreReads(file));
    figures.push(await measureRedisWrites(redis, newKeys().root));

    const store = SqliteEventStore.open(file, { synchronous: 'NORMAL' });
    try {
      const head = await store.headPosition();
      const projections = createProjections(loadEngineFiles());
      for (const projection of projections) {
        figures.push(await measureReplay(store, redis, newKeys(), [projection], head, generated.events));
      }
      figures.push(await measureReplay(store, redis, newKeys(), projections, head, generated.events));
    } finally {
      await store.close();
    }
    print(figures, generated.events);
  } finally {
    for (const root of roots) await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What the runner's subscription pays per event: SQLite read and JSON parse, through the store port. */
export async function measureStoreReads(file: string): Promise<Figure> {
  const store = SqliteEventStore.open(file);
  try {
    const started = performance.now();
    let count = 0;
    let after = 0n;
    for (;;) {
      const page = await store.readAll({ after, streamPrefix: 'case-', limit: READ_PAGE });
      if (page.length === 0) break;
      count += page.length;
      after = page[page.length - 1]!.position;
    }
    return { what: 'SQLite store readAll (pages of 10,000, JSON parsed)', count, seconds: (performance.now() - started) / 1000, unit: 'events/s' };
  } finally {
    await store.close();
  }
}

/** The ceiling of any Redis writer on this machine: plain SETs, pipelined. */
export async function measureRedisWrites(redis: Redis, root: string): Promise<Figure> {
  const value = 'x'.repeat(200);
  const started = performance.now();
  for (let i = 0; i < RAW_SETS; i += PIPELINE) {
    const pipeline = redis.pipeline();
    for (let j = i; j < i + PIPELINE; j++) pipeline.set(`${root}raw:${j}`, value);
    await pipeline.exec();
  }
  const seconds = (performance.now() - started) / 1000;
  await deleteKeys(redis, prefixPattern(root));
  return { what: `Redis SET of 200 B, pipelined by ${fmt(PIPELINE)}`, count: RAW_SETS, seconds, unit: 'SETs/s' };
}

/**
 * From an empty Redis prefix to the store head, with the default tuning (batches of 500 events or 50 ms). The read
 * models are deleted afterwards unless `keep` (the scale bench reads the report facts built).
 */
export async function measureReplay(
  store: SqliteEventStore,
  redis: Redis,
  keys: ReadModelKeys,
  projections: readonly Projection[],
  head: bigint,
  events: number,
  keep = false,
): Promise<Figure> {
  const commandsBefore = await commandsProcessed(redis);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  // A projection of other streams than cases (reception sessions) is done at its own streams' last event.
  const targets = new Map<string, bigint>();
  for (const projection of projections) targets.set(projection.name, await lastPositionOf(store, streamPrefixOf(projection), head));
  const reached = new Set<string>([...targets].filter(([, target]) => target === 0n).map(([name]) => name));
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (reached.size === projections.length) done();
  const runners = projections.map(
    (projection) =>
      new ProjectionRunner({
        store,
        redis,
        keys,
        projection,
        onProgress: (progress) => {
          if (process.stderr.isTTY) process.stderr.write(`\r${progress.projection}: ${fmt(Number(progress.position))} / ${fmt(Number(head))}   `);
          if (progress.position >= targets.get(progress.projection)!) {
            reached.add(progress.projection);
            if (reached.size === projections.length) done();
          }
        },
      }),
  );
  runners.forEach((r) => r.start());
  await finished;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const redisCommands = (await commandsProcessed(redis)) - commandsBefore;
  await Promise.all(runners.map((r) => r.stop()));
  if (process.stderr.isTTY) process.stderr.write('\n');
  const name = projections.length === 1 ? projections[0]!.name : `all ${projections.length} projections at once`;
  const memory = /used_memory_human:(\S+)/.exec(await redis.info('memory'))?.[1] ?? '?';
  log(`${name}: Redis holds ${memory} with the read models built`);
  if (projections.length > 1) {
    const statusStarted = performance.now();
    await readProjectionStatus(redis, keys, store, projections);
    log(`  kntc projections status: ${(performance.now() - statusStarted).toFixed(0)} ms with ${fmt(await redis.dbsize())} keys in Redis (runners read from their index)`);
  }
  if (!keep) await deleteKeys(redis, prefixPattern(keys.root));
  return { what: `replay: ${name}`, count: projections.length === 1 ? events : events * projections.length, seconds, unit: 'events/s', redisCommands, peakRss };
}

function streamPrefixOf(projection: Projection): string {
  return (projection as { streamPrefix?: string }).streamPrefix ?? 'case-';
}

/** The position of the last event of the streams with `prefix` at or before `head` (0 for none): a binary search with readAll. */
async function lastPositionOf(store: SqliteEventStore, prefix: string, head: bigint): Promise<bigint> {
  const firstAfter = async (after: bigint) => (await store.readAll({ after, streamPrefix: prefix, limit: 1 }))[0]?.position;
  let last = await firstAfter(0n);
  if (last === undefined || last > head) return 0n;
  let lo = last;
  let hi = head;
  // Invariant: an event of the prefix stands at `last` (≥ lo), none after hi.
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    const next = await firstAfter(mid - 1n);
    if (next !== undefined && next <= head) {
      last = next;
      lo = next;
    } else {
      hi = mid - 1n;
    }
  }
  return last;
}

export function print(figures: readonly Figure[], events: number): void {
  const rows = figures.map((f) => [
    f.what,
    fmt(f.count),
    f.seconds.toFixed(2),
    `${fmt(Math.round(f.count / f.seconds))} ${f.unit}`,
    f.redisCommands === undefined ? '' : `${(f.redisCommands / f.count).toFixed(1)} cmd/event, ${fmt(Math.round(f.redisCommands / f.seconds))} cmd/s`,
  ]);
  const all = [['measure', 'count', 'seconds', 'rate', 'Redis commands'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  process.stdout.write(`\nKNTC replay benchmark: ${fmt(events)} events, Node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'})\n`);
  for (const row of all) process.stdout.write(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`);
  process.stdout.write('  ("all at once" counts each event once per projection)\n');
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
