import { randomUUID } from 'node:crypto';
import { startApiTestApp, USERS, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';

jest.setTimeout(60_000);

/** Every account that is not the administrator tries to make itself, or someone it controls, an administrator. */
const NON_ADMINS: TestUser[] = [USERS.intake, USERS.inspector, USERS.head, USERS.director, USERS.ubnd, USERS.supervisor, USERS.importer, USERS.otherHead];

describe('the users API for accounts without users.manage', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(() => api?.close());

  it.each(NON_ADMINS)('refuses %s a change of its own role or department, a new account, a password reset and a disabling; nothing changes', async (user) => {
    const me = async () => (await api.get<{ user: { role: string; department: string } }>('/api/auth/me', { as: user, contract: false })).body.user;
    const before = await me();
    const attempts: Array<[string, unknown]> = [
      [`/api/users/${user}/role`, { role: 'admin', department: before.department }],
      [`/api/users/${user}/role`, { role: before.role, department: 'so-xd' }],
      ['/api/users', { userId: `ke-gian-${user}`, name: 'Kẻ gian', role: 'admin', department: 'so-tnmt', password: 'Mật khẩu dài đủ 2026' }],
      [`/api/users/${USERS.admin}/password`, { password: 'Mật khẩu dài đủ 2026' }],
      [`/api/users/${USERS.admin}/disable`, {}],
      [`/api/users/${user}/enable`, {}],
    ];
    for (const [path, body] of attempts) {
      const answer = await api.post(path, body, { as: user, headers: { 'idempotency-key': randomUUID() }, contract: false });
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 403, code: 'permission-denied' });
    }
    expect((await api.get('/api/users', { as: user, contract: false })).status).toBe(403);
    expect(await me()).toEqual(before);
    expect((await api.get('/api/auth/me', { as: USERS.admin, contract: false })).status).toBe(200);
  });
});
