import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';

export type DeadlineStatus = 'on-time' | 'due-soon' | 'overdue';

/** GET /api/departments/:id/summary. */
export interface DepartmentSummary {
  department: string;
  window: { today: string; dueSoonUntil: string };
  position: string;
  total: number;
  open: number;
  suspended: number;
  byKind: Record<string, number>;
  byStage: Record<string, number>;
  byDeadlineStatus: Record<DeadlineStatus, number>;
  withoutRunningClock: number;
  /** `yyyy-mm` → cases received in, and first resolved in, that month. */
  byMonth?: { received: Record<string, number>; resolved: Record<string, number> };
}

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
  dueDate: string;
  dueAt: string;
  provisional: boolean;
}

/** GET /api/deadline-board. */
export interface DeadlineBoard {
  scope: string;
  window: { today: string; dueSoonUntil: string };
  position: string;
  overdue: BoardEntry[];
  overdueTotal: number;
  dueSoon: BoardEntry[];
  dueSoonTotal: number;
}

export interface Counts {
  byKind: Record<string, number>;
  total: number;
}

/** The parts of GET /api/reports/departments/:id the page shows (its cells are defined by the API). */
export interface DepartmentReport {
  department: string;
  period: { name: string | null; from: string; to: string };
  asOf: string;
  kinds: Array<{ kind: string; name: string; complianceClock: string | null }>;
  caseload: Record<'carriedOver' | 'received' | 'total' | 'ended' | 'open', Counts>;
  intake: { processed: Record<'accepted' | 'rejected' | 'forwarded' | 'answered' | 'withdrawn' | 'total', Counts>; awaitingProcessing: Counts };
  competence: {
    carriedOver: Counts;
    accepted: Counts;
    total: Counts;
    settled: { total: Counts };
    unsettled: Counts;
  };
  deadlines: Record<'resolvedOnTime' | 'resolvedLate' | 'withdrawnOrTerminated' | 'forwardedOrReturned' | 'notYetDue' | 'overdue' | 'paused', Counts>;
}

export const reportPath = (department: string) => `/api/reports/departments/${encodeURIComponent(department)}`;

export function useDepartmentSummary(department: string, enabled: boolean) {
  return useQuery({
    queryKey: ['department-summary', department],
    queryFn: ({ signal }) => getJson<DepartmentSummary>(`/api/departments/${encodeURIComponent(department)}/summary`, undefined, signal),
    enabled,
  });
}

export function useDeadlineBoard(department: string, enabled: boolean) {
  return useQuery({
    queryKey: ['deadline-board', department],
    queryFn: ({ signal }) => getJson<DeadlineBoard>('/api/deadline-board', { department, limit: 100 }, signal),
    enabled,
  });
}

export function useDepartmentReport(department: string, period: string, enabled: boolean) {
  return useQuery({
    queryKey: ['department-report', department, period],
    queryFn: ({ signal }) => getJson<DepartmentReport>(reportPath(department), { period }, signal),
    enabled,
    placeholderData: (previous) => previous,
  });
}
