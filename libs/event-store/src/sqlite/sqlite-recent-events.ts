import type { Position, RecordedEvent } from '../port/event-store.port';

/**
 * The newest events read by position, decoded once for all the live subscriptions of a store: each projection
 * follows the tail, so without it every appended event is fetched and parsed once per subscription. Subscribers
 * share these objects and must not change them (projections fold them into new state, as they do with reads).
 */
export class RecentEvents {
  private readonly byPosition = new Map<Position, RecordedEvent>();

  constructor(private readonly capacity: number) {}

  get(position: Position): RecordedEvent | undefined {
    return this.byPosition.get(position);
  }

  add(event: RecordedEvent): void {
    this.byPosition.set(event.position, event);
    if (this.byPosition.size <= this.capacity) return;
    // Oldest first: a Map iterates in insertion order, and the tail is what subscribers come back for.
    for (const position of this.byPosition.keys()) {
      this.byPosition.delete(position);
      if (this.byPosition.size <= this.capacity) return;
    }
  }
}

/**
 * Whole pages of `readAll` decoded once for every reader of a store: projections catching up together (a rebuild,
 * a worker's first start) read the same pages from the same checkpoint, turn by turn, so without it each one
 * fetches and parses the whole store again. Only a full page is kept: positions are assigned in commit order by
 * the one writer, so no event can later appear inside a full page, while a short one may still grow. Bounded by
 * the events held, oldest page first; a reader that fell further behind reads its page from the file again.
 */
export class SharedPages {
  private readonly pages = new Map<string, readonly RecordedEvent[]>();
  private held = 0;

  constructor(private readonly capacity: number) {}

  /** The page read after `after` with this prefix and limit, reading it with `read` when no reader kept it. */
  read(after: Position, prefix: string | undefined, limit: number, read: () => RecordedEvent[]): RecordedEvent[] {
    const key = `${after}\n${limit}\n${prefix ?? ''}`;
    const kept = this.pages.get(key);
    // A copy: callers own the array they get (the events themselves are shared and never changed).
    if (kept !== undefined) return kept.slice();
    const page = read();
    if (page.length === limit && limit <= this.capacity) {
      this.pages.set(key, page.slice());
      this.held += page.length;
      for (const [oldest, events] of this.pages) {
        if (this.held <= this.capacity) break;
        this.pages.delete(oldest);
        this.held -= events.length;
      }
    }
    return page;
  }
}
