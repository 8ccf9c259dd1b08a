import { EVENT_SCHEMA_VERSIONS, isCaseEventType, type CaseEvent } from './case.events';

/** Turns the data of one schema version into the next: `from` is the version it reads. */
export interface Upcaster {
  type: string;
  from: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

/** A stored event before it is read as a domain event. */
export interface StoredEventShape {
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
}

export class UnknownEventVersionError extends Error {
  constructor(type: string, version: number) {
    super(`no upcaster reads ${type} v${version}`);
    this.name = 'UnknownEventVersionError';
  }
}

/**
 * Builds the reader of stored events: older schema versions pass through their upcasters, one version at a
 * time, until they reach the current version of EVENT_SCHEMA_VERSIONS.
 */
export function createEventReader(
  upcasters: readonly Upcaster[],
  current: Record<string, number> = EVENT_SCHEMA_VERSIONS,
): (stored: StoredEventShape) => CaseEvent | undefined {
  const byKey = new Map(upcasters.map((u) => [`${u.type}@${u.from}`, u]));
  return (stored) => {
    if (!isCaseEventType(stored.type) && !(stored.type in current)) return undefined;
    const target = current[stored.type];
    let { data, schemaVersion } = stored;
    while (schemaVersion < target) {
      const step = byKey.get(`${stored.type}@${schemaVersion}`);
      if (!step) throw new UnknownEventVersionError(stored.type, schemaVersion);
      data = step.upcast(data);
      schemaVersion += 1;
    }
    if (schemaVersion > target) throw new UnknownEventVersionError(stored.type, schemaVersion);
    return { type: stored.type, data } as CaseEvent;
  };
}

/** Upcasters of the events this engine has shipped; empty while every event is at version 1. */
export const CASE_UPCASTERS: readonly Upcaster[] = [];

export const readCaseEvent = createEventReader(CASE_UPCASTERS);
