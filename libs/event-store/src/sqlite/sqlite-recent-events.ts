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
