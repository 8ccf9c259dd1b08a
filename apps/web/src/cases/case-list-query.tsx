import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { getJson } from '../api/client';
import type { Schemas } from '../shared/api-types';

export type CaseListSort = 'received' | 'due';

/** GET /api/cases and one of its rows, generated from the OpenAPI document. */
export type CaseListAnswer = Schemas['CaseListAnswer'];
export type CaseSummary = CaseListAnswer['items'][number];
export type ClockSummary = CaseSummary['clocks'][number];
export type PartySummary = CaseSummary['parties'][number];
export type DeadlineStatus = NonNullable<CaseSummary['deadlineStatus']>;

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
