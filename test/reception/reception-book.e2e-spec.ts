import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Redis } from 'ioredis';
import { openReadModelRedis, prefixPattern } from '@kntc/read-models';
import { startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { LogCapture } from '../security/support/security-fixtures';

jest.setTimeout(60_000);

const visitor = { role: 'complainant', name: 'Lê Thị Hồng Nhung', address: 'Thôn Đông, xã Liêm Tuyền', idNumber: '035190004321', confidential: false };
const representatives = [
  { role: 'representative', name: 'Trần Văn Quyết', idNumber: '035088001111', confidential: false },
  { role: 'representative', name: 'Đỗ Thị Mến', idNumber: '035092002222', confidential: false },
];
const SECRETS = [visitor.name, visitor.name.normalize('NFD'), visitor.idNumber, visitor.address, ...representatives.flatMap((r) => [r.name, r.idNumber])];

/** Monday 09/03/2026, 09:00 in Hà Nội. */
const SESSION_DAY = '2026-03-09';
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+07:00`);

interface SessionAnswer {
  sessionId: string;
  revision: number;
  position: string;
  session: { status: string; visits: Array<{ visitNo: number; parties: Array<{ name: string }> }>; schedule?: { published?: { late: boolean; workingDaysAhead: number } } };
  code?: string;
}

describe('a leader reception session planned, posted, held and printed in the reception book', () => {
  const logs = new LogCapture();
  const prefix = `kntc:test-reception-${randomUUID()}:`;
  let api: ApiTestApp;
  let redis: Redis;
  let sessionId: string;
  let lastPosition = '0';
  let lateId: string;

  const send = async (path: string, body: unknown, as: TestUser, headers: Record<string, string> = {}): Promise<ApiAnswer<SessionAnswer>> => {
    const answer = (await api.post(path, body, { as, headers, contract: false })) as unknown as ApiAnswer<SessionAnswer>;
    if (answer.status < 300) lastPosition = answer.body.position;
    return answer;
  };
  const command = (id: string, action: string, body: unknown, as: TestUser, headers: Record<string, string> = {}) => send(`/api/reception-sessions/${id}/${action}`, body, as, headers);
  const book = async (as: TestUser): Promise<ExcelJS.Worksheet> => {
    const response = await fetch(`${api.baseUrl}/api/reception-book.xlsx?department=so-tnmt&from=2026-03-01&to=2026-03-31&after=${lastPosition}`, { headers: { authorization: `Bearer ${api.token(as)}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    return workbook.getWorksheet('Sổ tiếp công dân')!;
  };

  beforeAll(async () => {
    const redisUrl = process.env['REDIS_URL'];
    if (!redisUrl) throw new Error('REDIS_URL is not set: run through `node scripts/with-redis.js npx jest ...`');
    api = await startApiTestApp({ env: { REDIS_URL: redisUrl, KNTC_REDIS_PREFIX: prefix }, logDestination: logs, logLevel: 'debug' });
    redis = openReadModelRedis(redisUrl);
  });
  afterAll(async () => {
    await api?.close();
    redis?.disconnect();
  });

  it('plans the Director session of Mon 09/03 and posts it on Mon 02/03: 5 working days ahead, on time', async () => {
    const planned = await send('/api/reception-sessions', { action: 'plan', department: 'so-tnmt', kind: 'leader-periodic', date: SESSION_DAY, place: 'Trụ sở tiếp công dân Sở TN&MT', leader: 'Giám đốc Sở' }, USERS.head);
    expect(planned.status).toBe(201);
    sessionId = planned.body.sessionId;
    const published = await command(sessionId, 'publish', {}, USERS.head, { 'if-match': `"${planned.body.revision}"` });
    expect(published.status).toBe(200);
    expect(published.body.session.schedule?.published).toMatchObject({ workingDaysAhead: 5, late: false });
  });

  it('refuses scheduling to the intake officer, and a session posted 3 working days ahead is flagged late', async () => {
    const refused = await send('/api/reception-sessions', { action: 'plan', department: 'so-tnmt', kind: 'leader-adhoc', date: '2026-03-12', place: 'Trụ sở' }, USERS.intake);
    expect(refused.status).toBe(403);
    const planned = await send('/api/reception-sessions', { action: 'plan', department: 'so-tnmt', kind: 'leader-adhoc', date: '2026-03-12', place: 'Trụ sở' }, USERS.director);
    expect(planned.status).toBe(201);
    lateId = planned.body.sessionId;
    api.clock.set(at(SESSION_DAY));
    const published = await command(lateId, 'publish', {}, USERS.director);
    expect(published.body.session.schedule?.published).toMatchObject({ workingDaysAhead: 3, late: true });
  });

  it('opens the register from the schedule entry and records four visits; a delegation without representatives is refused and nothing appended', async () => {
    expect((await command(sessionId, 'open', {}, USERS.director)).status).toBe(200);
    const base = { summary: 'Khiếu nại mức bồi thường khi thu hồi đất tại xã Liêm Tuyền', classification: 'complaint', handledBefore: ['UBND xã Liêm Tuyền'] };
    const guided = await command(sessionId, 'record-visit', { ...base, citizens: 1, parties: [visitor], outcome: { kind: 'guided', toBody: 'UBND xã Liêm Tuyền' } }, USERS.intake);
    expect(guided.status).toBe(200);
    const revision = guided.body.revision;
    const noRepresentatives = await command(sessionId, 'record-visit', { ...base, citizens: 7, parties: representatives, outcome: { kind: 'forwarded', toBody: 'UBND tỉnh' } }, USERS.intake);
    expect(noRepresentatives.status).toBe(422);
    expect(noRepresentatives.body.code).toBe('delegation-required');
    expect((await api.get<{ revision: number }>(`/api/reception-sessions/${sessionId}`, { as: USERS.intake, contract: false })).body.revision).toBe(revision);
    const delegation = await command(
      sessionId,
      'record-visit',
      { ...base, citizens: 7, delegation: { size: 7, representatives: 2 }, parties: representatives, outcome: { kind: 'forwarded', toBody: 'Sở Xây dựng' }, repeated: true },
      USERS.intake,
    );
    expect(delegation.status).toBe(200);
    const refused = await command(sessionId, 'record-visit', { summary: 'Lời lẽ xúc phạm cán bộ tiếp', classification: 'petition', citizens: 1, parties: [], outcome: { kind: 'refused', refusalGround: 'TCD9.2' } }, USERS.intake);
    expect(refused.status).toBe(200);
    const key = randomUUID();
    const donReceived = { summary: 'Tố cáo cán bộ địa chính', classification: 'denunciation', citizens: 1, parties: [visitor], outcome: { kind: 'don-received', donId: 'DON-2026-0001' } };
    const received = await command(sessionId, 'record-visit', donReceived, USERS.intake, { 'idempotency-key': key });
    expect(received.body.session.visits.map((v) => v.visitNo)).toEqual([1, 2, 3, 4]);
    const replay = await command(sessionId, 'record-visit', donReceived, USERS.intake, { 'idempotency-key': key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.revision).toBe(received.body.revision);
    expect(received.text).not.toContain(visitor.name);
  });

  it('issues the Director conclusion notice and closes the session', async () => {
    const conclusion = await command(sessionId, 'issue-conclusion', { documentNo: '15/TB-STNMT', documentDate: SESSION_DAY, summary: 'Giao Chi cục Quản lý đất đai kiểm tra, trả lời công dân' }, USERS.director);
    expect(conclusion.status).toBe(200);
    expect((await command(sessionId, 'close', {}, USERS.intake)).body.session.status).toBe('closed');
    expect((await command(sessionId, 'record-visit', { summary: 'x', classification: 'petition', citizens: 1, parties: [], outcome: { kind: 'answered' } }, USERS.intake)).body.code).toBe(
      'command-not-allowed-in-status',
    );
  });

  it('lists the fixed days and the leader sessions of March, the late posting flagged', async () => {
    const answer = await api.get<{ regular: Array<{ date: string; place: string }>; sessions: Array<{ sessionId: string; late: boolean; status: string }> }>(
      `/api/reception-schedule?department=so-tnmt&from=2026-03-01&to=2026-03-31&after=${lastPosition}`,
      { as: USERS.intake, contract: false },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.regular.map((s) => s.date)).toEqual(['2026-03-05', '2026-03-12', '2026-03-19', '2026-03-20', '2026-03-26']);
    expect(answer.body.sessions).toEqual([
      expect.objectContaining({ sessionId, status: 'closed', late: false }),
      expect.objectContaining({ sessionId: lateId, status: 'planned', late: true }),
    ]);
  });

  it('prints the book (Mẫu 03/TCD) with identities for the Director, cleared to read them', async () => {
    const sheet = await book(USERS.director);
    const row = (n: number) => sheet.getRow(n).values as unknown[];
    expect(row(1)[1]).toBe('SỔ TIẾP CÔNG DÂN');
    expect(row(5).slice(1)).toEqual([
      'STT',
      'Ngày tiếp',
      'Họ tên, địa chỉ',
      'Số CCCD/CMND/Hộ chiếu',
      'Nội dung vụ việc',
      'Phân loại đơn (KN/TC/KN, PA)',
      'Số người',
      'Cơ quan đã giải quyết',
      'Thuộc thẩm quyền (x)',
      'Hướng dẫn, giải thích, trả lời',
      'Chuyển đơn đến cơ quan',
      'Theo dõi kết quả',
      'Ghi chú',
    ]);
    const cells = (n: number) => Array.from({ length: 13 }, (_, i) => sheet.getRow(n).getCell(i + 1).value ?? '');
    expect(cells(7)).toEqual([
      1,
      '09/03/2026',
      'Lê Thị Hồng Nhung, Thôn Đông, xã Liêm Tuyền',
      '035190004321',
      'Khiếu nại mức bồi thường khi thu hồi đất tại xã Liêm Tuyền',
      'KN',
      1,
      'UBND xã Liêm Tuyền',
      '',
      'Hướng dẫn đến UBND xã Liêm Tuyền',
      '',
      '',
      'Lãnh đạo tiếp định kỳ; Giám đốc Sở',
    ]);
    expect(cells(8)).toEqual([
      2,
      '09/03/2026',
      'Trần Văn Quyết; Đỗ Thị Mến',
      '035088001111; 035092002222',
      'Khiếu nại mức bồi thường khi thu hồi đất tại xã Liêm Tuyền',
      'KN',
      '7 (đoàn đông người, 2 người đại diện)',
      'UBND xã Liêm Tuyền',
      '',
      '',
      'Sở Xây dựng',
      '',
      'Lãnh đạo tiếp định kỳ; Giám đốc Sở; Vụ việc lặp lại',
    ]);
    expect(cells(9)[5]).toBe('KN, PA');
    expect(String(cells(9)[9])).toContain('Từ chối tiếp: Người có hành vi đe dọa, xúc phạm');
    expect(cells(10).slice(4, 12)).toEqual(['Tố cáo cán bộ địa chính', 'TC', 1, '', 'x', '', '', 'Đã nhận đơn số DON-2026-0001']);
    expect(sheet.rowCount).toBe(10);
  });

  it('leaves the identity columns blank for the supervisor, not cleared to read identities', async () => {
    const sheet = await book(USERS.supervisor);
    for (const n of [7, 8, 9, 10]) {
      expect(sheet.getRow(n).getCell(3).value ?? '').toBe('');
      expect(sheet.getRow(n).getCell(4).value ?? '').toBe('');
    }
    expect(sheet.getRow(7).getCell(5).value).toBe('Khiếu nại mức bồi thường khi thu hồi đất tại xã Liêm Tuyền');
  });

  it("keeps the visitors' identities out of Redis and out of the logs", async () => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', 500);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    expect(keys.some((key) => key.includes(':rm:reception-sessions:'))).toBe(true);
    const dump: string[] = [...keys];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') dump.push((await redis.get(key)) ?? '');
      else if (type === 'hash') dump.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'zset') dump.push(JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES')));
      else if (type === 'set') dump.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'list') dump.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    }
    const text = dump.join('\n');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(logs.text).not.toContain(secret);
  });
});
