import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';
import type { Schemas } from '../shared/api-types';

/** GET /api/departments/:id/summary, /api/deadline-board and /api/reports/departments/:id, generated from the OpenAPI document. */
export type DeadlineStatus = NonNullable<Schemas['CaseSummaryView']['deadlineStatus']>;
export type DepartmentSummary = Schemas['DepartmentSummaryAnswer'];
export type BoardEntry = Schemas['BoardEntry'];
export type DeadlineBoard = Schemas['DeadlineBoardAnswer'];
export type Counts = Schemas['Counts'];
export type DepartmentReport = Schemas['DepartmentReport'];

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
