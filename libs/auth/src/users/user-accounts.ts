import { ConcurrencyError, deriveEventId, NO_STREAM, type EventStore, type RecordedEvent } from '@kntc/event-store';
import { userStream, viewOf, type UserAccount, type UserAccountView } from './user-account';
import { decideUser, evolveUser, UserCommandRefused, type UserCommand, type UserEvent } from './user-account.decide';
import { UsersDirectory, type DirectoryUser } from './users-directory';
import { UsersStoreDirectory } from './users-store.directory';
import type { UsersStore } from './users.store';

/** Who asks for a change, under which Idempotency-Key, having seen which revision of the account (If-Match). */
export interface UserChangeMeta {
  actor: { id: string; role: string };
  idempotencyKey: string;
  expectedRevision?: number;
  correlationId?: string;
}

export interface UserChangeResult {
  account: UserAccountView;
  /** Answered from an earlier execution of the same Idempotency-Key. */
  replayed: boolean;
}

/** One recorded change of an account, as the audit trail shows it. */
export interface UserChange {
  revision: number;
  type: UserEvent['type'];
  data: Record<string, unknown>;
  /** Who made the change. */
  actorId: string;
  recordedAt: string;
}

export interface UserAccountsOptions {
  /** The directory to keep current (the one AuthModule's sign-in and tokens read); default a new one. */
  directory?: UsersDirectory;
  /** Wall-clock time; tests move it. */
  now?: () => Date;
  /** How often the cached directory asks the store whether another process changed an account, in ms; default 2000. */
  refreshMs?: number;
  /** Told when a background refresh fails (the cached directory stays as it was). */
  onRefreshError?: (error: unknown) => void;
}

const SCHEMA_VERSION = 1;
const DEFAULT_REFRESH_MS = 2_000;
/** The actor of accounts loaded from a seed file (tests, the demo). */
const SEED_ACTOR = { id: 'system', role: 'system' } as const;

/**
 * The accounts of the embedded sign-in: the users store holds them (and the password hashes), the event store
 * records every change in the account's stream `user-<id>` (who changed whose role, password or access, when).
 * A change is recorded first, then written to the users store; a retry of the same Idempotency-Key writes what a
 * failed attempt recorded but did not write. `directory` is the cached view sign-in and tokens read: changed at
 * once by this process's changes, and within `refreshMs` by another process's.
 */
export class UserAccounts {
  /** The accounts that may sign in (disabled ones left out). */
  readonly directory: UsersDirectory;
  private readonly read: UsersStoreDirectory;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly store: UsersStore,
    private readonly events: EventStore,
    private readonly options: UserAccountsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.read = new UsersStoreDirectory(store, options.directory ?? new UsersDirectory([]));
    this.directory = this.read.directory;
  }

  /** Loads the directory and keeps it current. */
  async start(): Promise<void> {
    await this.refresh();
    const every = this.options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.timer = setInterval(() => void this.refresh().catch((error: unknown) => this.options.onRefreshError?.(error)), every);
    this.timer.unref();
  }

  /** Reloads the directory when the store changed since the last load (or always, with `force`). */
  refresh(force = false): Promise<void> {
    return this.read.refresh(force);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.store.list()).length === 0;
  }

  async list(): Promise<UserAccountView[]> {
    return (await this.store.list()).map(viewOf);
  }

  async find(userId: string): Promise<UserAccountView | undefined> {
    const account = await this.store.find(userId);
    return account && viewOf(account);
  }

  /** The account's recorded changes, oldest first. */
  async history(userId: string): Promise<UserChange[]> {
    return (await this.events.readStream(userStream(userId))).map((event) => ({
      revision: event.revision,
      type: event.type as UserEvent['type'],
      data: event.data,
      actorId: String((event.metadata['actor'] as { id?: unknown } | undefined)?.id ?? ''),
      recordedAt: event.recordedAt,
    }));
  }

  async execute(command: UserCommand, meta: UserChangeMeta): Promise<UserChangeResult> {
    const stream = userStream(command.userId);
    const passwordHash = 'passwordHash' in command ? command.passwordHash : undefined;
    const key = scopedKey(meta);
    const recorded = await this.events.readStream(stream);
    const current = await this.catchUp(command.userId, recorded, passwordHash);
    if (recorded.some((event) => event.id === deriveEventId(key, 0))) return { account: viewOf(current!), replayed: true };
    const revision = current?.revision ?? NO_STREAM;
    if (meta.expectedRevision !== undefined && meta.expectedRevision !== revision) throw new ConcurrencyError(stream, meta.expectedRevision, revision);
    const at = this.now().toISOString();
    const decided = decideUser(command, current, { now: at, actorId: meta.actor.id });
    if (decided.length === 0) return { account: viewOf(current!), replayed: false };
    const result = await this.events.append(
      stream,
      decided.map((event, index) => ({
        id: deriveEventId(key, index),
        type: event.type,
        schemaVersion: SCHEMA_VERSION,
        data: event.data,
        metadata: {
          actor: meta.actor,
          occurredAt: at,
          ...(meta.correlationId !== undefined ? { correlationId: meta.correlationId } : {}),
        },
      })),
      revision,
    );
    const next = fold(current, decided, result.revision - decided.length + 1, passwordHash)!;
    await this.store.put(next);
    await this.refresh(true);
    return { account: viewOf(next), replayed: !result.written };
  }

  /**
   * The first administrator, on an empty store: written only while the store holds no account (across
   * processes), then recorded. Refused with `already-set-up` once any account exists.
   */
  async setUpFirstAdministrator(user: { id: string; name: string; department: string; passwordHash: string }): Promise<UserAccountView> {
    const at = this.now().toISOString();
    const command: UserCommand = { type: 'CreateUser', userId: user.id, name: user.name, role: 'admin', department: user.department, passwordHash: user.passwordHash };
    const decided = decideUser(command, undefined, { now: at, actorId: user.id });
    const account = fold(undefined, decided, 0, user.passwordHash)!;
    if (!(await this.store.putFirst(account))) throw new UserCommandRefused('already-set-up', 'Hệ thống đã có người dùng; đường dẫn cài đặt không còn dùng được.');
    await this.events.append(
      userStream(user.id),
      decided.map((event, index) => ({
        id: deriveEventId(`setup:${user.id}`, index),
        type: event.type,
        schemaVersion: SCHEMA_VERSION,
        data: event.data,
        metadata: { actor: { id: user.id, role: 'admin' }, occurredAt: at },
      })),
      'any',
    );
    await this.refresh(true);
    return viewOf(account);
  }

  /** Loads a seed (tests, the demo) into an empty store, recorded as the system's; says how many accounts it made. */
  async seed(users: readonly DirectoryUser[]): Promise<number> {
    if (!(await this.isEmpty())) return 0;
    for (const user of users) {
      await this.execute(
        { type: 'CreateUser', userId: user.id, name: user.name, role: user.role, department: user.department, ...(user.passwordHash !== undefined ? { passwordHash: user.passwordHash } : {}) },
        { actor: SEED_ACTOR, idempotencyKey: `seed:${user.id}` },
      );
    }
    return users.length;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.store.close();
  }

  /**
   * The account as its recorded changes leave it: a change recorded but not written to the users store (the
   * write failed after the append) is written now, with the password hash of the retried command.
   */
  private async catchUp(userId: string, recorded: RecordedEvent[], passwordHash: string | undefined): Promise<UserAccount | undefined> {
    const stored = await this.store.find(userId);
    const from = stored === undefined ? 0 : stored.revision + 1;
    const missing = recorded.filter((event) => event.revision >= from);
    if (missing.length === 0) return stored;
    const caughtUp = fold(stored, missing.map(asUserEvent), from, passwordHash);
    if (caughtUp) await this.store.put(caughtUp);
    return caughtUp;
  }
}

function fold(account: UserAccount | undefined, events: readonly UserEvent[], firstRevision: number, passwordHash: string | undefined): UserAccount | undefined {
  return events.reduce<UserAccount | undefined>((state, event, index) => evolveUser(state, event, firstRevision + index, passwordHash), account);
}

function asUserEvent(event: RecordedEvent): UserEvent {
  return { type: event.type, data: event.data } as UserEvent;
}

/** Idempotency-Keys are scoped to their sender: one administrator's key never replays another's change. */
function scopedKey(meta: UserChangeMeta): string {
  return `user-change:${meta.actor.id}:${meta.idempotencyKey}`;
}
