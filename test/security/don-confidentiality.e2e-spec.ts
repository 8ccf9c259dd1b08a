import { randomUUID } from 'node:crypto';
import { deleteKeys, openReadModelRedis, prefixPattern } from '@kntc/read-models';
import { foldVietnamese } from '@kntc/domain';
import { startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { requireRedisUrl } from '../read-models/support/read-model-fixtures';
import { filesOf, LogCapture } from './support/security-fixtures';

jest.setTimeout(120_000);

/**
 * A denouncer's identity on a đơn's course, refusals included (Luật Tố cáo 2018, art. 47–56): only a cleared
 * officer's recorded reveal answers it; never a log line, another answer, the data folder in plaintext, Redis, the
 * department's report.
 */
const denouncer = { role: 'denouncer', name: 'Hoàng Thị Phương Thảo', idNumber: '034196007788', address: 'Số 9 ngõ 14 Nguyễn Trãi', phone: '0912345678', confidential: false };
const SECRETS = [denouncer.name, denouncer.name.normalize('NFD'), foldVietnamese(denouncer.name), denouncer.idNumber, denouncer.address, foldVietnamese(denouncer.address), denouncer.phone];
const nineAm = (date: string) => new Date(`${date}T09:00:00+07:00`).toISOString();
const registration = (overrides: Record<string, unknown> = {}) => ({
  department: 'so-tnmt',
  source: { kind: 'post' },
  receivedOn: '2026-03-02',
  signers: 1,
  anonymous: false,
  // The form says "not confidential": a denouncer is confidential whatever it says.
  parties: [denouncer, { role: 'accused', name: 'Trương Văn Bình', confidential: false }],
  respondent: 'Trương Văn Bình',
  subject: 'Tố cáo cán bộ địa chính nhận tiền',
  content: 'Cán bộ địa chính phường nhận tiền để xác nhận hồ sơ.',
  ...overrides,
});
const READERS: TestUser[] = [USERS.intake, USERS.inspector, USERS.head, USERS.director, USERS.supervisor, USERS.ubnd, USERS.otherHead, USERS.importer, USERS.admin];

function expectNoSecret(where: string, text: string | Buffer): void {
  for (const secret of SECRETS) {
    const found = typeof text === 'string' ? text.includes(secret) : text.includes(Buffer.from(secret, 'utf8'));
    if (found) throw new Error(`${where} holds "${secret}"`);
  }
}

describe('a denunciation đơn registered, refused, revealed, processed and accepted into a case', () => {
  const logs = new LogCapture();
  const root = `kntc:test-${randomUUID()}:`;
  const answers: Array<{ what: string; text: string }> = [];
  let api: ApiTestApp;
  let donId: string;
  let caseId: string;
  let position = '0';

  const seen = <T>(what: string, answer: ApiAnswer<T>): ApiAnswer<T> => {
    answers.push({ what, text: answer.text });
    const at = (answer.body as { position?: string } | undefined)?.position;
    if (answer.status < 300 && typeof at === 'string' && BigInt(at) > BigInt(position)) position = at;
    return answer;
  };
  const post = async (what: string, path: string, body: unknown, as: TestUser = USERS.intake, headers: Record<string, string> = {}) =>
    seen(what, await api.post(path, body, { as, headers, contract: false }));

  beforeAll(async () => {
    api = await startApiTestApp({ env: { REDIS_URL: requireRedisUrl(), KNTC_REDIS_PREFIX: root }, logDestination: logs, logLevel: 'trace' });
    api.clock.set(nineAm('2026-03-02'));
    const key = randomUUID();
    const registered = await post('registration', '/api/dons', registration(), USERS.intake, { 'idempotency-key': key });
    expect(registered.status).toBe(201);
    donId = (registered.body as unknown as { donId: string }).donId;
    // Refusals that carry the identity in their request: a key reused with another body, a bad date, a role that may not register, another department.
    expect((await post('a key reused', '/api/dons', registration({ subject: 'Khác' }), USERS.intake, { 'idempotency-key': key })).status).toBe(422);
    expect((await post('a bad date', '/api/dons', registration({ receivedOn: '2026-02-30' }))).status).toBe(400);
    expect((await post('an inspector registering', '/api/dons', registration(), USERS.inspector)).status).toBe(403);
    expect((await post('another department', '/api/dons', registration({ department: 'so-xd' }))).status).toBe(403);
    expect((await post('a repeat of an unknown đơn', '/api/dons', registration({ repeatOf: { donId: randomUUID() } }))).status).toBe(404);
    // The cleared officer's reveal is the one answer that holds it (and is recorded); it is not searched.
    const revealed = await api.post(`/api/dons/${donId}/identity-reveal`, { reason: 'Xác minh người tố cáo' }, { as: USERS.head, contract: false });
    expect(revealed.text).toContain(denouncer.idNumber);
    await post('a reveal without a reason', `/api/dons/${donId}/identity-reveal`, {}, USERS.head);
    await post('a reveal by an inspector', `/api/dons/${donId}/identity-reveal`, { reason: 'Tò mò' }, USERS.inspector);
    await post('a reveal by another department', `/api/dons/${donId}/identity-reveal`, { reason: 'Tò mò' }, USERS.otherHead);
    expect((await post('classification', `/api/dons/${donId}/classify`, { content: 'denunciation', qualifying: true, competence: 'within' })).status).toBe(200);
    api.clock.set(nineAm('2026-03-03'));
    const accepted = await post('acceptance', `/api/dons/${donId}/accept-into-case`, { kind: 'denunciation' });
    expect(accepted.status).toBe(200);
    caseId = accepted.body.caseId!;
  });
  afterAll(async () => {
    await api?.close();
    const redis = openReadModelRedis(requireRedisUrl());
    await deleteKeys(redis, prefixPattern(root)).catch(() => undefined);
    redis.disconnect();
  });

  it('appears in no answer to anyone but the recorded reveal: đơn, history, register, candidates, case, refusals', async () => {
    for (const user of READERS) {
      for (const path of [
        `/api/dons/${donId}`,
        `/api/dons/${donId}/history`,
        `/api/dons/${donId}/candidates?after=${position}`,
        `/api/dons?after=${position}`,
        `/api/cases/${caseId}`,
        `/api/cases/${caseId}/history`,
      ]) {
        seen(`${path} as ${user}`, await api.get(path, { as: user, contract: false }));
      }
    }
    for (const { what, text } of answers) expectNoSecret(`the answer to ${what}`, text);
  });

  it('appears in no log line, at trace level', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expectNoSecret('the API log', logs.text);
  });

  it('appears nowhere in plaintext in the data folder: store, WAL, key store', () => {
    const files = filesOf(api.dataDir);
    // The accused is named openly: the search reads the bytes the đơn was written to.
    expect(files.some(({ bytes }) => bytes.includes(Buffer.from('Trương Văn Bình', 'utf8')))).toBe(true);
    for (const { name, bytes } of files) expectNoSecret(name, bytes);
  });

  it('appears in no Redis key or value, and in no report of the period, JSON or CSV', async () => {
    // The report-facts projection follows the store on its own: wait until the report counts the case.
    const reportPath = '/api/reports/departments/so-tnmt?from=2026-03-01&to=2026-03-31';
    for (let tries = 0; (await api.get<{ caseload?: { received: { total: number } } }>(reportPath, { as: USERS.head, contract: false })).body.caseload?.received.total !== 1; tries++) {
      if (tries > 100) throw new Error('the report never counted the case');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const format of ['json', 'csv']) {
      const report = await api.get(`${reportPath}&format=${format}`, { as: USERS.head, contract: false });
      expect(report.status).toBe(200);
      expectNoSecret(`the ${format} report`, report.text);
    }
    const redis = openReadModelRedis(requireRedisUrl());
    try {
      const keys = await redis.keys(prefixPattern(root));
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
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
      }
    } finally {
      redis.disconnect();
    }
  });
});
