import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { deleteKeys, openReadModelRedis, prefixPattern } from '@kntc/read-models';
import { startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { requireRedisUrl } from '../read-models/support/read-model-fixtures';

jest.setTimeout(120_000);

/**
 * A denouncer's identity behind the đơn surfaces (Luật Tố cáo 2018, art. 47–56): the keyed hash of a đơn's signer
 * (citizen key) joins đơn of one person, so wherever it shows or matches, a name someone can read elsewhere, or a
 * guessed one, is confirmed as the denouncer's without a recorded reveal.
 */
const nineAm = (date: string) => new Date(`${date}T09:00:00+07:00`).toISOString();
const RESPONDENT = 'Chủ tịch UBND phường Hòa Bình';
const denouncer = { role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', address: 'Số 5 Trần Phú', confidential: true };
const wrongGuess = { ...denouncer, name: 'Phan Văn Khánh', idNumber: '079085009999' };
const SECOND_INTAKE = 'tnmt-intake-2' as TestUser;
/** Everyone who reads đơn (dons.read), cleared for identities or not: none may link a đơn to a denouncer unrecorded. */
const READERS: TestUser[] = [USERS.intake, SECOND_INTAKE, USERS.inspector, USERS.inspector2, USERS.head, USERS.director, USERS.supervisor];
/** Those who may register and process đơn of the department: they can make a đơn that names whom they guess. */
const PROCESSORS: TestUser[] = [SECOND_INTAKE, USERS.head];

interface DonAnswer {
  donId: string;
  position: string;
  don: { matterId: string };
  code?: string;
  details?: Record<string, unknown>;
}
interface Candidates {
  dons: Array<{ donId: string; similarity: Record<string, unknown> }>;
}

const registration = (overrides: Record<string, unknown>) => ({
  department: 'so-tnmt',
  source: { kind: 'post' },
  receivedOn: '2026-03-02',
  signers: 1,
  anonymous: false,
  respondent: RESPONDENT,
  ...overrides,
});
const DENUNCIATION = { subject: 'Tố cáo cán bộ địa chính nhận tiền', content: 'Cán bộ địa chính phường nhận tiền để xác nhận hồ sơ cấp giấy chứng nhận.' };
/** What the same person says openly, on another matter: the register shows this đơn's signer to every reader. */
const OPEN_PETITION = { subject: 'Phản ánh đường ngập nước', content: 'Đường Lê Lợi ngập sau mỗi trận mưa, đề nghị sửa cống thoát nước.' };
const CLASSIFIED = { content: 'denunciation', qualifying: true, competence: 'outside', competentBody: 'Sở Nội vụ' };

describe('a confidential denunciation đơn whose denouncer other users try to name', () => {
  let api: ApiTestApp;
  let denunciation: DonAnswer;
  let openRight: DonAnswer;
  let openWrong: DonAnswer;
  let citizenKeys: string[];
  let lastPosition = '0';
  const root = `kntc:test-${randomUUID()}:`;

  const post = async (path: string, body: unknown, as: TestUser): Promise<ApiAnswer<DonAnswer>> => {
    const answer = (await api.post(path, body, { as, contract: false })) as unknown as ApiAnswer<DonAnswer>;
    if (answer.status < 300 && BigInt(answer.body.position) > BigInt(lastPosition)) lastPosition = answer.body.position;
    return answer;
  };
  const ok = async (answer: Promise<ApiAnswer<DonAnswer>>): Promise<DonAnswer> => {
    const settled = await answer;
    if (settled.status >= 300) throw new Error(`${settled.status} ${settled.text}`);
    return settled.body;
  };
  const candidatesOf = async (donId: string, as: TestUser) => {
    const answer = await api.get<Candidates>(`/api/dons/${donId}/candidates?after=${lastPosition}`, { as, contract: false });
    expect(answer.status).toBe(200);
    return answer;
  };
  /** The denunciation as a candidate, as a reader sees it: absent, or its score. */
  const denunciationIn = (answer: ApiAnswer<Candidates>) => answer.body.dons.find((d) => d.donId === denunciation.donId)?.similarity ?? 'absent';
  const citizenKeyOf = async (donId: string): Promise<string> => {
    const [registered] = await api.app.get<EventStore>(EVENT_STORE).readStream(`don-${donId}`);
    return registered!.data['citizenKey'] as string;
  };

  beforeAll(async () => {
    api = await startApiTestApp({ env: { REDIS_URL: requireRedisUrl(), KNTC_REDIS_PREFIX: root } });
    api.clock.set(nineAm('2026-03-02'));
    denunciation = await ok(post('/api/dons', registration({ parties: [denouncer], ...DENUNCIATION }), USERS.intake));
    await ok(post(`/api/dons/${denunciation.donId}/classify`, CLASSIFIED, USERS.intake));
    await ok(post(`/api/dons/${denunciation.donId}/guide`, { documentNo: '12/HD-TTr', toBody: 'Sở Nội vụ' }, USERS.intake));
    const openly = (person: typeof denouncer) => registration({ parties: [{ ...person, role: 'petitioner', confidential: false }], ...OPEN_PETITION });
    openRight = await ok(post('/api/dons', openly(denouncer), USERS.intake));
    openWrong = await ok(post('/api/dons', openly(wrongGuess), USERS.intake));
    citizenKeys = [await citizenKeyOf(denunciation.donId), await citizenKeyOf(openRight.donId)];
    expect(citizenKeys[0]).toBe(citizenKeys[1]);
  });
  afterAll(async () => {
    await api?.close();
    const redis = openReadModelRedis(requireRedisUrl());
    await deleteKeys(redis, prefixPattern(root)).catch(() => undefined);
    redis.disconnect();
  });

  it.each(READERS)('shows %s no citizen key in the register, a đơn, its history or its candidates', async (user) => {
    const texts = [
      (await api.get(`/api/dons?after=${lastPosition}`, { as: user, contract: false })).text,
      ...(await Promise.all(
        [denunciation, openRight].flatMap(({ donId }) => [`/api/dons/${donId}`, `/api/dons/${donId}/history`, `/api/dons/${donId}/candidates?after=${lastPosition}`].map((path) => api.get(path, { as: user, contract: false }))),
      )).map((answer) => answer.text),
    ];
    for (const text of texts) {
      expect(text).not.toContain('citizenKey');
      for (const key of citizenKeys) expect(text).not.toContain(key);
    }
  });

  it.each(READERS)('answers %s the same candidates for an open đơn of the denouncer and of another person', async (user) => {
    expect(denunciationIn(await candidatesOf(openRight.donId, user))).toEqual(denunciationIn(await candidatesOf(openWrong.donId, user)));
  });

  it.each(PROCESSORS)('answers %s the same candidates for a đơn it registers naming the denouncer or someone else', async (user) => {
    const probe = (person: typeof denouncer) => post('/api/dons', registration({ parties: [person], ...OPEN_PETITION }), user);
    const right = await probe(denouncer);
    const wrong = await probe(wrongGuess);
    expect([right.status, wrong.status]).toEqual([201, 201]);
    expect(denunciationIn(await candidatesOf(right.body.donId, user))).toEqual(denunciationIn(await candidatesOf(wrong.body.donId, user)));
  });

  it.each(PROCESSORS)('answers %s a guidance in the denunciation’s matter the same whether its đơn names the denouncer or not', async (user) => {
    const guide = async (person: typeof denouncer) => {
      const probe = await ok(post('/api/dons', registration({ parties: [person], ...DENUNCIATION, repeatOf: { donId: denunciation.donId } }), user));
      await ok(post(`/api/dons/${probe.donId}/classify`, CLASSIFIED, user));
      const answer = await post(`/api/dons/${probe.donId}/guide`, { documentNo: '13/HD-TTr' }, user);
      return { status: answer.status, code: answer.body.code, details: answer.body.details };
    };
    expect(await guide(denouncer)).toEqual(await guide(wrongGuess));
  });

  it('keeps the confidential signer’s citizen key out of the matter’s guidance and out of Redis', async () => {
    const matter = await api.app.get<EventStore>(EVENT_STORE).readStream(`matter-${denunciation.don.matterId}`);
    expect(JSON.stringify(matter.map((e) => e.data))).not.toContain(citizenKeys[0]);
    await candidatesOf(denunciation.donId, USERS.head);
    const redis = openReadModelRedis(requireRedisUrl());
    try {
      const own = await redis.keys(prefixPattern(root) + denunciation.donId);
      expect(own.length).toBeGreaterThan(0);
      for (const key of own) expect(await redis.get(key)).not.toContain(citizenKeys[0]);
      // The open đơn's signer is in the index; the denunciation is in no citizen's set.
      const citizenSets = (await redis.keys(prefixPattern(root))).filter((key) => key.includes(':sign:') && key.includes(':p:'));
      expect(citizenSets.length).toBeGreaterThan(0);
      for (const key of citizenSets) expect(await redis.smembers(key)).not.toContain(denunciation.donId);
    } finally {
      redis.disconnect();
    }
  });
});
