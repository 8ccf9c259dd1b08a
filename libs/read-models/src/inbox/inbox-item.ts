import type { LocalDate } from '@kntc/workflow';

export const INBOX_ITEM_KINDS = ['deadline-reminder', 'escalation'] as const;
export type InboxItemKind = (typeof INBOX_ITEM_KINDS)[number];

/** One notice in a user's inbox, created by the event that caused it (a reminder, an escalation). */
export interface InboxItem {
  /** `<stream>@<revision>` of the event that created it: a rebuild recreates the same item. */
  itemId: string;
  userId: string;
  kind: InboxItemKind;
  caseId: string;
  department: string;
  clock?: string;
  dueDate?: LocalDate;
  /** Vietnamese text shown to the user. */
  title: string;
  createdAt: string;
  /** Store position of the event (decimal). */
  position: string;
}
