import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson, request } from '../api/client';
import type { Schemas } from '../shared/api-types';
import type { HistoryEntry } from '../cases/case-api';

/** The answers of GET /api/dons/:id, /history and the commands, generated from the OpenAPI document. */
export type DonView = Schemas['DonView'];
export type DonCommandAnswer = Schemas['DonCommandResponse'];
export type DonContent = NonNullable<DonView['classification']>['content'];
export type DonSourceKind = DonView['source']['kind'];
export type DonStatus = DonView['status'];
export type DonHistory = { donId: string; events: HistoryEntry[] };

/** One row of the register (GET /api/dons): the domain's fold of the đơn, no free text (libs/read-models/src/don-register). */
export interface DonRegisterRow {
  donId: string;
  department: string;
  matterId: string;
  status: DonStatus;
  source: DonView['source'];
  receivedOn: string;
  anonymous: boolean;
  signers: number;
  processingDueOn?: string;
  classification?: DonView['classification'];
  outcome?: DonView['outcome'];
  caseIds: string[];
  urged: number;
  repeated: boolean;
  subject?: string;
}

export interface DonRegisterPage {
  items: DonRegisterRow[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<string, number>;
}

/** The domain's similarity of two đơn (libs/domain/src/matter/matter.similarity.ts). */
export interface SimilarityScore {
  /** 0..1 */
  score: number;
  sameCitizen: boolean;
  sameRespondent: boolean;
  /** 0..1 */
  contentSimilarity: number;
}

/** The đơn and cases that look like the same matter (libs/read-models/src/don-register/don-register.queries.ts). */
export interface DonCandidates {
  dons: Array<{ donId: string; matterId: string; receivedOn: string; status: DonStatus; caseIds: string[]; similarity: SimilarityScore; subject?: string }>;
  cases: Array<{ caseId: string; similarity: SimilarityScore; donIds: string[]; subject?: string }>;
}

export const SOURCE_LABELS: Record<DonSourceKind, string> = {
  post: 'Bưu chính',
  reception: 'Tiếp công dân',
  online: 'Trực tuyến',
  referral: 'Cơ quan chuyển đến',
  box: 'Hộp thư góp ý',
};

export const CONTENT_LABELS: Record<DonContent, string> = {
  complaint: 'Khiếu nại',
  denunciation: 'Tố cáo',
  petition: 'Kiến nghị, phản ánh',
  several: 'Nhiều nội dung',
};

export const STATUS_LABELS: Record<DonStatus, { label: string; color: string }> = {
  open: { label: 'Đang xử lý', color: 'blue' },
  processed: { label: 'Đã xử lý', color: 'green' },
};

/** The đơn events (libs/domain/src/don/don.events.ts), as the register and the history name them. */
export const DON_EVENT_LABELS: Record<string, string> = {
  DonRegistered: 'Vào sổ đơn',
  DonClassified: 'Phân loại đơn',
  DonAcceptedIntoCase: 'Thụ lý thành hồ sơ',
  DonAttachedToCase: 'Gắn vào hồ sơ đã có',
  DonAttachedToDon: 'Gắn vào đơn trước',
  CitizenGuided: 'Hướng dẫn công dân',
  DonForwarded: 'Chuyển đơn',
  LowerLevelUrged: 'Đôn đốc cấp dưới',
  DonSplitRequested: 'Hướng dẫn tách đơn',
  DonArchived: 'Lưu đơn',
  ReferrerAnswered: 'Thông báo cho cơ quan chuyển đơn',
};

/** Grounds to archive a đơn (DON_ARCHIVE_GROUNDS, TT 05/2021). */
export const ARCHIVE_GROUNDS: Record<string, string> = {
  'not-qualifying': 'Đơn không đủ điều kiện xử lý',
  'final-complaint': 'Khiếu nại quyết định đã có hiệu lực pháp luật',
  'concluded-denunciation': 'Tố cáo đã kết luận, không có tình tiết mới',
  'already-handled': 'Đã hướng dẫn hoặc chuyển một lần cùng nội dung',
  'sent-to-several-bodies': 'Đơn gửi nhiều cơ quan, có cơ quan có thẩm quyền',
};

/** The party role of the person who brings a đơn of this content. */
export const FILER_ROLE: Record<DonContent, string> = {
  complaint: 'complainant',
  denunciation: 'denouncer',
  petition: 'petitioner',
  several: 'petitioner',
};

export const donKeys = {
  view: (donId: string) => ['don', donId, 'view'] as const,
  history: (donId: string) => ['don', donId, 'history'] as const,
  candidates: (donId: string) => ['don', donId, 'candidates'] as const,
  all: (donId: string) => ['don', donId] as const,
  register: ['dons'] as const,
};

export function useDonView(donId: string) {
  return useQuery({ queryKey: donKeys.view(donId), queryFn: ({ signal }) => getJson<DonView>(`/api/dons/${donId}`, undefined, signal) });
}

export function useDonHistory(donId: string, enabled: boolean) {
  return useQuery({ queryKey: donKeys.history(donId), queryFn: ({ signal }) => getJson<DonHistory>(`/api/dons/${donId}/history`, undefined, signal), enabled });
}

/** The đơn of the register that look like this one; `after` waits until the index has it. */
export function useDonCandidates(don: DonView | undefined, after: string | undefined) {
  return useQuery({
    queryKey: [...donKeys.candidates(don?.donId ?? ''), after ?? ''],
    queryFn: ({ signal }) => getJson<DonCandidates>(`/api/dons/${don!.donId}/candidates`, { after }, signal),
    enabled: don !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export interface DonRegisterQuery {
  department?: string;
  status?: DonStatus;
  page: number;
  pageSize: number;
}

export function useDonRegister(query: DonRegisterQuery) {
  return useQuery({
    queryKey: [...donKeys.register, query],
    queryFn: ({ signal }) => getJson<DonRegisterPage>('/api/dons', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

/** `POST /api/dons` (registration) or `/api/dons/:id/<segment>`, with the action's idempotency key and the revision seen. */
export async function sendDonCommand(target: { register: true } | { donId: string; segment: string; revision: number }, body: Record<string, unknown>, idempotencyKey: string) {
  const path = 'register' in target ? '/api/dons' : `/api/dons/${target.donId}/${target.segment}`;
  const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey };
  if (!('register' in target)) headers['If-Match'] = `"${target.revision}"`;
  const { data } = await request<DonCommandAnswer>(path, { method: 'POST', body, headers });
  return data;
}
