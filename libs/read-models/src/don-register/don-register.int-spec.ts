import type { DonEvent } from '@kntc/domain';
import { ProjectionRunner } from '@kntc/read-models';
import { randomUUID } from 'node:crypto';
import { dumpPrefix, openTestStore, TestRedis, type TestStore } from '../../../../test/read-models/support/read-model-fixtures';
import { DonRegisterProjection } from './don-register.projection';
import { DonRegisterQueries } from './don-register.queries';
import { donSignFunction } from './don-signs';

const TUNING = { batchSize: 3, batchWindowMs: 10, leaseTtlMs: 600, standbyRetryMs: 50, idleCheckMs: 20 };
const DEPARTMENT = 'so-tnmt';
const sign = donSignFunction(Buffer.alloc(32, 7));
const CITIZEN = 'citizen-key-of-an';
const NAME = 'Nguyễn Thị Ánh';

function registered(donId: string, receivedOn: string, more: Partial<Extract<DonEvent, { type: 'DonRegistered' }>['data']> = {}): DonEvent {
  return {
    type: 'DonRegistered',
    data: {
      donId,
      department: DEPARTMENT,
      matterId: `m-${donId}`,
      source: { kind: 'post' },
      receivedOn,
      registeredAt: `${receivedOn}T02:00:00.000Z`,
      signers: 1,
      anonymous: false,
      parties: [{ role: 'complainant', name: NAME, idNumber: '001190012345', address: 'Số 5 phố Hàng Bông', confidential: false }],
      citizenKey: CITIZEN,
      respondent: 'UBND phường Hàng Trống',
      subject: 'Khiếu nại quyết định thu hồi đất',
      content: 'Khiếu nại Quyết định số 12/QĐ-UBND thu hồi đất của gia đình bà tại thửa số 45.',
      processingRule: 'DON.PROCESS.10D',
      ...more,
    },
  };
}

describe('the đơn register and its candidate index', () => {
  let test: TestRedis;
  let sqlite: TestStore;
  let queries: DonRegisterQueries;
  let runner: ProjectionRunner;
  const ids = { first: randomUUID(), repeat: randomUUID(), other: randomUUID(), elsewhere: randomUUID() };
  const caseId = randomUUID();

  async function append(donId: string, events: DonEvent[]): Promise<void> {
    const existing = await sqlite.store.readStream(`don-${donId}`);
    await sqlite.store.append(
      `don-${donId}`,
      events.map((event) => ({ id: randomUUID(), type: event.type, schemaVersion: 1, data: event.data as unknown as Record<string, unknown>, metadata: { occurredAt: new Date().toISOString() } })),
      existing.length - 1,
    );
  }

  beforeAll(async () => {
    test = new TestRedis();
    sqlite = openTestStore();
    queries = new DonRegisterQueries(test.redis, test.keys, sign);
    runner = new ProjectionRunner({ store: sqlite.store, redis: test.redis, keys: test.keys, projection: new DonRegisterProjection(sign), tuning: TUNING });
    await append(ids.first, [
      registered(ids.first, '2026-03-02'),
      { type: 'DonClassified', data: { donId: ids.first, at: '2026-03-03T02:00:00.000Z', content: 'complaint', qualifying: true, competence: 'within' } },
      { type: 'DonAcceptedIntoCase', data: { donId: ids.first, at: '2026-03-05T02:00:00.000Z', caseId, kind: 'complaint-first', acceptedAt: '2026-03-05T02:00:00.000Z', matterId: `m-${ids.first}` } },
    ]);
    // The same matter typed on another keyboard (NFD) and without the marks of the respondent.
    await append(ids.repeat, [
      registered(ids.repeat, '2026-04-06', {
        subject: 'Khiếu nại quyết định thu hồi đất'.normalize('NFD'),
        content: 'Tiếp tục khiếu nại Quyết định số 12/QĐ-UBND thu hồi đất của gia đình tại thửa số 45.'.normalize('NFD'),
        respondent: 'UBND phuong Hang Trong',
        repeatOf: { donId: ids.first },
      }),
    ]);
    await append(ids.other, [
      registered(ids.other, '2026-03-20', { citizenKey: 'citizen-key-of-binh', respondent: 'Công ty Môi trường', subject: 'Phản ánh ô nhiễm tiếng ồn', content: 'Xưởng cơ khí gây ồn ban đêm.' }),
      { type: 'DonClassified', data: { donId: ids.other, at: '2026-03-21T02:00:00.000Z', content: 'petition', qualifying: true, competence: 'outside', competentBody: 'UBND xã' } },
      { type: 'DonForwarded', data: { donId: ids.other, at: '2026-03-22T02:00:00.000Z', documentNo: '15/PC', documentDate: '2026-03-22', toBody: 'UBND xã', content: 'petition' } },
    ]);
    await append(ids.elsewhere, [registered(ids.elsewhere, '2026-03-10', { department: 'so-xd' })]);
    await runner.catchUp();
  });

  afterAll(async () => {
    await runner.stop();
    await test.cleanup();
    await sqlite.cleanup();
  });

  it('lists a department’s đơn newest first, paged inside Redis, with counters', async () => {
    const page1 = await queries.list(DEPARTMENT, { pageSize: 2 });
    expect(page1.items.map((r) => r.donId)).toEqual([ids.repeat, ids.other]);
    expect(page1.total).toBe(3);
    expect((await queries.list(DEPARTMENT, { pageSize: 2, page: 2 })).items.map((r) => r.donId)).toEqual([ids.first]);
    expect(page1.counts).toEqual({
      total: 3,
      'status:open': 1,
      'status:processed': 2,
      'source:post': 3,
      'content:complaint': 1,
      'content:petition': 1,
      'outcome:DonAcceptedIntoCase': 1,
      'outcome:DonForwarded': 1,
      repeated: 1,
    });
  });

  it('filters by status', async () => {
    expect((await queries.list(DEPARTMENT, { status: 'open' })).items.map((r) => r.donId)).toEqual([ids.repeat]);
    expect((await queries.list(DEPARTMENT, { status: 'processed' })).items.map((r) => r.donId)).toEqual([ids.other, ids.first]);
  });

  it('finds the đơn and the case of the same matter for a draft, diacritic-insensitively, ranked by the domain’s similarity', async () => {
    const answer = await queries.candidates(DEPARTMENT, {
      citizenKey: CITIZEN,
      respondent: 'ubnd phuong hang trong',
      subject: 'khieu nai quyet dinh thu hoi dat',
      content: 'Khiếu nại Quyết định số 12/QĐ-UBND thu hồi đất của gia đình bà tại thửa số 45.',
    });
    expect(answer.dons.map((d) => d.donId)).toEqual([ids.first, ids.repeat]);
    expect(answer.dons[0]!.similarity).toMatchObject({ sameCitizen: true, sameRespondent: true, contentSimilarity: 1, score: 1 });
    expect(answer.cases).toEqual([expect.objectContaining({ caseId, donIds: [ids.first] })]);
  });

  it('finds the candidates of a registered đơn from the signs the index keeps, itself left out', async () => {
    const answer = await queries.candidatesOfDon(ids.repeat);
    expect(answer?.department).toBe(DEPARTMENT);
    expect(answer?.dons.map((d) => d.donId)).toEqual([ids.first]);
    expect(answer?.cases.map((c) => c.caseId)).toEqual([caseId]);
    expect(await queries.candidatesOfDon(randomUUID())).toBeUndefined();
  });

  it('finds nothing for an unrelated draft, nor across departments', async () => {
    expect(await queries.candidates(DEPARTMENT, { subject: 'Đề nghị cấp giấy phép xây dựng', content: 'Xin cấp phép sửa nhà.' })).toEqual({ dons: [], cases: [] });
    const elsewhere = await queries.candidates('so-xd', { citizenKey: CITIZEN, subject: 'Khiếu nại quyết định thu hồi đất', content: 'x' });
    expect(elsewhere.dons.map((d) => d.donId)).toEqual([ids.elsewhere]);
  });

  it('writes no name, address, ID number or free text to Redis', async () => {
    const dump = JSON.stringify(await dumpPrefix(test.redis, test.keys.root));
    for (const secret of [NAME, NAME.normalize('NFD'), 'nguyen thi anh', '001190012345', 'Hàng Bông', 'Hàng Trống', 'hang trong', 'thu hồi đất', 'thu hoi dat', 'ô nhiễm']) {
      expect(dump).not.toContain(secret);
    }
  });

  it('applied again from the start, writes the same keys and values', async () => {
    const before = await dumpPrefix(test.redis, test.keys.root);
    const keys = test.newKeys();
    const again = new ProjectionRunner({ store: sqlite.store, redis: test.redis, keys, projection: new DonRegisterProjection(sign), tuning: { ...TUNING, batchSize: 1 } });
    await again.catchUp();
    await again.stop();
    const after = await dumpPrefix(test.redis, keys.root);
    const model = (dump: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(dump).flatMap(([k, v]) => (/^rm:don-register:[^:]+:(row|signs?|received|status|counts):/.test(k) ? [[k.replace(/^rm:don-register:[^:]+:/, ''), v]] : [])));
    expect(Object.keys(model(before)).length).toBeGreaterThan(10);
    expect(model(after)).toEqual(model(before));
  });
});
