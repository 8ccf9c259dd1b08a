import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE } from '@kntc/cases';
import { DeadlineCommandSender, timerJobId } from '@kntc/deadlines';
import { readCaseEvent, type CaseEvent } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { deleteKeys, openReadModelRedis, prefixPattern } from '@kntc/read-models';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { filing, startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';
import { requireRedisUrl } from '../read-models/support/read-model-fixtures';

jest.setTimeout(30_000);

interface InboxBody {
  items: Array<{ itemId: string; kind: string; caseId: string; clock?: string; dueDate?: string; title: string }>;
  total: number;
  unread: number;
  position: string;
}

describe('deadline notices and the queues UI over HTTP (the API runs the projections in-process)', () => {
  const root = `kntc:test-${randomUUID()}:`;
  let api: ApiTestApp;

  beforeAll(async () => {
    // Read by the read-model settings and the inbox recipients (Jest gives each test file its own process.env).
    process.env['KNTC_REDIS_PREFIX'] = root;
    process.env['KNTC_USERS_FILE'] = path.join(__dirname, '..', 'e2e', 'support', 'users.yaml');
    process.env['KNTC_PROJECTION_BATCH_WINDOW_MS'] = '5';
    api = await startApiTestApp({ env: { REDIS_URL: requireRedisUrl() } });
  });

  afterAll(async () => {
    await api?.close();
    const redis = openReadModelRedis(requireRedisUrl());
    await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
  });

  it('lists a recorded reminder in the inbox of the head of the department, and marks it read', async () => {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    expect(filed.status).toBe(201);
    const caseId = filed.body.caseId;
    const store = api.app.get<EventStore>(EVENT_STORE);
    const events = (await store.readStream(`case-${caseId}`)).map(readCaseEvent).filter((e): e is CaseEvent => e !== undefined);
    const set = events.find((e) => e.type === 'DeadlineSet' && e.data.clock === 'acceptance');
    if (set?.type !== 'DeadlineSet') throw new Error('no acceptance clock was set');
    const { dueDate } = set.data;

    // What the `deadline-reminder` job does when it fires on its day (the due day, for "0 working days before"):
    // the same sender, job id as idempotency key.
    api.clock.set(new Date(`${dueDate}T09:00:00+07:00`));
    const sender = new DeadlineCommandSender(store, api.app.get(CommandBus));
    const jobId = timerJobId(caseId, 'acceptance', dueDate, 'remind-0');
    const sent = await sender.send({ type: 'SendDeadlineReminder', caseId, clock: 'acceptance', dueDate, workingDaysBefore: 0 }, jobId);
    if (!('done' in sent)) throw new Error(`reminder skipped: ${sent.skipped}`);
    expect(await sender.send({ type: 'SendDeadlineReminder', caseId, clock: 'acceptance', dueDate, workingDaysBefore: 0 }, jobId)).toEqual(
      expect.objectContaining({ done: true }),
    );

    const inbox = await api.get<InboxBody>(`/api/me/inbox?after=${sent.position}`, { as: USERS.head });
    expect(inbox.status).toBe(200);
    const mine = inbox.body.items.filter((i) => i.caseId === caseId);
    expect(mine).toEqual([expect.objectContaining({ kind: 'deadline-reminder', clock: 'acceptance', dueDate })]);
    expect(inbox.body.unread).toBe(inbox.body.total);

    // Another department's head is not told.
    const other = await api.get<InboxBody>(`/api/me/inbox?after=${sent.position}`, { as: USERS.otherHead });
    expect(other.body.items.filter((i) => i.caseId === caseId)).toEqual([]);

    const read = await api.post(`/api/me/inbox/${encodeURIComponent(mine[0]!.itemId)}/read`, undefined, { as: USERS.head });
    expect(read.status).toBe(204);
    const unread = await api.get<InboxBody>('/api/me/inbox?unread=true', { as: USERS.head });
    expect(unread.body.items.filter((i) => i.caseId === caseId)).toEqual([]);
    expect(unread.body.unread).toBe(inbox.body.unread - 1);
    // Marking again is fine; an item of someone else's inbox is not found.
    expect((await api.post(`/api/me/inbox/${encodeURIComponent(mine[0]!.itemId)}/read`, undefined, { as: USERS.head })).status).toBe(204);
    expect((await api.post(`/api/me/inbox/${encodeURIComponent(mine[0]!.itemId)}/read`, undefined, { as: USERS.otherHead })).status).toBe(404);
  });

  it('serves Bull Board at /admin/queues to the administrator and supervisors only', async () => {
    const anonymous = await api.get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect((await api.get('/admin/queues', { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    expect((await api.get('/admin/queues', { as: USERS.inspector })).status).toBe(403);
    expect((await api.get('/admin/queues', { as: USERS.director })).status).toBe(403);

    for (const user of [USERS.supervisor, USERS.admin]) {
      const page = await api.get('/admin/queues', { as: user });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('<div id="root">');
    }
  });

  it('lets a browser in with the queues cookie the web UI asks for, sent only to /admin/queues', async () => {
    expect((await api.post('/api/auth/queues-session', undefined, { as: USERS.inspector })).status).toBe(403);
    expect((await api.post('/api/auth/queues-session', undefined, { as: USERS.director })).status).toBe(403);
    const opened = await api.post('/api/auth/queues-session', undefined, { as: USERS.admin });
    expect(opened.status).toBe(204);
    const setCookie = opened.headers.get('set-cookie') ?? '';
    // A session cookie (no Max-Age): it goes when the browser closes, like the UI's own sessionStorage token.
    expect(setCookie).toMatch(/^kntc_queues=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0]!;
    expect(cookie).toBe(`kntc_queues=${api.token(USERS.admin)}`);
    const page = await api.get('/admin/queues', { headers: { cookie: `other=1; ${cookie}` } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    // An inspector's token in the cookie opens nothing; nor does a forged one.
    expect((await api.get('/admin/queues', { headers: { cookie: `kntc_queues=${api.token(USERS.inspector)}` } })).status).toBe(403);
    expect((await api.get('/admin/queues', { headers: { cookie: 'kntc_queues=forged.token.value' } })).status).toBe(401);
    // A change carried by the cookie must come from a page of this origin; a supervisor changes nothing at all.
    const change = (headers: Record<string, string>) => api.post('/admin/queues/api/no-such-action', undefined, { headers }).then((a) => a.status);
    expect(await change({ cookie, 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await change({ cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await change({ cookie, origin: 'not an origin' })).toBe(403);
    expect(await change({ cookie })).toBe(403);
    expect(await change({ cookie, 'sec-fetch-site': 'same-origin' })).toBe(404); // through to Bull Board, which has no such route
    expect(await change({ cookie: `kntc_queues=${api.token(USERS.supervisor)}`, 'sec-fetch-site': 'same-origin' })).toBe(403);
    expect(await change({ authorization: `Bearer ${api.token(USERS.supervisor)}` })).toBe(403);
    expect(await change({ authorization: `Bearer ${api.token(USERS.director)}` })).toBe(403);
    expect(await change({ authorization: `Bearer ${api.token(USERS.admin)}` })).toBe(404);
    // Signing out clears it (from a page of this origin: see test/security/queues.e2e-spec.ts).
    const closed = await api.post('/api/auth/queues-session/end', undefined, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(closed.status).toBe(204);
    expect(closed.headers.get('set-cookie')).toBe('kntc_queues=; Path=/admin/queues; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it("has no page script the API's Content-Security-Policy blocks", async () => {
    const page = await api.get('/admin/queues', { as: USERS.supervisor });
    const csp = page.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
    expect(directive('script-src')).toBe("script-src 'self'");
    // The page resolves its assets against <base href="/admin/queues/">, which base-uri 'none' would block.
    expect(page.text).toMatch(/<base href="\/admin\/queues\/" ?\/?>/);
    expect(directive('base-uri')).toBe("base-uri 'self'");
    expect((await api.get('/api/health')).headers.get('content-security-policy')).toContain("base-uri 'none'");
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
      if (src === undefined) {
        // An inline script would be blocked by script-src 'self'; a JSON data block is never executed.
        expect(attributes).toMatch(/type="application\/json"/);
        continue;
      }
      // Same origin, under the board's base path, and served.
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const asset = await api.get(`/admin/queues/${src}`, { as: USERS.supervisor });
      expect({ src, status: asset.status }).toEqual({ src, status: 200 });
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    }
  });
});
