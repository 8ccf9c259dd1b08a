import { useQueries, useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';

export type InboxItemKind = 'deadline-reminder' | 'escalation';

/** One notice of GET /api/me/inbox. */
export interface InboxItem {
  itemId: string;
  userId: string;
  kind: InboxItemKind;
  caseId: string;
  department: string;
  clock?: string;
  dueDate?: string;
  title: string;
  createdAt: string;
  position: string;
  read: boolean;
}

export interface InboxAnswer {
  items: InboxItem[];
  total: number;
  unread: number;
  offset: number;
  limit: number;
  position: string;
}

export interface InboxCase {
  caseId: string;
  kind: string;
  kindLabel: string;
  subject: string;
}

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
      queryFn: ({ signal }: { signal: AbortSignal }) => getJson<{ summary: InboxCase }>(`/api/cases/${encodeURIComponent(caseId)}/summary`, undefined, signal),
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
