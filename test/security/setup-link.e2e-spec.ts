import { FirstRunSetup, SETUP_TOKEN_TTL_MS } from '@kntc/auth';
import { startApiTestApp, type ApiTestApp } from '../e2e/support/api-test-app';
import { LogCapture } from './support/security-fixtures';

jest.setTimeout(60_000);

/**
 * The first-run set-up link (/setup#token=…) as an attacker would use it: raced, replayed after the administrator
 * exists, sent from another origin, read from the logs, or used after it expired. Whoever holds it chooses the
 * administrator's password, so it must make one administrator, once.
 */
const PASSWORD = 'Mật khẩu quản trị 2026';

describe('the one-time set-up link of a first run', () => {
  const logs = new LogCapture();
  let api: ApiTestApp;
  let token: string;

  const setUp = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${api.baseUrl}/api/setup`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    api = await startApiTestApp({ env: { KNTC_USERS_SEED: 'none' }, logDestination: logs, logLevel: 'trace' });
    token = api.app.get(FirstRunSetup).issue().token;
  });
  afterAll(() => api?.close());

  it('is refused from a page of another origin: a form post is not JSON, and no origin is allowed to read or send JSON', async () => {
    // A cross-site form or fetch without a preflight can send text/plain only.
    const simple = await setUp(JSON.stringify({ token, userId: 'ke-gian', name: 'Kẻ gian', password: PASSWORD }), { 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(simple.status).toBe(400);
    const preflight = await fetch(`${api.baseUrl}/api/setup`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await (await fetch(`${api.baseUrl}/api/setup`)).json()) as { setUpNeeded: boolean }).setUpNeeded).toBe(true);
  });

  it('makes exactly one administrator when many requests race with the right token, then works no more', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => setUp({ token, userId: `quan-tri-${i}`, name: `Quản trị ${i}`, password: PASSWORD }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string } }))),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 201)) expect(['already-set-up', 'setup-token-invalid']).toContain(refused.body.code);
    const winner = answers.findIndex((a) => a.status === 201);
    const signIns = await Promise.all(
      answers.map((_, i) => fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `quan-tri-${i}`, password: PASSWORD }) })),
    );
    expect(signIns.map((r) => r.status)).toEqual(answers.map((_, i) => (i === winner ? 200 : 401)));
    // Replayed once the administrator exists, even with a fresh link issued by mistake.
    const replay = await setUp({ token, userId: 'quan-tri-moi', name: 'Quản trị mới', password: PASSWORD });
    expect(replay.status).toBe(403);
    const fresh = api.app.get(FirstRunSetup).issue().token;
    const late = await setUp({ token: fresh, userId: 'quan-tri-moi', name: 'Quản trị mới', password: PASSWORD });
    expect({ status: late.status, code: ((await late.json()) as { code: string }).code }).toEqual({ status: 409, code: 'already-set-up' });
  });

  it('leaves neither the token nor the password in the log, at trace level', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text).not.toContain(token);
    expect(logs.text).not.toContain(PASSWORD);
  });

  it('stops working after 30 minutes, and a new link replaces the old one', () => {
    let now = 0;
    const setup = new FirstRunSetup(() => now);
    const first = setup.issue().token;
    const second = setup.issue().token;
    expect([setup.matches(first), setup.matches(second)]).toEqual([false, true]);
    now = SETUP_TOKEN_TTL_MS - 1;
    expect(setup.matches(second)).toBe(true);
    now = SETUP_TOKEN_TTL_MS;
    expect(setup.matches(second)).toBe(false);
  });
});
