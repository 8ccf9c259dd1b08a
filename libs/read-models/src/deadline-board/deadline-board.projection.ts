import type { Redis } from 'ioredis';
import type { CaseRow } from '../case-summary/case-row';
import type { CaseRowContext } from '../case-summary/case-summary.evolve';
import { dateScore, deadlineBoardKeys, type BuildKeys, type ListScope } from '../keys';
import type { Projection } from '../runner/projection';
import { foldCaseRows, rowChanged } from '../shared/case-row-fold';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';

export const DEADLINE_BOARD_PROJECTION = 'deadline-board';

/** Sorted-set member of one running clock. */
export function boardMember(caseId: string, clock: string): string {
  return `${caseId}/${clock}`;
}

export function parseBoardMember(member: string): { caseId: string; clock: string } {
  const slash = member.indexOf('/');
  return { caseId: member.slice(0, slash), clock: member.slice(slash + 1) };
}

/** Running clocks by member, with their due-date score. */
function runningClocks(row: CaseRow | undefined): Map<string, number> {
  const running = new Map<string, number>();
  for (const clock of row?.clocks ?? []) {
    if (clock.status === 'running') running.set(boardMember(row!.caseId, clock.clock), dateScore(clock.dueDate));
  }
  return running;
}

/** The running clocks of every case by due date, per department and for all: what is overdue and what falls due next. */
export class DeadlineBoardProjection implements Projection {
  readonly name = DEADLINE_BOARD_PROJECTION;
  readonly description = 'Bảng theo dõi thời hạn: sắp đến hạn, quá hạn';

  constructor(
    private readonly ctx: CaseRowContext,
    /** 2: rows folded by the domain, as the case summary's. */
    readonly version: number = 2,
  ) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = deadlineBoardKeys(build);
    const changes = (await foldCaseRows(events, redis, keys.case, this.ctx)).filter(rowChanged);
    const writes: RedisWrite[] = [];
    for (const { caseId, before, after } of changes) {
      if (after === undefined) continue;
      writes.push({ op: 'set', key: keys.case(caseId), value: JSON.stringify(after) });
      const was = runningClocks(before);
      const now = runningClocks(after);
      const scopesBefore: ListScope[] = before ? [{ department: before.department }, 'all'] : [];
      const scopesAfter: ListScope[] = [{ department: after.department }, 'all'];
      const moved = before !== undefined && before.department !== after.department;
      for (const member of was.keys()) {
        if (!now.has(member) || moved) for (const scope of scopesBefore) writes.push({ op: 'zrem', key: keys.due(scope), member });
      }
      for (const [member, score] of now) {
        if (was.get(member) !== score || moved) for (const scope of scopesAfter) writes.push({ op: 'zadd', key: keys.due(scope), member, score });
      }
    }
    return writes;
  }
}
