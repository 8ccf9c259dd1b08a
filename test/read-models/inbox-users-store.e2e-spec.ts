import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { filing, startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';
import { eventually, TestRedis } from './support/read-model-fixtures';
import { WorkerProcess } from './support/worker-process';

jest.setTimeout(120_000);

/**
 * The worker's business time: 20/03/2026 09:00 in Hà Nội. A complaint received on 02/03/2026 (the API's test day)
 * is then past its acceptance due date, so its level-1 escalation, to the head of the department, fires at once.
 */
const BUSINESS_TIME = '2026-03-20T02:00:00.000Z';
const NEW_HEAD = { userId: 'tnmt-pho-giamdoc-moi', name: 'Trương Văn Mới', role: 'head', department: 'so-tnmt' };

interface InboxBody {
  items: Array<{ itemId: string; kind: string; caseId: string; clock?: string; title: string }>;
}

describe('the worker delivers notices to the accounts of the users store, as they change while it runs', () => {
  let redis: TestRedis;
  let api: ApiTestApp;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    redis = new TestRedis();
    // Only the worker projects: the API reads the read models the worker writes under the same key root.
    const shared = { REDIS_URL: redis.url, KNTC_REDIS_PREFIX: redis.keys.root };
    api = await startApiTestApp({ env: { ...shared, KNTC_RUN_PROJECTIONS: 'false' } });
    worker = new WorkerProcess({
      ...shared,
      KNTC_DATA_DIR: api.dataDir,
      // The seed file the API loaded into the empty store: the worker must not read it as its roster.
      KNTC_USERS_FILE: path.join(__dirname, '..', 'e2e', 'support', 'users.yaml'),
      KNTC_RUN_DEADLINES: 'true',
      KNTC_DEADLINE_SCHEDULER_POLL_MS: '20',
      KNTC_PROJECTION_BATCH_WINDOW_MS: '5',
      KNTC_BUSINESS_TIME_OVERRIDE: BUSINESS_TIME,
    });
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api?.close();
    await redis?.cleanup();
  });

  const bearer = (userId: string) => ({ authorization: `Bearer ${api.tokens.issue(userId).token}` });
  /**
   * The case's escalations for its acceptance clock overdue in the user's inbox: a timer, fired by the worker as soon
   * as it schedules it (the stalled-stage escalation waits for the reconciler's next round, so it is left out).
   */
  const escalationsOf = async (userId: string, caseId: string): Promise<InboxBody['items']> => {
    const inbox = await api.get<InboxBody>('/api/me/inbox', { headers: bearer(userId) });
    expect(inbox.status).toBe(200);
    return inbox.body.items.filter((item) => item.caseId === caseId && item.kind === 'escalation' && item.clock === 'acceptance');
  };
  const fileComplaint = async (): Promise<string> => {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    expect(filed.status).toBe(201);
    return filed.body.caseId;
  };
  const manage = async (urlPath: string, body?: unknown): Promise<void> => {
    const answer = await api.post(urlPath, body, { as: USERS.admin, headers: { 'idempotency-key': randomUUID() } });
    expect({ urlPath, status: answer.status }).toEqual({ urlPath, status: urlPath === '/api/users' ? 201 : 200 });
  };
  const waitForEscalation = (userId: string, caseId: string) =>
    eventually(async () => (await escalationsOf(userId, caseId)).length > 0, `${userId} has the escalation of ${caseId}\n${worker?.log()}`, 60_000, 100);

  it('gives an account created through the users API its escalations without a restart, and a disabled one none', async () => {
    // The worker is up and reads the store: the seeded head gets the first case's escalation (level 1 goes to the head).
    const first = await fileComplaint();
    await waitForEscalation(USERS.head, first);

    await manage('/api/users', NEW_HEAD);
    await manage(`/api/users/${USERS.head}/disable`);
    const second = await fileComplaint();
    await waitForEscalation(NEW_HEAD.userId, second);
    expect((await escalationsOf(NEW_HEAD.userId, second)).map((item) => item.title)).toEqual([expect.stringMatching(/^Chuyển cấp 1: hồ sơ quá hạn "Thời hạn thụ lý"/)]);
    // Delivered when projected: the first case's escalations, projected before the account existed, are not its.
    expect(await escalationsOf(NEW_HEAD.userId, first)).toEqual([]);

    // The head of the users file was disabled in the store when the second case escalated: none reached them.
    await manage(`/api/users/${USERS.head}/enable`);
    expect(await escalationsOf(USERS.head, second)).toEqual([]);
    expect(await escalationsOf(USERS.head, first)).toHaveLength(1);
  });
});
