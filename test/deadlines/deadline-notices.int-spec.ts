import { UsersDirectory } from '@kntc/auth';
import { DeadlineKeys, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '@kntc/deadlines';
import { InboxProjection, ReadModelKeys, recipientsFromUsers, toProjectedEvent, inboxKeys, type InboxItem } from '@kntc/read-models';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { eventually, loadEngineFiles, REPO_ROOT } from '../read-models/support/read-model-fixtures';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';

const SECRET = 'webhook-test-secret-0123456789';

interface Received {
  status: number;
  body: string;
  signature: string | undefined;
}

/** A receiver on 127.0.0.1 that answers 500 to the first `failures` requests, then 204. */
async function flakyReceiver(failures: number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = received.length < failures ? 500 : 204;
      received.push({ status, body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string | undefined });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/kntc`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a reminder of a case with an assigned inspector', () => {
  let h: DeadlineHarness;
  let receiver: Awaited<ReturnType<typeof flakyReceiver>>;
  const caseId = randomUUID();

  beforeAll(async () => {
    receiver = await flakyReceiver(2);
    h = await DeadlineHarness.start(vn('2026-02-10'), { webhookUrls: [receiver.url], webhookSecret: SECRET, webhookBackoffMs: 50, webhookAttempts: 5 });
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    await h.run({ type: 'AssignInspector', caseId, inspectorId: people.inspector.id }, people.head, vn('2026-02-11'));
    await h.travelDaily('2026-02-11', '2026-02-26');
  }, 60_000);

  afterAll(async () => {
    await h.cleanup();
    await receiver.close();
  });

  it('is delivered to the webhook signed with HMAC-SHA256, retried with backoff after two failures, without party identities', async () => {
    await eventually(async () => receiver.received.some((r) => r.status === 204), 'the webhook accepted a delivery', 15_000);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 204]);
    const delivered = receiver.received[2]!;
    expect(verifyWebhookSignature(SECRET, delivered.body, delivered.signature!)).toBe(true);
    expect(delivered.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'DeadlineReminderSent', caseId, clock: 'acceptance', dueDate: '2026-03-03', workingDaysBefore: 3 });
    expect(delivered.body).not.toContain('Nguyễn');
    expect(delivered.body).not.toContain('001190012345');
    // The job completes just after its answer (the delivery is remembered first).
    await eventually(async () => (await h.webhooks.getCompletedCount()) === 1, 'the delivery job completed', 5_000);
    const [job] = await h.webhooks.getJobs(['completed'], 0, -1);
    expect(job?.attemptsMade).toBe(3);
  });

  it('is not posted again when the scheduler replays the store after BullMQ forgot the delivery', async () => {
    await eventually(async () => receiver.received.some((r) => r.status === 204), 'the webhook accepted a delivery', 15_000);
    const before = receiver.received.length;
    // BullMQ keeps only the last 1,000 completed jobs; then the scheduler's checkpoint is lost and it re-reads the store.
    await h.webhooks.clean(0, 10_000, 'completed');
    await h.loseSchedulerRecords();
    await h.scheduler.catchUp();
    expect(await h.webhooks.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed')).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(before);
  });

  it('never posts a notice older than the webhook window, even when its delivery is forgotten', async () => {
    const before = receiver.received.length;
    const keys = new DeadlineKeys(h.keyRoot);
    await h.redis.del(...(await h.redis.keys(keys.webhookDelivered('*'))));
    await h.loseSchedulerRecords();
    h.clock.set(vn('2026-03-20'));
    await h.scheduler.catchUp();
    expect((await h.webhooks.getJobCounts('waiting', 'delayed', 'active')).waiting).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(before);
  });

  it('lands in the inbox of the department inspectors and head, and of the assigned inspector', async () => {
    const users = UsersDirectory.load(path.join(REPO_ROOT, 'config', 'users.yaml')).list();
    const projection = new InboxProjection(recipientsFromUsers(users), 2, loadEngineFiles().workflows);
    const build = new ReadModelKeys(h.keyRoot).projection('inbox').build('v2');
    const recorded = await h.store.store.readStream(`case-${caseId}`);
    const writes = await projection.project(recorded.map(toProjectedEvent), h.redis, build);
    const items = writes.flatMap((w) => (w.op === 'hset' && w.key.startsWith(inboxKeys(build).items(''))) ? [JSON.parse(w.value) as InboxItem] : []);
    expect(items.map((i) => i.userId).sort()).toEqual(['tnmt-chanhtt-hung', 'tnmt-thanhtra-hoa', 'tnmt-thanhtra-minh']);
    expect(items.every((i) => i.kind === 'deadline-reminder' && i.dueDate === '2026-03-03' && i.department === 'so-tnmt')).toBe(true);
    // Named as the users know it: the clock's name from the case's workflow, the date as dd/mm/yyyy.
    expect(new Set(items.map((i) => i.title))).toEqual(new Set(['Nhắc hạn "Thời hạn thụ lý": còn 3 ngày làm việc (hạn 03/03/2026)']));
    // Planned again from the same events, the writes are the same (a rebuild recreates the same items).
    expect(await projection.project(recorded.map(toProjectedEvent), h.redis, build)).toEqual(writes);
  });
});
