import { useQueries, useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';
import type { Schemas } from '../shared/api-types';

/** GET /api/me/inbox and one of its notices, generated from the OpenAPI document. */
export type InboxItem = Schemas['InboxItemView'];
export type InboxItemKind = InboxItem['kind'];
export type InboxAnswer = Schemas['InboxAnswer'];
/** What a notice shows of its case, from the case summary. */
export type InboxCase = Pick<Schemas['CaseSummaryView'], 'caseId' | 'kind' | 'kindLabel' | 'subject'>;

export const INBOX_KEY = ['inbox'] as const;

export function inboxKey(unreadOnly: boolean, page: number, pageSize: number) {
  return [...INBOX_KEY, { unreadOnly, page, pageSize }] as const;
}

export function useInbox(unreadOnly: boolean, page: number, pageSize: number) {
  return useQuery({
    queryKey: inboxKey(unreadOnly, page, pageSize),
    queryFn: ({ signal }) =>
      getJson<InboxAnswer>('/api/me/inbox', { unread: unreadOnly ? 'true' : undefined, offset: (page - 1) * pageSize, limit: pageSize }, signal),
    placeholderData: (previous) => previous,
  });
}

/** The subject and kind of the cases the notices of a page concern, from the case summaries; absent when not readable. */
export function useInboxCases(caseIds: readonly string[], enabled: boolean): Map<string, InboxCase> {
  const unique = [...new Set(caseIds)];
  const answers = useQueries({
    queries: unique.map((caseId) => ({
      queryKey: ['case-summary', caseId],
      queryFn: ({ signal }: { signal: AbortSignal }) => getJson<Schemas['CaseSummaryAnswer']>(`/api/cases/${encodeURIComponent(caseId)}/summary`, undefined, signal),
      enabled,
      staleTime: 60_000,
      retry: false,
    })),
  });
  const cases = new Map<string, InboxCase>();
  answers.forEach((answer) => {
    if (answer.data) cases.set(answer.data.summary.caseId, answer.data.summary);
  });
  return cases;
}
