import { ConfigError, openEngine, openUsersRoster, type OpenedEngine, type UsersRoster } from '@kntc/cases';
import {
  createProjections,
  isProjectionName,
  openReadModelRedis,
  PROJECTION_NAMES,
  ProjectionRunner,
  readModelSettings,
  recipientsFromRoster,
  readProjectionStatus,
  ReadModelKeys,
  sweepOldBuilds,
  type Projection,
  type ProjectionStatus,
  type ReadModelSettings,
  type RunnerProgress,
} from '@kntc/read-models';
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

/** How often the progress line is redrawn, in ms. */
const REDRAW_MS = 100;
const BAR_WIDTH = 28;

export function registerProjectionsCommand(program: Command): void {
  const projections = program
    .command('projections')
    .description(`Read models in Redis (${PROJECTION_NAMES.join(', ')}): where they stand, and rebuilding them from the events`);

  projections
    .command('status')
    .description('Position, lag behind the store, version and build of each projection, and its runners (active or standby)')
    .option('--json', 'print JSON instead of a table', false)
    .action(async (options: { json: boolean }) => {
      await withReadSide(async ({ engine, redis, keys, all }) => {
        const status = await readProjectionStatus(redis, keys, engine.store, all);
        process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
      });
    });

  projections
    .command('rebuild')
    .description(
      'Rebuild projections from every event into fresh keys, beside the ones that answer queries now, and switch to ' +
        'them once caught up; the old keys are then deleted. Runs beside a live worker.',
    )
    .argument('[name]', `one projection (${PROJECTION_NAMES.join(', ')}); default: all`)
    .action(async (name: string | undefined) => {
      if (name !== undefined && !isProjectionName(name)) throw new UsageError(`unknown projection "${name}"; projections: ${PROJECTION_NAMES.join(', ')}`);
      await withReadSide(async ({ engine, redis, keys, all, settings }) => {
        for (const projection of all.filter((p) => name === undefined || p.name === name)) {
          await rebuild(projection, engine, redis, keys, settings);
        }
      });
    });
}

interface ReadSide {
  engine: OpenedEngine;
  redis: Redis;
  keys: ReadModelKeys;
  settings: ReadModelSettings;
  all: Projection[];
}

async function withReadSide(work: (side: ReadSide) => Promise<void>): Promise<void> {
  const config = readConfig();
  if (config.redisUrl === undefined) throw new UsageError('REDIS_URL is not set: the read models live in Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)');
  let settings: ReadModelSettings;
  try {
    settings = readModelSettings();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const engine = await openEngine(config);
  let roster: UsersRoster;
  try {
    // The inbox delivers to the users the worker delivers to: a rebuild gives the worker's build.
    roster = await openUsersRoster(config);
  } catch (error) {
    await engine.store.close();
    throw error;
  }
  const redis = openReadModelRedis(config.redisUrl, (message) => process.stderr.write(`kntc: ${message}\n`));
  try {
    await work({ engine, redis, keys: new ReadModelKeys(settings.keyRoot), settings, all: createProjections({ ...engine, recipients: recipientsFromRoster(roster) }) });
  } finally {
    redis.disconnect();
    await roster.close();
    await engine.store.close();
  }
}

async function rebuild(projection: Projection, engine: OpenedEngine, redis: Redis, keys: ReadModelKeys, settings: ReadModelSettings): Promise<void> {
  const head = await engine.store.headPosition();
  const started = performance.now();
  const bar = new ProgressLine(projection.name, head);
  let last: RunnerProgress | undefined;
  const runner = new ProjectionRunner({
    store: engine.store,
    redis,
    keys,
    projection,
    mode: 'rebuild',
    tuning: settings.tuning,
    onProgress: (progress) => {
      last = progress;
      bar.update(progress, performance.now() - started);
    },
  });
  // Ctrl-C: stop writing, give the lease back, and drop the unfinished build; the active one never stopped serving.
  const interrupt = (): void => {
    void runner.stop();
  };
  process.once('SIGINT', interrupt);
  try {
    await runner.run();
  } finally {
    process.off('SIGINT', interrupt);
    bar.done();
  }
  const seconds = (performance.now() - started) / 1000;
  const pkeys = keys.projection(projection.name);
  const active = await redis.get(pkeys.active);
  if (last === undefined || active !== last.build) {
    await sweepOldBuilds(redis, pkeys);
    throw new Error(`${projection.name}: rebuild interrupted; ${active ?? 'no build'} still answers queries`);
  }
  const rate = last.applied / Math.max(seconds, 1e-9);
  process.stdout.write(
    `${projection.name}: rebuilt as ${last.build} from ${format(last.applied)} events in ${seconds.toFixed(1)} s ` +
      `(${format(Math.round(rate))} events/s); it now answers queries\n`,
  );
}

/** One line on stderr, redrawn in place on a terminal; silent otherwise (the summary line says it all). */
class ProgressLine {
  private readonly tty = process.stderr.isTTY === true;
  private drawnAt = -Infinity;

  constructor(
    private readonly name: string,
    private readonly head: bigint,
  ) {}

  update(progress: RunnerProgress, elapsedMs: number): void {
    if (!this.tty || elapsedMs - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = elapsedMs;
    const ratio = this.head === 0n ? 1 : Math.min(1, Number(progress.position) / Number(this.head));
    const filled = Math.round(ratio * BAR_WIDTH);
    const rate = progress.applied / Math.max(elapsedMs / 1000, 1e-9);
    process.stderr.write(
      `\r${this.name} ${progress.build} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ` +
        `${format(progress.applied)} events, ${format(Math.round(rate))} events/s   `,
    );
  }

  done(): void {
    if (this.tty && this.drawnAt > -Infinity) process.stderr.write('\n');
  }
}

function formatStatus(statuses: readonly ProjectionStatus[]): string {
  const rows: string[][] = [['PROJECTION', 'VERSION', 'BUILD', 'STATE', 'POSITION', 'HEAD', 'LAG', 'WRITER']];
  const runners: string[][] = [['PROJECTION', 'RUNNER', 'ROLE', 'BUILD', 'MODE']];
  for (const s of statuses) {
    if (s.builds.length === 0) rows.push([s.projection, String(s.codeVersion), '-', 'not built', '0', s.head, s.head, '-']);
    for (const b of s.builds) {
      rows.push([s.projection, String(s.codeVersion), b.build, b.active ? 'active' : 'building', b.position, s.head, b.lag, b.writer ?? '-']);
    }
    for (const r of s.runners) runners.push([s.projection, r.runnerId, r.role, r.build ?? '-', r.mode]);
  }
  const out = table(rows);
  return runners.length > 1 ? `${out}\n${table(runners)}` : `${out}\nno runner is running (start the worker, or the api with KNTC_RUN_PROJECTIONS=true)\n`;
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

function format(n: number): string {
  return n.toLocaleString('en-US');
}
