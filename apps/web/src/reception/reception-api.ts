import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson, request } from '../api/client';
import { CONTENT_LABELS } from '../dons/don-api';
import type { Schemas } from '../shared/api-types';

/** The answers of GET /api/reception-sessions/:id, its commands and /api/reception-schedule, generated from the OpenAPI document. */
export type ReceptionSessionView = Schemas['ReceptionSessionView'];
export type ReceptionCommandAnswer = Schemas['ReceptionCommandResponse'];
export type ReceptionSchedule = Schemas['ReceptionSchedule'];
export type ScheduledSession = Schemas['ScheduledSession'];
export type RegularSession = Schemas['RegularSession'];
export type VisitView = Schemas['VisitView'];
export type Publication = NonNullable<ScheduledSession['published']>;
export type ReceptionKind = ReceptionSessionView['kind'];
export type SessionStatus = ReceptionSessionView['status'];
export type VisitClassification = VisitView['classification'];
export type VisitOutcomeKind = VisitView['outcome']['kind'];

export const RECEPTION_KIND_LABELS: Record<ReceptionKind, string> = {
  regular: 'Tiếp thường xuyên',
  'leader-periodic': 'Lãnh đạo tiếp định kỳ',
  'leader-adhoc': 'Lãnh đạo tiếp đột xuất',
  online: 'Tiếp trực tuyến',
};

export const SESSION_STATUS: Record<SessionStatus, { label: string; color: string }> = {
  planned: { label: 'Đã lên lịch', color: 'blue' },
  open: { label: 'Đang tiếp', color: 'green' },
  closed: { label: 'Đã kết thúc', color: 'default' },
  cancelled: { label: 'Đã hủy', color: 'red' },
};

/** A visit is classified as a đơn is (TT 05/2021/TT-TTCP, art. 6(1)). */
export const CLASSIFICATION_LABELS: Record<VisitClassification, string> = CONTENT_LABELS;

export const OUTCOME_LABELS: Record<VisitOutcomeKind, string> = {
  guided: 'Hướng dẫn, giải thích',
  'don-received': 'Nhận đơn',
  forwarded: 'Chuyển đơn',
  refused: 'Từ chối tiếp',
  answered: 'Trả lời',
};

/** Grounds to refuse to receive a citizen (Luật Tiếp công dân 2013, art. 9), as the API names them. */
export const REFUSAL_GROUNDS: Record<string, string> = {
  'TCD9.1': 'Khoản 1: người say do chất kích thích, mất khả năng nhận thức, điều khiển hành vi',
  'TCD9.2': 'Khoản 2: đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân',
  'TCD9.3': 'Khoản 3: vụ việc đã giải quyết đúng pháp luật, vẫn cố tình khiếu nại, tố cáo kéo dài',
  'TCD9.4': 'Khoản 4: trường hợp khác theo quy định của pháp luật',
};

/** Five or more citizens on one matter are a delegation and name representatives (Luật TCD 2013, art. 29–30). */
export const DELEGATION_MIN_SIZE = 5;

export const receptionKeys = {
  session: (sessionId: string) => ['reception-session', sessionId] as const,
  schedule: (department: string, from: string, to: string) => ['reception-schedule', department, from, to] as const,
};

export function useReceptionSession(sessionId: string | undefined) {
  return useQuery({
    queryKey: receptionKeys.session(sessionId ?? ''),
    queryFn: ({ signal }) => getJson<ReceptionSessionView>(`/api/reception-sessions/${sessionId}`, undefined, signal),
    enabled: sessionId !== undefined,
  });
}

/** The department's schedule for a period; `after` waits until the index has the caller's last write. */
export function useReceptionSchedule(department: string, from: string, to: string, after?: string) {
  return useQuery({
    queryKey: [...receptionKeys.schedule(department, from, to), after ?? ''],
    queryFn: ({ signal }) => getJson<ReceptionSchedule>('/api/reception-schedule', { department, from, to, after }, signal),
    placeholderData: keepPreviousData,
  });
}

/** `POST /api/reception-sessions` (plan, open) or `/:id/<segment>`, with the action's idempotency key and the revision seen. */
export async function sendReceptionCommand(
  target: { create: true } | { sessionId: string; segment: string; revision?: number },
  body: Record<string, unknown>,
  idempotencyKey: string,
): Promise<ReceptionCommandAnswer> {
  const path = 'create' in target ? '/api/reception-sessions' : `/api/reception-sessions/${target.sessionId}/${target.segment}`;
  const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey };
  if (!('create' in target) && target.revision !== undefined) headers['If-Match'] = `"${target.revision}"`;
  const { data } = await request<ReceptionCommandAnswer>(path, { method: 'POST', body, headers });
  return data;
}
