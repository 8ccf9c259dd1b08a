import { canSeeDepartment, spansDepartments } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import type { Position } from '@kntc/event-store';
import type { LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import type { CaseRow } from '../case-summary/case-row';
import { dateScore, deadlineBoardKeys, type ListScope, type ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import type { DeadlineStatusPolicy, DeadlineWindow } from '../shared/deadline-status';
import { DEADLINE_BOARD_PROJECTION, parseBoardMember } from './deadline-board.projection';

export interface BoardEntry {
  caseId: string;
  kind: string;
  kindLabel: string;
  department: string;
  stage: string;
  stageLabel: string;
  subject: string;
  inspectorId?: string;
  inspectorName?: string;
  clock: string;
  clockLabel: string;
  dueDate: LocalDate;
  dueAt: string;
  provisional: boolean;
}

export interface DeadlineBoard {
  /** A department, or `all`. */
  scope: string;
  window: DeadlineWindow;
  position: Position;
  /** Due date passed, oldest first. */
  overdue: BoardEntry[];
  overdueTotal: number;
  /** Due within the window's working days, soonest first. */
  dueSoon: BoardEntry[];
  dueSoonTotal: number;
}

export interface BoardOptions {
  /** Omitted: all departments for a role that spans them, else the actor's own. */
  department?: string;
  /** Working days ahead counted as due soon; default the policy's (3). */
  workingDays?: number;
  /** Most entries per section. Default 100. */
  limit?: number;
}

export class DeadlineBoardQueries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly policy: DeadlineStatusPolicy,
  ) {}

  /** Undefined when the actor may not see the department. */
  async board(actor: Actor, options: BoardOptions = {}): Promise<DeadlineBoard | undefined> {
    const department = options.department ?? (spansDepartments(actor.role) ? undefined : actor.department);
    if (department !== undefined && !canSeeDepartment(actor, department)) return undefined;
    const scope: ListScope = department === undefined ? 'all' : { department };
    const window = this.policy.window(options.workingDays);
    const limit = options.limit ?? 100;
    const active = await readActiveBuild(this.redis, this.keys.projection(DEADLINE_BOARD_PROJECTION));
    const board: DeadlineBoard = {
      scope: department ?? 'all',
      window,
      position: active?.position ?? 0n,
      overdue: [],
      overdueTotal: 0,
      dueSoon: [],
      dueSoonTotal: 0,
    };
    if (active === undefined) return board;
    const keys = deadlineBoardKeys(active.keys);
    const due = keys.due(scope);
    const today = dateScore(window.today);
    const until = dateScore(window.dueSoonUntil);
    const [overdue, overdueTotal, dueSoon, dueSoonTotal] = await Promise.all([
      this.redis.zrange(due, '-inf', `(${today}`, 'BYSCORE', 'LIMIT', 0, limit),
      this.redis.zcount(due, '-inf', `(${today}`),
      this.redis.zrange(due, String(today), String(until), 'BYSCORE', 'LIMIT', 0, limit),
      this.redis.zcount(due, String(today), String(until)),
    ]);
    const members = [...overdue, ...dueSoon].map(parseBoardMember);
    const caseIds = [...new Set(members.map((m) => m.caseId))];
    const rows = new Map<string, CaseRow>();
    if (caseIds.length > 0) {
      (await this.redis.mget(caseIds.map(keys.case))).forEach((json, i) => {
        if (json !== null) rows.set(caseIds[i]!, JSON.parse(json) as CaseRow);
      });
    }
    const entry = (member: string): BoardEntry[] => {
      const { caseId, clock } = parseBoardMember(member);
      const row = rows.get(caseId);
      const c = row?.clocks.find((x) => x.clock === clock);
      if (!row || !c) return [];
      return [
        {
          caseId,
          kind: row.kind,
          kindLabel: row.kindLabel,
          department: row.department,
          stage: row.stage,
          stageLabel: row.stageLabel,
          subject: row.subject,
          ...(row.inspectorId !== undefined ? { inspectorId: row.inspectorId } : {}),
          ...(row.inspectorName !== undefined ? { inspectorName: row.inspectorName } : {}),
          clock,
          clockLabel: c.label,
          dueDate: c.dueDate,
          dueAt: c.dueAt,
          provisional: c.provisional,
        },
      ];
    };
    return { ...board, overdue: overdue.flatMap(entry), overdueTotal, dueSoon: dueSoon.flatMap(entry), dueSoonTotal };
  }
}
