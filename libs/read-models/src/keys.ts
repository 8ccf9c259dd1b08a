/**
 * Every Redis key the read side writes, declared once. `<root>` is `kntc:` by default (tests and benches use
 * `kntc:<uuid>:`); `<build>` is a projection build, `v<version>` or `v<version>-r<generation>` for an
 * operator rebuild of the same version. All of a build's keys start with its prefix
 * `<root>rm:<projection>:<build>:`, so a build is dropped by deleting one prefix.
 */
import type { CaseRow } from './case-summary/case-row';
import type { InboxItem } from './inbox/inbox-item';
import type { RunnerHeartbeat } from './runner/runner-heartbeat';

export const DEFAULT_KEY_ROOT = 'kntc:';

/** The payload types stored under the keys below, re-exported so a reader finds them from here. */
export type { CaseRow, InboxItem, RunnerHeartbeat };

const BUILD_ID = /^v(\d+)(?:-r(\d+))?$/;

export interface BuildId {
  version: number;
  /** 0 for the first build of a version; n for the n-th operator rebuild of it. */
  generation: number;
}

export function formatBuildId(build: BuildId): string {
  return build.generation === 0 ? `v${build.version}` : `v${build.version}-r${build.generation}`;
}

export function parseBuildId(id: string): BuildId | undefined {
  const match = BUILD_ID.exec(id);
  return match ? { version: Number(match[1]), generation: match[2] === undefined ? 0 : Number(match[2]) } : undefined;
}

/** Positive when `a` is newer than `b`: a higher version, then a higher generation. */
export function compareBuilds(a: BuildId, b: BuildId): number {
  return a.version !== b.version ? a.version - b.version : a.generation - b.generation;
}

/** A glob for SCAN MATCH that matches exactly the keys starting with `prefix`. */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
}

/** Keys outside any projection. */
export class ReadModelKeys {
  constructor(readonly root: string = DEFAULT_KEY_ROOT) {
    if (!root.endsWith(':')) throw new RangeError(`key root must end with ":", got "${root}"`);
  }

  projection(name: string): ProjectionKeys {
    return new ProjectionKeys(`${this.root}rm:${name}:`);
  }

  /**
   * SET of inbox item ids the user marked read, as kept before read marks became events; folded into the user's
   * `inbox-<userId>` stream on first use (InboxReadMarks) and deleted.
   */
  inboxReadMarks(userId: string): string {
    return `${this.root}inbox:read:${userId}`;
  }

  /**
   * HASH caching the user's `InboxItemRead` events: item id → "1", and `@revision`, the last stream revision
   * folded. A cache of the store, outside any build: a flush or a rebuild only makes it read the stream again.
   */
  inboxReadCache(userId: string): string {
    return `${this.root}inbox:read-marks:${userId}`;
  }
}

/** The bookkeeping keys of one projection, shared by all its builds. */
export class ProjectionKeys {
  constructor(readonly prefix: string) {}

  /**
   * HASH of events this release could not read and skipped (written by a newer release during a rolling upgrade):
   * `<type>@v<version>` → how many, `<type>@v<version>:first-position` → the first one's store position. Shared by
   * all builds; health shows it, and a rebuild by the newer release clears the need.
   */
  get newerEvents(): string {
    return `${this.prefix}newer-events`;
  }

  /** STRING: id of the build that answers queries. Switched once a newer build has caught up. */
  get active(): string {
    return `${this.prefix}active`;
  }

  /** SET: ids of the builds that hold keys (the active one and any being built); the sweeper deletes the rest. */
  get builds(): string {
    return `${this.prefix}builds`;
  }

  /** STRING (INCR): generation of the last operator rebuild. */
  get generation(): string {
    return `${this.prefix}generation`;
  }

  /** STRING with PX TTL: id of the runner that may write the build; renewed by its holder (SET NX PX). */
  lease(build: string): string {
    return `${this.prefix}lease:${build}`;
  }

  /** STRING with PX TTL: JSON RunnerHeartbeat of a running runner, active or standby. */
  runner(runnerId: string): string {
    return `${this.prefix}runner:${runnerId}`;
  }

  /**
   * ZSET: runner id → when its heartbeat expires (ms): the runners that beat lately, so a status lists them without a
   * SCAN of the keyspace. An index only: a runner is alive while its heartbeat key is.
   */
  get runners(): string {
    return `${this.prefix}runners`;
  }

  build(build: string): BuildKeys {
    return new BuildKeys(`${this.prefix}${build}:`);
  }
}

/** Keys of one build. The checkpoint is written in the same MULTI/EXEC as the changes it covers. */
export class BuildKeys {
  constructor(readonly prefix: string) {}

  /** STRING: store position (decimal) of the last event applied to this build. */
  get checkpoint(): string {
    return `${this.prefix}checkpoint`;
  }

  pattern(): string {
    return prefixPattern(this.prefix);
  }
}

/** case-summary: one document per case. */
export const caseSummaryKeys = (build: BuildKeys) => ({
  /** STRING: JSON CaseRow. */
  case: (caseId: string) => `${build.prefix}case:${caseId}`,
});

/** A list scope: one department, or every department (supervisors). */
export type ListScope = { department: string } | 'all';

const scopeSegment = (scope: ListScope): string => (scope === 'all' ? 'all' : `dept:${scope.department}`);

/** department-cases: rows, sort orders, filter sets, search texts and counters. */
export const departmentCasesKeys = (build: BuildKeys) => ({
  /** STRING: JSON CaseRow, the list item. */
  row: (caseId: string) => `${build.prefix}row:${caseId}`,
  /** ZSET: caseId → receivedOn as yyyymmdd. */
  received: (scope: ListScope) => `${build.prefix}received:${scopeSegment(scope)}`,
  /** ZSET: caseId → earliest due date of its running clocks, yyyymmdd; cases with no running clock are absent. */
  due: (scope: ListScope) => `${build.prefix}due:${scopeSegment(scope)}`,
  /** SET: caseIds of a kind. */
  kind: (kind: string) => `${build.prefix}kind:${kind}`,
  /** SET: caseIds in a stage. */
  stage: (stage: string) => `${build.prefix}stage:${stage}`,
  /** SET: caseIds assigned to an inspector. */
  inspector: (inspectorId: string) => `${build.prefix}inspector:${inspectorId}`,
  /** HASH: caseId → folded search text (subject, names of non-confidential parties, reference number). */
  search: `${build.prefix}search`,
  /** HASH: counter → count, absolute values; the counters are those of departmentCounters(). */
  counts: (department: string) => `${build.prefix}counts:${department}`,
});

/** deadline-board: one document per case, and the running clocks by due date. */
export const deadlineBoardKeys = (build: BuildKeys) => ({
  /** STRING: JSON CaseRow. */
  case: (caseId: string) => `${build.prefix}case:${caseId}`,
  /** ZSET: `<caseId>/<clock>` → due date yyyymmdd, running clocks only. */
  due: (scope: ListScope) => `${build.prefix}due:${scopeSegment(scope)}`,
});

/** inbox: per-user items, newest last. */
export const inboxKeys = (build: BuildKeys) => ({
  /** HASH: itemId → JSON InboxItem. */
  items: (userId: string) => `${build.prefix}items:${userId}`,
  /** ZSET: itemId → store position of the event that created it. */
  order: (userId: string) => `${build.prefix}order:${userId}`,
  /** STRING: JSON InboxCase, the department and inspector of a case, to know whom its notices concern. */
  case: (caseId: string) => `${build.prefix}case:${caseId}`,
});

/** report-facts: per department, per case the dated facts a report reads (see CaseTimeline). */
export const reportFactsKeys = (build: BuildKeys) => ({
  /** HASH: caseId → JSON CaseTimeline: the case's report acts and stages with their dates, without free text or identities. */
  facts: (department: string) => `${build.prefix}facts:${department}`,
  /** ZSET: caseId scored by the last day it can count in a report (dormantAfter), so a report skips the cases ended before its period. */
  dormant: (department: string) => `${build.prefix}dormant:${department}`,
  /** HASH: caseId → JSON { d: department, ...TimelineCursor }: where the fold of a case stands, for its next events (a case stays in the department it was filed in). */
  cursors: `${build.prefix}cursors`,
});

/** A civil date as a sorted-set score: 2026-03-02 → 20260302. */
export function dateScore(date: string): number {
  return Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}
