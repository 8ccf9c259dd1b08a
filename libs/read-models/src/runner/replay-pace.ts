import type { EventStore, Position } from '@kntc/event-store';

/**
 * How far, in events, a replaying runner looks behind itself for others of the same streams to wait for: those
 * further behind are not catching up with it (a projection rebuilt from the start while the others are near the
 * head), and nobody waits for them.
 */
const GROUP_WINDOW_EVENTS = 100_000;

interface Replaying {
  prefix: string;
  position: Position;
}

/**
 * Keeps the projections of one process that replay the same streams together, page for page, so the store reads
 * and decodes each page once for all of them (SqliteEventStore keeps the last pages it read for the others). Left
 * alone they drift apart, the slowest one falls out of reach of the kept pages and reads the whole store again.
 * A runner about to read its next page waits while another runner of its streams, within GROUP_WINDOW_EVENTS
 * behind it, is more than `slack` events behind. The runner furthest behind never waits, so the group always moves;
 * every runner leaves (`done`) when its replay ends, however it ends.
 */
export class ReplayPace {
  private static readonly byStore = new WeakMap<EventStore, ReplayPace>();
  private readonly runners = new Map<symbol, Replaying>();
  private waiting: Array<() => void> = [];

  /** The pace shared by every runner replaying from `store` in this process. */
  static of(store: EventStore): ReplayPace {
    let pace = ReplayPace.byStore.get(store);
    if (pace === undefined) ReplayPace.byStore.set(store, (pace = new ReplayPace()));
    return pace;
  }

  /** A runner starts replaying `prefix` at `position`; `slack` is how far ahead of its group it may read (about two pages). */
  join(prefix: string, position: Position, slack: number): ReplayTurn {
    const me = Symbol('replaying runner');
    this.runners.set(me, { prefix, position });
    return {
      advance: async (to: Position) => {
        const own = this.runners.get(me);
        if (own === undefined) return;
        own.position = to;
        this.wakeAll();
        while (this.runners.has(me) && this.laggardBehind(own) > BigInt(slack)) await new Promise<void>((resolve) => this.waiting.push(resolve));
      },
      done: () => {
        if (this.runners.delete(me)) this.wakeAll();
      },
    };
  }

  /** How far behind `own` the furthest runner of its streams within reach is (0 when none is). */
  private laggardBehind(own: Replaying): bigint {
    let furthest = 0n;
    for (const other of this.runners.values()) {
      if (other === own || other.prefix !== own.prefix) continue;
      const behind = own.position - other.position;
      if (behind > furthest && behind <= BigInt(GROUP_WINDOW_EVENTS)) furthest = behind;
    }
    return furthest;
  }

  private wakeAll(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}

export interface ReplayTurn {
  /** The runner moved to `to`; resolves when it may read its next page. */
  advance(to: Position): Promise<void>;
  /** The runner's replay ended (caught up, stopped, lost its lease or failed). */
  done(): void;
}
