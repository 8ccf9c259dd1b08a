import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE } from '@kntc/cases';
import { DeadlineCommandSender, timerJobId } from '@kntc/deadlines';
import { readCaseEvent, type CaseEvent } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { inboxStream } from '@kntc/read-models';
import { Redis } from 'ioredis';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filing, startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';
import { startTestRedisServer, type TestRedisServer } from '../security/support/redis-server';

jest.setTimeout(60_000);

interface InboxBody {
  items: Array<{ itemId: string; caseId: string; read: boolean }>;
  total: number;
  unread: number;
}

describe('inbox read marks when Redis loses everything', () => {
  let redis: TestRedisServer;
  let dataDir: string;
  let api: ApiTestApp | undefined;
  const start = () => startApiTestApp({ env: { REDIS_URL: redis.url }, dataDir });

  beforeAll(async () => {
    // Read by the inbox recipients and the runners (Jest gives each test file its own process.env).
    process.env['KNTC_USERS_FILE'] = path.join(__dirname, '..', 'e2e', 'support', 'users.yaml');
    process.env['KNTC_PROJECTION_BATCH_WINDOW_MS'] = '5';
    redis = await startTestRedisServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-inbox-marks-'));
    api = await start();
  });
  afterAll(async () => {
    await api?.close();
    await redis?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A reminder of the case's acceptance clock, as the deadline worker's job records it; its store position. */
  async function remind(app: ApiTestApp, caseId: string): Promise<string> {
    const store = app.app.get<EventStore>(EVENT_STORE);
    const events = (await store.readStream(`case-${caseId}`)).map(readCaseEvent).filter((e): e is CaseEvent => e !== undefined);
    const set = events.find((e) => e.type === 'DeadlineSet' && e.data.clock === 'acceptance');
    if (set?.type !== 'DeadlineSet') throw new Error('no acceptance clock was set');
    const { dueDate } = set.data;
    // The reminder job fires on its day: the due day, for "0 working days before".
    app.clock.set(new Date(`${dueDate}T09:00:00+07:00`));
    const command = { type: 'SendDeadlineReminder' as const, caseId, clock: 'acceptance', dueDate, workingDaysBefore: 0 };
    const sent = await new DeadlineCommandSender(store, app.app.get(CommandBus)).send(command, timerJobId(caseId, 'acceptance', dueDate, 'remind-0'));
    if (!('done' in sent) || sent.position === undefined) throw new Error(`reminder not recorded: ${JSON.stringify(sent)}`);
    return sent.position;
  }

  it('are back after FLUSHALL and the rebuild of the inbox, read from the event store', async () => {
    const first = api!;
    const caseIds: string[] = [];
    let position = '0';
    for (let i = 0; i < 2; i++) {
      const filed = await first.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
      expect(filed.status).toBe(201);
      caseIds.push(filed.body.caseId);
    }
    for (const caseId of caseIds) position = await remind(first, caseId);
    const before = await first.get<InboxBody>(`/api/me/inbox?after=${position}`, { as: USERS.head });
    expect(before.body).toMatchObject({ total: 2, unread: 2 });
    const marked = before.body.items.find((i) => i.caseId === caseIds[0])!;
    const marking = await first.post(`/api/me/inbox/${encodeURIComponent(marked.itemId)}/read`, undefined, { as: USERS.head });
    expect(marking.status).toBe(204);
    expect((await first.get<InboxBody>('/api/me/inbox', { as: USERS.head })).body.unread).toBe(1);
    // The mark is an event of the head's own stream, not a Redis-only flag.
    const store = first.app.get<EventStore>(EVENT_STORE);
    expect((await store.readStream(inboxStream(USERS.head))).map((e) => e.data['itemId'])).toEqual([marked.itemId]);

    // Redis loses everything; the API restarts on the same store and rebuilds its read models from the events.
    const client = new Redis(redis.url);
    await client.flushall();
    expect(await client.dbsize()).toBe(0);
    await client.quit();
    await first.close();
    api = await start();

    const after = await api.get<InboxBody>(`/api/me/inbox?after=${position}`, { as: USERS.head });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ total: 2, unread: 1 });
    expect(after.body.items.find((i) => i.itemId === marked.itemId)).toMatchObject({ read: true });
    expect(after.body.items.find((i) => i.caseId === caseIds[1])).toMatchObject({ read: false });
    expect((await api.get<InboxBody>('/api/me/inbox?unread=true', { as: USERS.head })).body.items.map((i) => i.caseId)).toEqual([caseIds[1]]);
  });
});
