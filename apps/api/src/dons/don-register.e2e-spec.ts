import { startApiTestApp, USERS, type ApiTestApp } from '../../../../test/e2e/support/api-test-app';

jest.setTimeout(60_000);

const nineAm = (date: string) => new Date(`${date}T09:00:00+07:00`).toISOString();

interface Registered {
  donId: string;
  position: string;
}

const registration = (overrides: Record<string, unknown> = {}) => ({
  department: 'so-tnmt',
  source: { kind: 'post' },
  receivedOn: '2026-03-02',
  signers: 1,
  anonymous: false,
  parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', idNumber: '001190012345', address: 'Số 12 Lê Lợi', confidential: false }],
  respondent: 'UBND phường Hòa Bình',
  subject: 'Khiếu nại quyết định thu hồi đất',
  content: 'Đề nghị xem xét lại mức bồi thường khi thu hồi 120 m² đất ở.',
  ...overrides,
});

describe('the đơn register and its duplicate candidates over HTTP', () => {
  let api: ApiTestApp;
  let first: Registered;
  let again: Registered;
  let other: Registered;

  beforeAll(async () => {
    api = await startApiTestApp({ env: { REDIS_URL: process.env['REDIS_URL']! } });
    api.clock.set(nineAm('2026-03-04'));
    const register = async (body: Record<string, unknown>): Promise<Registered> => {
      const answer = await api.post('/api/dons', body, { as: USERS.intake, contract: false });
      if (answer.status !== 201) throw new Error(`${answer.status} ${answer.text}`);
      return answer.body as unknown as Registered;
    };
    first = await register(registration());
    // The same citizen, typed on another keyboard (NFD), without the marks of the respondent.
    again = await register(
      registration({
        receivedOn: '2026-03-03',
        parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh'.normalize('NFD'), idNumber: '001190012345', address: 'Số 12 Lê Lợi', confidential: false }],
        respondent: 'UBND phuong Hoa Binh',
        content: 'Tiếp tục đề nghị xem xét lại mức bồi thường khi thu hồi 120 m² đất ở.'.normalize('NFD'),
      }),
    );
    other = await register(registration({ receivedOn: '2026-03-04', parties: [{ role: 'petitioner', name: 'Trần Văn Bình', confidential: false }], respondent: 'Công ty Môi trường', subject: 'Phản ánh tiếng ồn', content: 'Xưởng cơ khí gây ồn ban đêm.' }));
  });

  afterAll(async () => {
    await api.close();
  });

  it('lists the department’s đơn, newest receipt first, once the register has them', async () => {
    const answer = await api.get<{ items: Array<{ donId: string }>; total: number; counts: Record<string, number> }>(`/api/dons?pageSize=2&after=${other.position}`, {
      as: USERS.head,
      contract: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i) => i.donId)).toEqual([other.donId, again.donId]);
    expect(answer.body.total).toBe(3);
    expect(answer.body.counts).toMatchObject({ total: 3, 'status:open': 3 });
  });

  it('shows the đơn that look like the same matter, and not the others, ranked by similarity', async () => {
    const answer = await api.get<{ dons: Array<{ donId: string; similarity: { sameCitizen: boolean; sameRespondent: boolean; score: number } }> }>(
      `/api/dons/${again.donId}/candidates?after=${other.position}`,
      { as: USERS.intake, contract: false },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.dons.map((d) => d.donId)).toEqual([first.donId]);
    expect(answer.body.dons[0]!.similarity).toMatchObject({ sameCitizen: true, sameRespondent: true });
  });

  it('answers 404 don-not-found for a đơn the index does not hold, and an empty register for another department', async () => {
    const unknown = await api.get(`/api/dons/00000000-0000-4000-8000-000000000000/candidates`, { as: USERS.intake, contract: false });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'don-not-found' });
    const elsewhere = await api.get<{ total: number }>('/api/dons?department=so-xd', { as: USERS.intake, contract: false });
    expect(elsewhere.body.total).toBe(0);
  });
});
