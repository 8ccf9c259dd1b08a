import { deriveEventId, type RecordedEvent } from '@kntc/event-store';

/**
 * The consecutive events a scope's ids name, from its first; undefined when the scope never appended. A command's
 * events have ids derived from its scope (stream, sender, Idempotency-Key) and index: this finds them again.
 */
export function batchOf(recorded: readonly RecordedEvent[], scope: string): RecordedEvent[] | undefined {
  const firstId = deriveEventId(scope, 0);
  const start = recorded.findIndex((e) => e.id === firstId);
  if (start < 0) return undefined;
  const batch: RecordedEvent[] = [];
  for (let i = start; i < recorded.length && recorded[i]!.id === deriveEventId(scope, i - start); i++) batch.push(recorded[i]!);
  return batch;
}
