import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { TokenService, UsersDirectory } from '@kntc/auth';
import { ManualClock, loadConfig, openEngine, type CaseView, type CommandResult, type FieldError, type HistoryEntry } from '@kntc/cases';
import { createApiApp } from '../../../apps/api/src/api.app';
import { assertKeepsContract } from './openapi-contract';

/** Business time of the tests: Monday 02/03/2026, 09:00 in Hà Nội. */
export const TEST_NOW = '2026-03-02T02:00:00.000Z';
export const DEPARTMENT = 'so-tnmt';

export const USERS = {
  intake: 'tnmt-intake',
  inspector: 'tnmt-inspector',
  inspector2: 'tnmt-inspector-2',
  head: 'tnmt-head',
  director: 'tnmt-director',
  otherIntake: 'xd-intake',
  otherHead: 'xd-head',
  ubnd: 'ubnd',
  supervisor: 'supervisor',
  importer: 'importer',
  otherDirector: 'xd-director',
  admin: 'qtht-admin',
} as const;
export type TestUser = (typeof USERS)[keyof typeof USERS];

/** The fields of a problem+json answer the tests read; all optional, so a success body can carry the type too. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  allowedCommands?: string[];
  allowedActions?: string[];
  details?: Record<string, unknown>;
  currentRevision?: number;
}

/** The wire contract of the API as these tests read it. */
export type CommandAnswerBody = Omit<CommandResult, 'replayed'> & { case: CaseView } & ProblemBody;
export type CaseAnswerBody = CaseView & ProblemBody;
export type HistoryAnswerBody = { caseId: string; revision: number; events: HistoryEntry[] } & ProblemBody;

export interface ApiAnswer<T = ProblemBody> {
  status: number;
  headers: Headers;
  /** Parsed JSON (the raw text when the body is not JSON). */
  body: T;
  text: string;
}

export interface RequestOptions {
  /** The user whose token is sent; omit for no Authorization header. */
  as?: TestUser;
  headers?: Record<string, string>;
  /** Sent as is, instead of JSON.stringify(body). */
  rawBody?: string;
  /** false: the answer is not checked against docs/openapi.json (a test of what lies outside the contract). */
  contract?: boolean;
}

export interface ApiTestApp {
  /** The Nest application, for tests that inspect its routes. */
  app: INestApplication;
  baseUrl: string;
  clock: ManualClock;
  dataDir: string;
  tokens: TokenService;
  token(user: TestUser): string;
  get<T = ProblemBody>(urlPath: string, options?: RequestOptions): Promise<ApiAnswer<T>>;
  post(urlPath: string, body: unknown, options?: RequestOptions): Promise<ApiAnswer<CommandAnswerBody>>;
  /** `POST /api/cases/:id/:action` as `user`. */
  command(caseId: string, action: string, body: unknown, user: TestUser, headers?: Record<string, string>): Promise<ApiAnswer<CommandAnswerBody>>;
  /** `GET /api/cases/:id` as `user`. */
  caseOf(caseId: string, user: TestUser): Promise<ApiAnswer<CaseAnswerBody>>;
  /** `GET /api/cases/:id/history` as `user`. */
  historyOf(caseId: string, user: TestUser): Promise<ApiAnswer<HistoryAnswerBody>>;
  /** The case's stream revision as the supervisor reads it (-1 when no case exists). */
  revisionOf(caseId: string): Promise<number>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Configuration variables on top of the test's data folder and users file (e.g. KNTC_AUTH_MODE=oidc). */
  env?: Record<string, string>;
  /** Receives the API's log lines (pino JSON), at `logLevel`. */
  logDestination?: DestinationStream;
  logLevel?: string;
  /** Use this data folder (its store, keys and secrets) instead of a fresh one; it is not removed on close. */
  dataDir?: string;
}

/** The real API over HTTP on a free port, with a fresh SQLite store in a temp folder and a manual business clock. */
export async function startApiTestApp(options: StartOptions = {}): Promise<ApiTestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-e2e-'));
  const config = loadConfig({
    KNTC_DATA_DIR: dataDir,
    KNTC_USERS_FILE: path.join(__dirname, 'users.yaml'),
    PORT: '0',
    // The suites drive hundreds of commands per user within seconds; the rate-limit tests set their own limit.
    KNTC_RATE_LIMIT_WRITES: '100000/60',
    ...options.env,
  });
  const engine = await openEngine(config);
  const clock = new ManualClock(new Date(TEST_NOW));
  let app: INestApplication;
  try {
    app = await createApiApp(engine, config, {
      clock,
      // The read-model settings from the same variables as the config, under a key root of this app's own.
      env: { KNTC_REDIS_PREFIX: `kntc:test-${randomUUID()}:`, ...process.env, ...options.env },
      logLevel: options.logLevel ?? 'silent',
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    });
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await engine.store.close();
    await engine.vault.close();
    if (options.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // With OIDC there is no embedded issuer: its tokens are then signed with a key the API does not trust.
  const tokens =
    config.security.authMode === 'local'
      ? app.get(TokenService)
      : new TokenService({ secret: 'x'.repeat(64), users: UsersDirectory.load(path.join(__dirname, 'users.yaml')) });
  const cache = new Map<string, string>();
  const token = (user: TestUser): string => {
    if (!cache.has(user)) cache.set(user, tokens.issue(user).token);
    return cache.get(user)!;
  };

  const send = async <T>(method: string, urlPath: string, body: unknown, options: RequestOptions = {}): Promise<ApiAnswer<T>> => {
    const headers: Record<string, string> = { ...(options.as ? { authorization: `Bearer ${token(options.as)}` } : {}) };
    // Commands require an Idempotency-Key; a fresh one per request unless the test sends its own (or '' for none).
    if (method === 'POST' && !Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key')) headers['idempotency-key'] = randomUUID();
    let payload: string | undefined;
    if (options.rawBody !== undefined || body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = options.rawBody ?? JSON.stringify(body);
    }
    const response = await fetch(`${baseUrl}${urlPath}`, { method, headers: { ...headers, ...options.headers }, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    if (options.contract !== false) assertKeepsContract(method, urlPath, response.status, response.headers.get('content-type'), text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (the Swagger UI page): keep the text.
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };

  const post = (urlPath: string, body: unknown, options?: RequestOptions) => send<CommandAnswerBody>('POST', urlPath, body, options);
  return {
    app,
    baseUrl,
    clock,
    dataDir,
    tokens,
    token,
    get: <T>(urlPath: string, options?: RequestOptions) => send<T>('GET', urlPath, undefined, options),
    post,
    command: (caseId, action, body, user, headers = {}) => post(`/api/cases/${caseId}/${action}`, body, { as: user, headers }),
    caseOf: (caseId, user) => send<CaseAnswerBody>('GET', `/api/cases/${caseId}`, undefined, { as: user }),
    historyOf: (caseId, user) => send<HistoryAnswerBody>('GET', `/api/cases/${caseId}/history`, undefined, { as: user }),
    revisionOf: async (caseId) => {
      const answer = await send<{ revision: number }>('GET', `/api/cases/${caseId}/history`, undefined, { as: USERS.supervisor });
      if (answer.status === 404) return -1;
      if (answer.status !== 200) throw new Error(`history of ${caseId}: ${answer.status} ${answer.text}`);
      return answer.body.revision;
    },
    close: async () => {
      await app.close();
      if (options.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A complete filing of a case kind in so-tnmt, received on the test day; `overrides` replace fields. */
export function filing(kind: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const filer = kind === 'denunciation' ? 'denouncer' : kind === 'petition' ? 'petitioner' : 'complainant';
  return {
    kind,
    department: DEPARTMENT,
    channel: 'in-person',
    receivedOn: '2026-03-02',
    subject: 'Khiếu nại quyết định thu hồi đất tại phường Hòa Bình',
    content: 'Đề nghị xem xét lại mức bồi thường khi thu hồi 120 m² đất ở.',
    parties: [{ role: filer, name: 'Nguyễn Thị Ánh', idNumber: '001190012345', address: 'Số 12 Lê Lợi', confidential: false }],
    remoteArea: false,
    ...overrides,
  };
}
