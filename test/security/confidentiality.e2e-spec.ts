import * as path from 'node:path';
import { SqliteEventStore } from '@kntc/event-store';
import {
  createProjections,
  deleteKeys,
  DepartmentReportService,
  exportDepartmentReport,
  openReadModelRedis,
  prefixPattern,
  ProjectionRunner,
  ReadModelKeys,
  resolveReportWindow,
  unavailableSpreadsheetWriter,
} from '@kntc/read-models';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { assertBuilt, CLI_TEST_TIMEOUT_MS, runKntc } from '../cli/kntc-cli';
import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type CaseAnswerBody, type TestUser } from '../e2e/support/api-test-app';
import { DENUNCIATION_COURSE, filesOf, LogCapture, WORKFLOWS } from './support/security-fixtures';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const denouncer = {
  role: 'denouncer',
  name: 'Phan Văn Khải',
  idNumber: '079085001234',
  phone: '0903123456',
  email: 'khai.phan@example.vn',
  address: 'Số 5 Trần Phú, phường Hòa Bình',
  confidential: false,
};
const accused = { role: 'accused', name: 'Trương Văn Bình', confidential: false };
/** What must never leave the vault: the name (as typed, NFC or NFD) and the ID number. */
const SECRETS = [denouncer.name, denouncer.name.normalize('NFD'), denouncer.idNumber, denouncer.phone, denouncer.email];
const REASON = 'Xác minh nhân thân người tố cáo theo đề nghị của thanh tra viên';


function expectNoSecret(where: string, text: string | Buffer): void {
  for (const secret of SECRETS) {
    const found = typeof text === 'string' ? text.includes(secret) : text.includes(Buffer.from(secret, 'utf8'));
    if (found) throw new Error(`${where} holds "${secret}"`);
  }
}

describe("a denunciation run through its whole course: the denouncer's identity", () => {
  const logs = new LogCapture();
  const answers: Array<{ what: string; text: string }> = [];
  let api: ApiTestApp;
  let caseId: string;

  const seen = <T>(what: string, answer: ApiAnswer<T>): ApiAnswer<T> => {
    answers.push({ what, text: answer.text });
    return answer;
  };
  const reveal = (as: TestUser, reason = REASON) =>
    api.post(`/api/cases/${caseId}/identity-reveal`, { reason }, { as }) as unknown as Promise<ApiAnswer<CaseAnswerBody & { identityStatus?: string }>>;
  const accessLog = () => api.get<{ entries: Array<{ type: string; data: Record<string, unknown> }>; chain: { valid: boolean } }>(`/api/cases/${caseId}/identity-access`, { as: USERS.supervisor });

  beforeAll(async () => {
    assertBuilt();
    api = await startApiTestApp({ logDestination: logs, logLevel: 'trace' });
    const filed = seen('filing', await api.post('/api/cases', filing('denunciation', { parties: [denouncer, accused] }), { as: USERS.intake, headers: { 'X-Correlation-Id': 'to-cao-0001' } }));
    expect(filed.status).toBe(201);
    caseId = filed.body.caseId;
    for (const step of DENUNCIATION_COURSE) {
      const answer = seen(step.action, await api.command(caseId, step.action, step.body ?? {}, step.as));
      if (answer.status !== 200) throw new Error(`${step.action} as ${step.as}: ${answer.status} ${answer.text}`);
    }
    for (const user of Object.values(USERS)) {
      seen(`case as ${user}`, await api.caseOf(caseId, user));
      seen(`history as ${user}`, await api.historyOf(caseId, user));
      // The read-model queries: answered from Redis when the API has one, 503 otherwise; searched either way.
      for (const query of [`/api/cases/${caseId}/summary`, '/api/cases?department=so-tnmt', '/api/departments/so-tnmt/summary', '/api/deadline-board', '/api/me/inbox']) {
        seen(`${query} as ${user}`, await api.get(query, { as: user }));
      }
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('ends closed', async () => {
    expect((await api.caseOf(caseId, USERS.head)).body.stage).toBe('closed');
  });

  it('appears in no answer of the API, to any role, cleared or not, without a recorded reveal', () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const { what, text } of answers) expectNoSecret(`the answer to ${what}`, text);
  });

  it('appears in no log line, at trace level', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.lines.length).toBeGreaterThan(DENUNCIATION_COURSE.length);
    expectNoSecret('the API log', logs.text);
  });

  it('appears nowhere in the files of the data folder: event store, its WAL, key store, secrets', () => {
    const files = filesOf(api.dataDir);
    // The accused is not confidential: finding their name shows the search reads the stored events.
    expect(files.filter(({ bytes }) => bytes.includes(Buffer.from(accused.name, 'utf8'))).length).toBeGreaterThan(0);
    for (const { name, bytes } of files) expectNoSecret(name, bytes);
  });

  it('appears in no report, JSON or CSV, of the department for the period', async () => {
    const store = SqliteEventStore.open(path.join(api.dataDir, 'events.sqlite'));
    try {
      const report = await new DepartmentReportService(store, WORKFLOWS).build('so-tnmt', resolveReportWindow({ period: '2026-Q1' }));
      expectNoSecret('the report', JSON.stringify(report));
      expectNoSecret('the CSV export', Buffer.from((await exportDepartmentReport(report, 'csv', unavailableSpreadsheetWriter)).body));
    } finally {
      await store.close();
    }
    const overHttp = await api.get(`/api/reports/departments/so-tnmt?period=2026-Q1`, { as: USERS.head });
    if (overHttp.status !== 404) expectNoSecret('the report over HTTP', overHttp.text);
  });

  it('appears in no Redis key or value of the read models built from the store', async () => {
    const redis: Redis = openReadModelRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    const root = `kntc:test-${randomUUID()}:`;
    const store = SqliteEventStore.open(path.join(api.dataDir, 'events.sqlite'));
    try {
      if ((await redis.ping().catch(() => 'down')) !== 'PONG') {
        console.warn('SKIPPED: no Redis reachable (REDIS_URL or 127.0.0.1:6379): read models not searched');
        return;
      }
      const keys = new ReadModelKeys(root);
      for (const projection of createProjections({ workflows: WORKFLOWS })) {
        await new ProjectionRunner({ store, redis, keys, projection, mode: 'rebuild', tuning: { batchWindowMs: 5 } }).run();
      }
      const found = await redis.keys(prefixPattern(root));
      expect(found.length).toBeGreaterThan(0);
      const values: string[] = [];
      for (const key of found) {
        expectNoSecret(`Redis key ${key}`, key);
        const type = await redis.type(key);
        const value =
          type === 'string' ? await redis.get(key)
          : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
          : type === 'zset' ? JSON.stringify(await redis.zrange(key, '0', '-1'))
          : type === 'set' ? JSON.stringify(await redis.smembers(key))
          : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
          : type === 'stream' ? JSON.stringify(await redis.xrange(key, '-', '+'))
          : '';
        expectNoSecret(`Redis ${type} ${key}`, value ?? '');
        values.push(value ?? '');
      }
      expect(values.some((value) => value.includes(accused.name))).toBe(true);
    } finally {
      await deleteKeys(redis, prefixPattern(root)).catch(() => undefined);
      await store.close();
      redis.disconnect();
    }
  });

  describe('read by a cleared role', () => {
    it('is shown decrypted to the head of the department who gives a reason, and the read is recorded: who, when, why', async () => {
      const answer = await reveal(USERS.head);
      expect(answer.status).toBe(200);
      expect(answer.body.parties).toEqual([{ ...denouncer, confidential: true }, accused]);
      expect(answer.body.identityStatus).toBe('revealed');
      const log = await accessLog();
      expect(log.body.chain).toMatchObject({ valid: true });
      expect(log.body.entries.at(-1)).toMatchObject({
        type: 'IdentityRevealed',
        data: { caseId, actor: { id: USERS.head, role: 'head', department: 'so-tnmt' }, reason: REASON, revealedAt: expect.any(String), parties: 1 },
      });
      expectNoSecret('the access log', log.text);
    });

    it('is shown to the intake officer who registered it and to the director, each read recorded', async () => {
      const before = (await accessLog()).body.entries.length;
      for (const user of [USERS.intake, USERS.director]) expect((await reveal(user)).body.parties[0]).toMatchObject({ name: denouncer.name, idNumber: denouncer.idNumber });
      expect((await accessLog()).body.entries.slice(before).map((e) => (e.data['actor'] as { id: string }).id)).toEqual([USERS.intake, USERS.director]);
    });

    it('is not revealed without a reason (400), and nothing is recorded', async () => {
      const before = (await accessLog()).body.entries.length;
      const answer = await api.post(`/api/cases/${caseId}/identity-reveal`, {}, { as: USERS.head });
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: 'reveal-reason-required' });
      expect((await accessLog()).body.entries).toHaveLength(before);
    });

    it('is not revealed to the inspector, the supervisor or VP UBND (403), and nothing is recorded', async () => {
      const before = (await accessLog()).body.entries.length;
      for (const user of [USERS.inspector, USERS.supervisor, USERS.ubnd]) {
        const answer = await reveal(user);
        expect({ user, status: answer.status }).toEqual({ user, status: 403 });
        expectNoSecret(`the refusal to ${user}`, answer.text);
      }
      expect((await accessLog()).body.entries).toHaveLength(before);
    });

    it('leaves no plaintext in the logs of those reads', () => {
      expectNoSecret('the API log', logs.text);
    });
  });

  describe('after its case key is erased with kntc cases shred', () => {
    let shred: Awaited<ReturnType<typeof runKntc>>;
    beforeAll(async () => {
      shred = await runKntc(['cases', 'shred', caseId, '--reason', 'Hết thời hạn lưu trữ', '--operator', 'quan-tri-vien', '--yes'], api.dataDir);
    });

    it('is erased, and the erasure is recorded in the access log', async () => {
      expect({ code: shred.code, stderr: shred.stderr }).toEqual({ code: 0, stderr: '' });
      expect((await accessLog()).body.entries.at(-1)).toMatchObject({ type: 'CaseKeyShredded', data: { caseId, operator: 'quan-tri-vien', reason: 'Hết thời hạn lưu trữ' } });
    });

    it('reads as erased for good, even for the head with a reason, and that read decrypts nothing', async () => {
      const before = (await accessLog()).body.entries.length;
      const answer = await reveal(USERS.head);
      expect(answer.status).toBe(200);
      expect(answer.body.identityStatus).toBe('shredded');
      expect(answer.body.parties).toEqual([{ role: 'denouncer', name: '[Đã xóa vĩnh viễn]', confidential: true }, accused]);
      expectNoSecret('the answer after shredding', answer.text);
      expect((await accessLog()).body.entries).toHaveLength(before);
    });

    it('leaves the rest of the history valid, with its audit chain intact', async () => {
      const history = await api.historyOf(caseId, USERS.supervisor);
      expect(history.status).toBe(200);
      expect(history.body.events.map((e) => e.type)).toContain('CaseClosed');
      expect((history.body as unknown as { chain: unknown }).chain).toMatchObject({ valid: true });
      const verify = await runKntc(['audit', 'verify', '--case', caseId], api.dataDir);
      expect({ code: verify.code, out: verify.stdout }).toEqual({ code: 0, out: expect.stringContaining('audit chain verified') });
    });

    it('shows the case itself as before', async () => {
      const view = await api.caseOf(caseId, USERS.head);
      expect(view.body).toMatchObject({ stage: 'closed', identityStatus: 'shredded', parties: [{ role: 'denouncer', name: '[Đã xóa vĩnh viễn]', confidential: true }, accused] });
    });
  });
});
