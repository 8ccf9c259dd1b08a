import { CASE_STREAM_PREFIX } from '@kntc/cases';
import type { EventStore, Position, RecordedEvent, Subscription } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { formatBuildId, parseBuildId, type ProjectionKeys, type ReadModelKeys } from '../keys';
import { mayWrite, sweepOldBuilds, switchActive } from './projection-builds';
import { advanceCheckpoint, commitBatch, type CommitOutcome } from './projection-commit';
import { ProjectionLease } from './projection-lease';
import type { BatchContext, Projection } from './projection';
import { ReplayPace } from './replay-pace';
import type { RunnerHeartbeat } from './runner-heartbeat';

export interface RunnerTuning {
  /** Most events per batch (one MULTI/EXEC) while following the store. Default 500. */
  batchSize: number;
  /**
   * Events per batch while catching up (a rebuild, a replay after Redis was lost, a runner that was down): read from
   * the store a page at a time, the next page read while the last one commits, until less than a page is left.
   * Default ten times `batchSize` (5000).
   */
  replayBatchSize?: number;
  /** Longest time a batch waits for more events after its first one, in ms. Default 50. */
  batchWindowMs: number;
  /** Lease lifetime without renewal, in ms; the holder renews every third of it. Default 10000. */
  leaseTtlMs: number;
  /** How often a standby runner tries for the lease, in ms. Default 1000. */
  standbyRetryMs: number;
  /** How often an idle runner checks the active pointer and whether its build caught up, in ms. Default 250. */
  idleCheckMs: number;
}

/** How long a runner gone without a word stays in the runners' index after its heartbeat expired. */
const RUNNER_INDEX_GRACE_MS = 60_000;

/** A replay's batch, in batches of following, unless RunnerTuning.replayBatchSize says otherwise. */
const REPLAY_BATCHES_PER_BATCH = 10;

export const DEFAULT_RUNNER_TUNING: RunnerTuning = {
  batchSize: 500,
  batchWindowMs: 50,
  leaseTtlMs: 10_000,
  standbyRetryMs: 1_000,
  idleCheckMs: 250,
};

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

const silentLogger: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export interface RunnerProgress {
  projection: string;
  build: string;
  /** Checkpoint after the last commit. */
  position: Position;
  /** Events applied by this runner since it started. */
  applied: number;
  /** Events this runner was handed that the build had already applied. */
  skipped: number;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** Shared connection for leases, heartbeats and pointers; the runner opens one of its own for WATCH. */
  redis: Redis;
  keys: ReadModelKeys;
  projection: Projection;
  /**
   * `follow` (default): keep the active build of this version up to date, or build this version beside an
   * older active one and switch when caught up; runs until stopped. `rebuild`: build a fresh generation of
   * this version, switch to it when caught up, and return.
   */
  mode?: 'follow' | 'rebuild';
  tuning?: Partial<RunnerTuning>;
  runnerId?: string;
  logger?: RunnerLogger;
  onProgress?: (progress: RunnerProgress) => void;
  /** Awaited before each batch is committed; tests hold it to look at a build in progress. */
  beforeCommit?: (build: string) => Promise<void>;
}

type FollowOutcome = 'stopped' | 'switched' | 'superseded' | 'lease-lost' | 'failed';

interface FollowState {
  checkpoint: Position;
  active: string | null;
}

const TICK = Symbol('tick');

interface Tick {
  promise: Promise<typeof TICK>;
  cancel(): void;
}

function tick(ms: number): Tick {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<typeof TICK>((resolve) => {
    timer = setTimeout(() => resolve(TICK), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Keeps one projection's build up to date from the store's own subscription (catch-up, then live), in
 * batches committed with their checkpoint (commitBatch). One runner per build writes, under a lease; the
 * others stand by and retry.
 */
export class ProjectionRunner {
  readonly runnerId: string;
  private readonly tuning: RunnerTuning;
  private readonly keys: ProjectionKeys;
  private readonly lease: ProjectionLease;
  private readonly logger: RunnerLogger;
  private readonly mode: 'follow' | 'rebuild';
  private stopping = false;
  private running: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private wakeFromPause: (() => void) | undefined;
  private applied = 0;
  private skipped = 0;
  private heartbeat: RunnerHeartbeat;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.tuning = { ...DEFAULT_RUNNER_TUNING, ...options.tuning };
    this.runnerId = options.runnerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.keys = options.keys.projection(options.projection.name);
    this.lease = new ProjectionLease(options.redis, this.runnerId, this.tuning.leaseTtlMs);
    this.logger = options.logger ?? silentLogger;
    this.mode = options.mode ?? 'follow';
    this.heartbeat = {
      runnerId: this.runnerId,
      host: os.hostname(),
      pid: process.pid,
      projection: options.projection.name,
      version: options.projection.version,
      mode: this.mode,
      role: 'standby',
    };
  }

  get projectionName(): string {
    return this.options.projection.name;
  }

  /** Starts in the background, logging a fatal error; `stop()` ends it. */
  start(): void {
    this.run().catch((error: unknown) => {
      this.logger.error(`${this.projectionName}: runner stopped: ${(error as Error).message}`, (error as Error).stack);
    });
  }

  /** Runs until stopped (follow) or until the rebuilt build is active (rebuild). */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    const conn = this.options.redis.duplicate();
    // Connection errors surface as failed commands below; the shared connection's listener reports them.
    conn.on('error', () => undefined);
    try {
      const rebuildTarget = this.mode === 'rebuild' ? await this.newGeneration() : undefined;
      while (!this.stopping) {
        try {
          const build = rebuildTarget ?? (await this.chooseBuild());
          if (build === undefined) {
            await this.beat('obsolete');
            await this.pause(this.tuning.standbyRetryMs);
            continue;
          }
          if (!(await this.lease.acquire(this.keys.lease(build)))) {
            await this.beat('standby', build);
            await this.pause(this.tuning.standbyRetryMs);
            continue;
          }
          const outcome = await this.followWithLease(conn, build);
          if (rebuildTarget !== undefined && outcome === 'switched') return;
          if (rebuildTarget !== undefined && outcome === 'superseded') {
            throw new Error(`${this.projectionName}: rebuild ${build} was superseded by a newer build`);
          }
          if (outcome === 'failed') await this.pause(this.tuning.standbyRetryMs);
        } catch (error) {
          if (rebuildTarget !== undefined) throw error;
          this.logger.error(`${this.projectionName}: ${(error as Error).message}; retrying`, (error as Error).stack);
          await this.pause(this.tuning.standbyRetryMs);
        }
      }
    } finally {
      await this.options.redis.multi().del(this.keys.runner(this.runnerId)).zrem(this.keys.runners, this.runnerId).exec().catch(() => undefined);
      conn.disconnect();
    }
  }

  /** Stops the runner and releases its lease; gives up waiting after one lease lifetime (Redis unreachable). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromPause?.();
    await this.subscription?.close();
    const bound = tick(this.tuning.leaseTtlMs);
    await Promise.race([this.running?.catch(() => undefined), bound.promise]);
    bound.cancel();
  }

  /** The build this runner should write in follow mode; undefined when a newer version is active. */
  private async chooseBuild(): Promise<string | undefined> {
    const version = this.options.projection.version;
    const own = formatBuildId({ version, generation: 0 });
    // The very first build answers queries while it catches up: there is nothing older to serve.
    await this.options.redis.set(this.keys.active, own, 'NX');
    const active = (await this.options.redis.get(this.keys.active))!;
    const activeId = parseBuildId(active);
    if (activeId === undefined) throw new Error(`${this.projectionName}: unreadable active build "${active}"`);
    if (activeId.version === version) return active;
    if (activeId.version > version) return undefined;
    const mine = (await this.options.redis.smembers(this.keys.builds))
      .map((id) => ({ id, parsed: parseBuildId(id) }))
      .filter((b) => b.parsed?.version === version)
      .sort((a, b) => a.parsed!.generation - b.parsed!.generation);
    return mine.length > 0 ? mine[mine.length - 1]!.id : own;
  }

  private async newGeneration(): Promise<string> {
    const active = await this.options.redis.get(this.keys.active);
    const activeId = active === null ? undefined : parseBuildId(active);
    if (activeId !== undefined && activeId.version > this.options.projection.version) {
      throw new Error(`${this.projectionName}: version ${activeId.version} is active, newer than this code's version ${this.options.projection.version}`);
    }
    const generation = await this.options.redis.incr(this.keys.generation);
    return formatBuildId({ version: this.options.projection.version, generation });
  }

  private async followWithLease(conn: Redis, build: string): Promise<FollowOutcome> {
    const leaseKey = this.keys.lease(build);
    let leaseLost = false;
    await this.beat('active', build);
    const renewal = setInterval(() => {
      void this.lease
        .renew(leaseKey)
        .then(async (held) => {
          if (!held) leaseLost = true;
          else await this.beat('active', build);
        })
        .catch((error: unknown) => this.logger.warn(`${this.projectionName}: lease renewal failed: ${(error as Error).message}`));
    }, Math.max(1, Math.floor(this.tuning.leaseTtlMs / 3)));
    try {
      return await this.follow(conn, build, () => leaseLost);
    } catch (error) {
      this.logger.error(`${this.projectionName} ${build}: ${(error as Error).message}`, (error as Error).stack);
      return 'failed';
    } finally {
      clearInterval(renewal);
      await this.lease.release(leaseKey).catch(() => undefined);
    }
  }

  private async follow(conn: Redis, build: string, leaseLost: () => boolean): Promise<FollowOutcome> {
    const { store, redis, projection } = this.options;
    await redis.sadd(this.keys.builds, build);
    const stored = await redis.get(this.keys.build(build).checkpoint);
    const state: FollowState = { checkpoint: stored === null ? 0n : BigInt(stored), active: await redis.get(this.keys.active) };
    if (state.active === build) await this.sweep();
    // Work a crash left undone after a commit (the previous holder's, or this runner's before a restart).
    await projection.settle?.(redis, this.keys.build(build));
    this.logger.log(
      `${projection.name}: writing ${build} from position ${state.checkpoint} (${state.active === build ? 'active' : `building beside ${state.active ?? 'nothing'}`})`,
    );

    const replayed = await this.replay(conn, build, state, leaseLost);
    if (replayed !== undefined) return replayed;
    // The catch-up is over: whatever work it gathered is done now, not at the next event.
    await projection.settle?.(redis, this.keys.build(build));
    const subscription = store.subscribeAll({ after: state.checkpoint, streamPrefix: this.streamPrefix });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    let batch: RecordedEvent[] = [];
    let window: Tick | undefined;
    let idle: Tick | undefined;

    const commit = async (): Promise<FollowOutcome | undefined> => {
      window?.cancel();
      window = undefined;
      const events = batch;
      batch = [];
      const outcome = await this.commitEvents(conn, build, events, state);
      if (outcome.kind === 'superseded') return 'superseded';
      // A short batch means the subscription reached the end of the store: time to see whether to switch.
      return events.length < this.tuning.batchSize ? this.catchUpCheck(conn, build, state) : undefined;
    };

    try {
      for (;;) {
        if (this.stopping) return 'stopped';
        if (leaseLost()) return 'lease-lost';
        pending ??= iterator.next();
        const timer = batch.length > 0 ? window! : (idle ??= tick(this.tuning.idleCheckMs));
        const result = await Promise.race([pending, timer.promise]);
        if (result === TICK) {
          if (timer === idle) idle = undefined;
          const outcome = batch.length > 0 ? await commit() : await this.onIdle(conn, build, state);
          if (outcome !== undefined) return outcome;
          continue;
        }
        pending = undefined;
        if (result.done) return 'stopped';
        batch.push(result.value);
        if (batch.length === 1) window = tick(this.tuning.batchWindowMs);
        if (batch.length >= this.tuning.batchSize) {
          const outcome = await commit();
          if (outcome !== undefined) return outcome;
        }
      }
    } finally {
      window?.cancel();
      idle?.cancel();
      pending?.catch(() => undefined);
      this.subscription = undefined;
      await subscription.close();
    }
  }

  /**
   * Catching up: whole pages of `replayBatchSize` events read from the store and committed, the next page read
   * while the last commits, until less than a page is left for the subscription. Undefined when it got there.
   */
  private async replay(conn: Redis, build: string, state: FollowState, leaseLost: () => boolean): Promise<FollowOutcome | undefined> {
    const limit = this.tuning.replayBatchSize ?? REPLAY_BATCHES_PER_BATCH * this.tuning.batchSize;
    const read = (after: Position): Promise<RecordedEvent[]> => this.options.store.readAll({ after, streamPrefix: this.streamPrefix, limit });
    // With the other projections replaying these streams in this process: each page read once for all (ReplayPace).
    const turn = ReplayPace.of(this.options.store).join(this.streamPrefix, state.checkpoint, 2 * limit);
    try {
      let page = await read(state.checkpoint);
      while (page.length === limit) {
        if (this.stopping) return 'stopped';
        if (leaseLost()) return 'lease-lost';
        const committing = this.commitEvents(conn, build, page, state, { catchingUp: true });
        // Awaited below; a failed commit must not go unhandled while this runner waits for the others.
        committing.catch(() => undefined);
        const last = page[page.length - 1]!.position;
        await turn.advance(last);
        const next = read(last);
        // Awaited below; a failed read must not go unhandled meanwhile if the commit fails first.
        next.catch(() => undefined);
        if ((await committing).kind === 'superseded') return 'superseded';
        page = await next;
      }
      return undefined;
    } finally {
      turn.done();
    }
  }

  /** Commits one batch (commitBatch), then does the work it calls for outside Redis (Projection.settle). */
  private async commitEvents(conn: Redis, build: string, events: readonly RecordedEvent[], state: FollowState, batch: BatchContext = { catchingUp: false }): Promise<CommitOutcome> {
    const { projection } = this.options;
    await this.options.beforeCommit?.(build);
    const outcome = await commitBatch(conn, this.keys, build, projection, events, batch);
    state.active = outcome.active;
    if (outcome.kind === 'superseded') return outcome;
    this.skipped += outcome.skipped;
    if (outcome.kind === 'committed') {
      this.applied += outcome.applied;
      for (const newer of outcome.newer) {
        this.logger.warn(`${projection.name}: skipped ${newer.type} v${newer.version} at position ${newer.position}, written by a newer release; rebuild this projection once every process runs it`);
      }
      await projection.settle?.(this.options.redis, this.keys.build(build), batch);
    }
    state.checkpoint = outcome.position;
    this.options.onProgress?.({ projection: projection.name, build, position: state.checkpoint, applied: this.applied, skipped: this.skipped });
    return outcome;
  }

  /**
   * Applies, in follow mode's build, every event up to the store's head now and returns how many it applied;
   * switches to the build if it was being built beside an older one. It does not take the lease: the commits
   * are guarded all the same (commitBatch), so it may run beside the lease holder, which skips what it applied.
   * For work that must see every event first (the deadline reconciler) and for tests that drive a runner step by step.
   */
  async catchUp(): Promise<number> {
    if (this.mode === 'rebuild') throw new Error(`${this.projectionName}: catchUp() is for follow mode`);
    const { store, redis } = this.options;
    const build = await this.chooseBuild();
    if (build === undefined) return 0;
    const conn = redis.duplicate();
    conn.on('error', () => undefined);
    try {
      await redis.sadd(this.keys.builds, build);
      const stored = await redis.get(this.keys.build(build).checkpoint);
      const state: FollowState = { checkpoint: stored === null ? 0n : BigInt(stored), active: await redis.get(this.keys.active) };
      await this.options.projection.settle?.(redis, this.keys.build(build));
      let applied = 0;
      for (;;) {
        const events = await store.readAll({ after: state.checkpoint, streamPrefix: this.streamPrefix, limit: this.tuning.batchSize });
        if (events.length === 0) break;
        // A whole page: more may follow at once (BatchContext.catchingUp).
        const outcome = await this.commitEvents(conn, build, events, state, { catchingUp: events.length === this.tuning.batchSize });
        if (outcome.kind === 'superseded') return applied;
        if (outcome.kind === 'committed') applied += outcome.applied;
      }
      await this.options.projection.settle?.(redis, this.keys.build(build));
      await this.catchUpCheck(conn, build, state);
      return applied;
    } finally {
      conn.disconnect();
    }
  }

  private get streamPrefix(): string {
    return this.options.projection.streamPrefix ?? CASE_STREAM_PREFIX;
  }

  private async onIdle(conn: Redis, build: string, state: FollowState): Promise<FollowOutcome | undefined> {
    state.active = await this.options.redis.get(this.keys.active);
    if (!mayWrite(build, state.active)) return 'superseded';
    await this.advanceToHead(conn, build, state);
    return this.catchUpCheck(conn, build, state);
  }

  /**
   * Idle with the store's head beyond the checkpoint (events of other streams only): the checkpoint moves to the
   * head, so whoever waits for a position (`?after=`) does not wait on a projection those events do not concern.
   * The head is read first: an event of its streams appended after it lies beyond it, for the subscription.
   */
  private async advanceToHead(conn: Redis, build: string, state: FollowState): Promise<void> {
    const { store, projection } = this.options;
    const head = await store.headPosition();
    if (head <= state.checkpoint) return;
    const [beyond] = await store.readAll({ after: state.checkpoint, streamPrefix: this.streamPrefix, limit: 1 });
    if (beyond !== undefined && beyond.position <= head) return;
    const position = await advanceCheckpoint(conn, this.keys, build, head);
    if (position === undefined) return;
    state.checkpoint = position;
    this.options.onProgress?.({ projection: projection.name, build, position, applied: this.applied, skipped: this.skipped });
  }

  /** A build that is not yet active takes over once no case event lies beyond its checkpoint. */
  private async catchUpCheck(conn: Redis, build: string, state: FollowState): Promise<FollowOutcome | undefined> {
    if (state.active === build) return undefined;
    const beyond = await this.options.store.readAll({ after: state.checkpoint, streamPrefix: this.streamPrefix, limit: 1 });
    if (beyond.length > 0) return undefined;
    if (!(await switchActive(conn, this.keys, build))) return undefined;
    this.logger.log(`${this.projectionName}: ${build} caught up at position ${state.checkpoint} and now answers queries (was ${state.active ?? 'nothing'})`);
    state.active = build;
    await this.sweep();
    return this.mode === 'rebuild' ? 'switched' : undefined;
  }

  private async sweep(): Promise<void> {
    const dropped = await sweepOldBuilds(this.options.redis, this.keys);
    if (dropped.length > 0) this.logger.log(`${this.projectionName}: deleted the keys of ${dropped.join(', ')}`);
  }

  private async beat(role: RunnerHeartbeat['role'], build?: string): Promise<void> {
    const { build: _previous, ...rest } = this.heartbeat;
    this.heartbeat = { ...rest, role, ...(build !== undefined ? { build } : {}) };
    const expires = Date.now() + this.tuning.leaseTtlMs;
    await this.options.redis
      .multi()
      .set(this.keys.runner(this.runnerId), JSON.stringify(this.heartbeat), 'PX', this.tuning.leaseTtlMs)
      .zadd(this.keys.runners, expires, this.runnerId)
      // Runners that died without a word, a minute after their heartbeat ran out (machines' clocks may differ a little).
      .zremrangebyscore(this.keys.runners, '-inf', expires - this.tuning.leaseTtlMs - RUNNER_INDEX_GRACE_MS)
      .exec();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeFromPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeFromPause = done;
    });
  }
}
