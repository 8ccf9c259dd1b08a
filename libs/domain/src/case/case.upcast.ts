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
  constructor(
    readonly eventType: string,
    readonly version: number,
  ) {
    super(`no upcaster reads ${eventType} v${version}`);
    this.name = 'UnknownEventVersionError';
  }
}

/**
 * An event written by a newer release than this one (a rolling upgrade under way): this release cannot read it.
 * Deciding on a case that holds one would ignore a fact; projections and timers skip it and raise an alert.
 */
export class NewerEventVersionError extends UnknownEventVersionError {
  constructor(
    eventType: string,
    version: number,
    readonly known: number,
  ) {
    super(eventType, version);
    this.message = `${eventType} v${version} was written by a newer release (this one reads up to v${known})`;
    this.name = 'NewerEventVersionError';
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
    if (schemaVersion > target) throw new NewerEventVersionError(stored.type, schemaVersion, target);
    return { type: stored.type, data } as CaseEvent;
  };
}

/** Upcasters of the events this engine has shipped. */
export const CASE_UPCASTERS: readonly Upcaster[] = [
  // CaseFiled v2 names the đơn a case was opened from (issue #12); a case filed before had none.
  { type: 'CaseFiled', from: 1, upcast: (data) => ({ ...data, donIds: [] }) },
];

export const readCaseEvent = createEventReader(CASE_UPCASTERS);

/** A stored event a reader that must not stop (a projection, a timer) could not read: written by a newer release. */
export interface NewerEvent {
  type: string;
  version: number;
}

/**
 * For readers that must go on past what they cannot read: the event as the domain reads it, or the newer
 * version it skipped. Older versions without an upcaster still throw: that is a defect of this release.
 */
export function readCaseEventOrSkipNewer(stored: StoredEventShape): { event: CaseEvent | undefined; newer?: NewerEvent } {
  try {
    return { event: readCaseEvent(stored) };
  } catch (error) {
    if (error instanceof NewerEventVersionError) return { event: undefined, newer: { type: error.eventType, version: error.version } };
    throw error;
  }
}
