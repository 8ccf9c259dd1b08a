import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { getJson } from '../api/client';

export type DeadlineStatus = 'on-time' | 'due-soon' | 'overdue';
export type CaseListSort = 'received' | 'due';

export interface ClockSummary {
  clock: string;
  label: string;
  status: 'running' | 'paused' | 'stopped';
  dueDate: string;
  deadlineStatus?: DeadlineStatus;
}

export interface PartySummary {
  role: string;
  name: string;
  confidential: boolean;
}

/** One row of GET /api/cases (CaseSummaryView), the fields this page reads. */
export interface CaseSummary {
  caseId: string;
  kind: string;
  kindLabel: string;
  department: string;
  stage: string;
  stageLabel: string;
  final: boolean;
  suspended: boolean;
  receivedOn: string;
  subject: string;
  referenceNo?: string;
  inspectorId?: string;
  inspectorName?: string;
  parties: PartySummary[];
  clocks: ClockSummary[];
  nextDueDate?: string;
  deadlineStatus?: DeadlineStatus;
}

export interface CaseListAnswer {
  items: CaseSummary[];
  total: number;
  offset: number;
  limit: number;
  window: { today: string; dueSoonUntil: string };
  position: string;
}

/** The filters the API knows, as they stand in the page's query string. */
export const FILTER_NAMES = ['department', 'kind', 'stage', 'inspector', 'deadlineStatus', 'receivedFrom', 'receivedTo', 'q'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export type CaseListFilters = Partial<Record<FilterName, string>>;

export const PAGE_SIZES = [20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

export interface CaseListState {
  filters: CaseListFilters;
  sort: CaseListSort;
  page: number;
  pageSize: number;
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Filters, sort and page kept in the URL, so a reload or the back button keeps them. */
export function useCaseListState(): [CaseListState, (change: Partial<CaseListFilters> & { sort?: CaseListSort; page?: number; pageSize?: number }) => void, () => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo<CaseListState>(() => {
    const filters: CaseListFilters = {};
    for (const name of FILTER_NAMES) {
      const value = params.get(name);
      if (value) filters[name] = value;
    }
    const pageSize = positive(params.get('pageSize'), DEFAULT_PAGE_SIZE);
    return {
      filters,
      sort: params.get('sort') === 'due' ? 'due' : 'received',
      page: positive(params.get('page'), 1),
      pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    };
  }, [params]);

  const update = useCallback(
    (change: Partial<CaseListFilters> & { sort?: CaseListSort; page?: number; pageSize?: number }) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          let filtersChanged = false;
          for (const [name, value] of Object.entries(change)) {
            if ((FILTER_NAMES as readonly string[]).includes(name) || name === 'sort' || name === 'pageSize') filtersChanged = true;
            const text = value === undefined ? '' : String(value);
            const isDefault = text === '' || (name === 'sort' && text === 'received') || (name === 'page' && text === '1') || (name === 'pageSize' && text === String(DEFAULT_PAGE_SIZE));
            if (isDefault) next.delete(name);
            else next.set(name, text);
          }
          if (filtersChanged && change.page === undefined) next.delete('page');
          return next;
        },
        { replace: change.q !== undefined },
      );
    },
    [setParams],
  );

  const clear = useCallback(() => setParams(new URLSearchParams(), {}), [setParams]);
  return [state, update, clear];
}

/** The page of cases for the state in the URL; the previous page stays shown while the next one loads. */
export function useCaseList(state: CaseListState) {
  const query = {
    ...state.filters,
    sort: state.sort === 'due' ? 'due' : undefined,
    offset: (state.page - 1) * state.pageSize,
    limit: state.pageSize,
  };
  return useQuery({
    queryKey: ['cases', query],
    queryFn: ({ signal }) => getJson<CaseListAnswer>('/api/cases', query, signal),
    placeholderData: keepPreviousData,
  });
}
