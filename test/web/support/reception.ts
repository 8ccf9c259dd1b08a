import type { ApiUser } from './api';

interface DonAnswer {
  donId: string;
  revision: number;
  caseId?: string;
  position: string;
}

/** A đơn received by post, as an intake officer registers it over the API (RegisterDonRequestDto); `overrides` replace fields. */
export async function registerDon(user: ApiUser, fields: { subject: string; content: string; receivedOn: string } & Record<string, unknown>): Promise<DonAnswer> {
  return user.post<DonAnswer>('/api/dons', { department: 'so-tnmt', source: { kind: 'post' }, signers: 1, anonymous: false, parties: [], ...fields }, 201);
}

/** Classifies a đơn as a qualifying complaint within the department's competence. */
export async function classifyAsComplaint(user: ApiUser, donId: string): Promise<DonAnswer> {
  return user.post<DonAnswer>(`/api/dons/${donId}/classify`, { content: 'complaint', qualifying: true, competence: 'within' });
}

/** Opens today's register of a regular session of so-tnmt and returns its id. */
export async function openTodaySession(user: ApiUser, place = 'Trụ sở tiếp công dân Sở TN&MT'): Promise<string> {
  const answer = await user.post<{ sessionId: string }>('/api/reception-sessions', { action: 'open', department: 'so-tnmt', kind: 'regular', place }, 201);
  return answer.sessionId;
}
