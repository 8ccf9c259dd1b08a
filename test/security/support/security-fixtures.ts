import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { vnDateOf, WorkflowRegistry, type Role } from '@kntc/workflow';
import { loadWorkflows } from '@kntc/workflow/loader';
import { TEST_NOW, USERS, type TestUser } from '../../e2e/support/api-test-app';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const WORKFLOWS = new WorkflowRegistry(loadWorkflows(path.join(REPO_ROOT, 'workflows')));

/**
 * 09:00 in Hà Nội on the first day every command of every workflow is in force (complaint suspension exists
 * only from 01/07/2026, NĐ 155/2026): the business time at which only the role decides whether a command runs.
 */
export const ALL_COMMANDS_IN_FORCE_AT = ((): string => {
  const firstDays = WORKFLOWS.kinds().flatMap((kind) => Object.values(WORKFLOWS.latest(kind).commands).flatMap((rule) => (rule?.validFrom ? [rule.validFrom] : [])));
  const latest = firstDays.reduce((a, d) => (d > a ? d : a), vnDateOf(TEST_NOW));
  return latest === vnDateOf(TEST_NOW) ? TEST_NOW : new Date(`${latest}T09:00:00+07:00`).toISOString();
})();

/** One user of the case's department (so-tnmt) per role, and the roles that span departments. */
export const ACTORS_BY_ROLE: ReadonlyArray<readonly [Role, TestUser]> = [
  ['intake', USERS.intake],
  ['inspector', USERS.inspector],
  ['head', USERS.head],
  ['director', USERS.director],
  ['ubnd', USERS.ubnd],
  ['supervisor', USERS.supervisor],
  ['importer', USERS.importer],
];

/** A valid body for every command segment, so only the role decides whether it runs. */
export function commandBody(segment: string, kind: string, stage?: string): Record<string, unknown> {
  const denunciation = kind === 'denunciation';
  const bodies: Record<string, Record<string, unknown>> = {
    accept: { documentNo: '07/TB-TTr' },
    reject: { groundCode: denunciation ? 'TC29.1c' : 'KN11.6', reason: 'Không thuộc thẩm quyền giải quyết' },
    forward: { toAgency: 'UBND huyện Bình Chánh', reason: 'Thuộc thẩm quyền của cấp huyện' },
    'assign-inspector': { inspectorId: USERS.inspector },
    'start-verification': { documentNo: '15/QĐ-TTr' },
    'report-verification': { summary: 'Kết quả xác minh', finding: 'partly-right' },
    'record-dialogue': { summary: 'Đối thoại với các bên' },
    'draft-decision': { summary: 'Dự thảo' },
    'issue-decision': { decisionNo: '30/QĐ-STNMT', finding: 'partly-right', summary: 'Quyết định' },
    'send-decision': { recipients: ['UBND phường Hòa Bình'] },
    'record-handling': { summary: 'Kiến nghị xử lý' },
    'publish-conclusion': { method: 'Cổng thông tin điện tử' },
    'answer-citizen': { summary: 'Đã trả lời công dân' },
    withdraw: { reason: 'Người gửi đơn rút đơn' },
    suspend: { reason: 'Chờ kết quả giám định' },
    resume: { reason: 'Đã có kết quả giám định' },
    terminate: { reason: 'Người tố cáo đã rút toàn bộ nội dung' },
    review: { reason: 'Có dấu hiệu vi phạm', conclusion: 'Giữ nguyên' },
    'determine-complexity': { criteria: ['a'], reason: 'Nhiều địa điểm xác minh' },
    'extend-deadline': { clock: denunciation && (stage === undefined || stage === 'screening') ? 'screening' : 'resolution', reason: 'Cần xác minh tại nhiều nơi' },
    close: {},
  };
  return bodies[segment] ?? {};
}

/** Commands a case must have gone through before a command can succeed: resuming needs a suspension, extending a denunciation's resolution its complexity. */
export function prerequisitesOf(segment: string, kind: string, stage: string): Array<{ segment: string; as: TestUser }> {
  if (segment === 'resume') return [{ segment: 'suspend', as: USERS.head }];
  if (segment === 'extend-deadline' && kind === 'denunciation' && stage !== 'screening') return [{ segment: 'determine-complexity', as: USERS.head }];
  return [];
}

/** The number of events in the SQLite store file, read beside the running API. */
export function storedEventCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Every byte the embedded default keeps on disk: store, WAL, key store, secrets. */
export function filesOf(dataDir: string): Array<{ name: string; bytes: Buffer }> {
  return fs.readdirSync(dataDir).map((name) => ({ name, bytes: fs.readFileSync(path.join(dataDir, name)) }));
}

/** A pino destination that keeps every line, for tests that search the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A denunciation's whole course (Luật Tố cáo 2018): screening, acceptance, verification, conclusion, handling, publication, closing. */
export const DENUNCIATION_COURSE: ReadonlyArray<{ action: string; as: TestUser; body?: Record<string, unknown> }> = [
  { action: 'assign-inspector', as: USERS.head, body: { inspectorId: USERS.inspector } },
  { action: 'accept', as: USERS.head, body: { documentNo: '12/QĐ-TTr' } },
  { action: 'start-verification', as: USERS.inspector },
  { action: 'report-verification', as: USERS.inspector, body: { summary: 'Tố cáo đúng một phần', finding: 'partly-right' } },
  { action: 'draft-decision', as: USERS.inspector, body: { summary: 'Dự thảo kết luận nội dung tố cáo' } },
  { action: 'issue-decision', as: USERS.director, body: { decisionNo: '30/KL-STNMT', finding: 'partly-right', summary: 'Kết luận nội dung tố cáo' } },
  { action: 'record-handling', as: USERS.head, body: { summary: 'Kiến nghị kiểm điểm cán bộ địa chính' } },
  { action: 'publish-conclusion', as: USERS.head, body: { method: 'Cổng thông tin điện tử' } },
  { action: 'close', as: USERS.head },
];
