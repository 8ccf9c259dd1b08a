import { UsersDirectory } from '@kntc/auth';
import { ExecuteCaseCommand, ExecuteCaseCommandHandler, ManualClock } from '@kntc/cases';
import { SqliteEventStore, type EventStore } from '@kntc/event-store';
import { deleteKeys, openReadModelRedis, prefixPattern, ReadModelKeys, recipientsFromUsers, type InboxRecipients } from '@kntc/read-models';
import { WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';
import { createVietnamCalendar, loadWorkflows } from '@kntc/workflow/loader';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HistoryStep } from './case-history.generator';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const WORKFLOWS_DIR = path.join(REPO_ROOT, 'workflows');

export interface EngineFiles {
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  /** The inbox's users: those of the shipped seed, config/users.yaml, as an installation seeded with it holds. */
  recipients: InboxRecipients;
}

let engineFiles: EngineFiles | undefined;

/** The real workflow files and calendars, and the shipped users as the inbox's recipients (createProjections(files)). */
export function loadEngineFiles(): EngineFiles {
  engineFiles ??= {
    workflows: new WorkflowRegistry(loadWorkflows(WORKFLOWS_DIR)),
    calendar: createVietnamCalendar(path.join(WORKFLOWS_DIR, 'calendars'), { makeUpSaturdaysAreWorkingDays: true }),
    recipients: recipientsFromUsers(UsersDirectory.load(path.join(REPO_ROOT, 'config', 'users.yaml')).list()),
  };
  return engineFiles;
}

export function requireRedisUrl(): string {
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is not set: run through `node scripts/with-redis.js npx jest ...`');
  return url;
}

/** A Redis connection and key roots of this test's own (`kntc:test-<uuid>:`); `cleanup` deletes them. */
export class TestRedis {
  readonly url = requireRedisUrl();
  readonly redis: Redis = openReadModelRedis(this.url);
  private readonly roots: string[] = [];
  /** The first root. */
  readonly keys: ReadModelKeys = this.newKeys();

  /** A further root on the same server, deleted by the same cleanup. */
  newKeys(): ReadModelKeys {
    const root = `kntc:test-${randomUUID()}:`;
    this.roots.push(root);
    return new ReadModelKeys(root);
  }

  async cleanup(): Promise<void> {
    for (const root of this.roots) await deleteKeys(this.redis, prefixPattern(root));
    await this.redis.quit();
  }
}

export interface TestStore {
  dir: string;
  file: string;
  store: SqliteEventStore;
  cleanup(): Promise<void>;
}

/** A real SQLite store file in a temp folder. */
export function openTestStore(): TestStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-rm-'));
  const file = path.join(dir, 'events.sqlite');
  const store = SqliteEventStore.open(file, { synchronous: 'NORMAL', pollIntervalMs: 20 });
  return {
    dir,
    file,
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs generated steps through the real command handler (read, evolve, decide, append), as `kntc import` does. */
export async function executeSteps(store: EventStore, files: EngineFiles, steps: readonly HistoryStep[]): Promise<string> {
  const handler = new ExecuteCaseCommandHandler(store, files.workflows, files.calendar, new ManualClock(new Date('2026-01-01T00:00:00Z')));
  let position = '0';
  for (const step of steps) {
    const result = await handler.execute(
      new ExecuteCaseCommand(step.command, {
        actor: step.actor,
        principal: { id: 'register-importer', role: 'importer' },
        idempotencyKey: step.idempotencyKey,
        occurredAt: step.occurredAt,
      }),
    );
    position = result.position;
  }
  return position;
}

/** Every key under a prefix with its content, keyed by the rest of its name: for key-for-key comparisons. */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  const dump: Record<string, unknown> = {};
  for (const key of found.sort()) {
    const type = await redis.type(key);
    const name = key.slice(prefix.length);
    if (type === 'string') dump[name] = await redis.get(key);
    else if (type === 'hash') dump[name] = sortObject(await redis.hgetall(key));
    else if (type === 'set') dump[name] = (await redis.smembers(key)).sort();
    else if (type === 'zset') dump[name] = await redis.zrange(key, '0', '-1', 'WITHSCORES');
    else dump[name] = `unexpected type ${type}`;
  }
  return dump;
}

function sortObject(value: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Bounded polling for asynchronous convergence: resolves once `check` is true, fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000, pollMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
