import { caseStream, EVENT_STORE } from '@kntc/cases';
import { deriveEventId, type EventStore } from '@kntc/event-store';
import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type CommandAnswerBody } from './support/api-test-app';

describe('concurrent and repeated commands', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  async function fileComplaint(): Promise<string> {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    expect(filed.status).toBe(201);
    return filed.body.caseId;
  }

  describe('50 commands sent at once on one case with the same If-Match revision', () => {
    let caseId: string;
    let revision: number;
    let answers: Array<ApiAnswer<CommandAnswerBody>>;
    beforeAll(async () => {
      caseId = await fileComplaint();
      revision = await api.revisionOf(caseId);
      const inspectors = [USERS.inspector, USERS.inspector2];
      answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api.command(caseId, 'assign-inspector', { inspectorId: inspectors[i % 2] }, USERS.head, { 'If-Match': `"${revision}"` }),
        ),
      );
    });

    it('accepts exactly one of them with 200', () => {
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    });

    it('answers the other 49 with 409 revision-conflict and the current revision', () => {
      const conflicts = answers.filter((a) => a.status === 409);
      expect(conflicts).toHaveLength(49);
      for (const conflict of conflicts) expect(conflict.body).toMatchObject({ code: 'revision-conflict', currentRevision: revision + 1 });
    });

    it('grows the stream by exactly the one event of the accepted command', async () => {
      expect(await api.revisionOf(caseId)).toBe(revision + 1);
      const history = await api.historyOf(caseId, USERS.head);
      expect(history.body.events.map((e) => e.type)).toEqual(['CaseFiled', 'DeadlineSet', 'InspectorAssigned']);
    });
  });

  describe('a filing retried with the same Idempotency-Key, one after the other', () => {
    const key = 'so-tnmt-tiep-nhan-2026-03-02-0045';
    let first: ApiAnswer<CommandAnswerBody>;
    let retry: ApiAnswer<CommandAnswerBody>;
    beforeAll(async () => {
      first = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'Idempotency-Key': key } });
      retry = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'Idempotency-Key': key } });
    });

    it('answers the retry with the same status, body and ETag', () => {
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    });

    it('says in a header which answer was replayed', () => {
      expect(first.headers.get('idempotent-replayed')).toBe('false');
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    });

    it('creates one case whose events were appended once', async () => {
      expect(await api.revisionOf(first.body.caseId)).toBe(1);
    });
  });

  describe('a command arriving 20 times at once with the same Idempotency-Key', () => {
    let caseId: string;
    let revision: number;
    let answers: Array<ApiAnswer<CommandAnswerBody>>;
    beforeAll(async () => {
      caseId = await fileComplaint();
      revision = await api.revisionOf(caseId);
      answers = await Promise.all(
        Array.from({ length: 20 }, () => api.command(caseId, 'accept', { documentNo: '12/TB-TTr' }, USERS.head, { 'Idempotency-Key': `accept-${caseId}` })),
      );
    });

    it('answers every copy with 200 and the same body', () => {
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    });

    it('appends the events of the command once', async () => {
      // CaseAccepted, DeadlineStopped (acceptance), DeadlineSet (resolution).
      expect(await api.revisionOf(caseId)).toBe(revision + 3);
      expect(answers[0]!.body.events.map((e) => e.type)).toEqual(['CaseAccepted', 'DeadlineStopped', 'DeadlineSet']);
    });

    it('still answers the same later, after the case moved on', async () => {
      await api.command(caseId, 'start-verification', {}, USERS.inspector);
      const late = await api.command(caseId, 'accept', { documentNo: '12/TB-TTr' }, USERS.head, { 'Idempotency-Key': `accept-${caseId}` });
      expect(late.status).toBe(200);
      expect(late.text).toBe(answers[0]!.text);
    });
  });

  describe('a filing arriving 20 times at once with the same Idempotency-Key and no case id', () => {
    it('creates a single case and answers every copy identically', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => api.post('/api/cases', filing('petition'), { as: USERS.intake, headers: { 'Idempotency-Key': 'petition-0007' } })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(await api.revisionOf(answers[0]!.body.caseId)).toBe(1);
    });
  });

  describe('an Idempotency-Key reused with a different body', () => {
    it('refuses it with 422 idempotency-key-reused and appends nothing', async () => {
      const caseId = await fileComplaint();
      const key = `assign-${caseId}`;
      expect((await api.command(caseId, 'assign-inspector', { inspectorId: USERS.inspector }, USERS.head, { 'Idempotency-Key': key })).status).toBe(200);
      const revision = await api.revisionOf(caseId);
      const reused = await api.command(caseId, 'assign-inspector', { inspectorId: USERS.inspector2 }, USERS.head, { 'Idempotency-Key': key });
      expect(reused.status).toBe(422);
      expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reused.body).toMatchObject({ code: 'idempotency-key-reused', status: 422 });
      expect(await api.revisionOf(caseId)).toBe(revision);
    });
  });

  describe('one Idempotency-Key used on two cases', () => {
    it('is two commands: each case records its own, and a retry on either replays only that one', async () => {
      const [first, second] = [await fileComplaint(), await fileComplaint()];
      const key = 'assign-the-same-key';
      const answers = [];
      for (const caseId of [first, second, first, second]) {
        answers.push(await api.command(caseId, 'assign-inspector', { inspectorId: USERS.inspector }, USERS.head, { 'Idempotency-Key': key }));
      }
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(answers.map((a) => a.headers.get('idempotent-replayed'))).toEqual(['false', 'false', 'true', 'true']);
      expect(answers[2]!.text).toBe(answers[0]!.text);
      expect(answers[3]!.text).toBe(answers[1]!.text);
      expect(answers[0]!.body.events[0]!.id).not.toBe(answers[1]!.body.events[0]!.id);
      expect(await api.revisionOf(first)).toBe(await api.revisionOf(second));
    });
  });

  describe('a filing stored before case ids and event ids were scoped, retried after the upgrade', () => {
    it('answers from the case it named then, and files nothing new', async () => {
      const store = api.app.get<EventStore>(EVENT_STORE);
      const key = 'legacy-filing-0001';
      const body = filing('complaint-first', { subject: 'Đơn nộp trước khi nâng cấp' });
      // What the engine stored then: the case id and the event ids derived from the bare key.
      const model = await api.post('/api/cases', body, { as: USERS.intake });
      const legacyId = deriveEventId(key, -2);
      const recorded = await store.readStream(caseStream(model.body.caseId));
      await store.append(
        caseStream(legacyId),
        recorded.map((event, index) => {
          const { hash: _hash, prevHash: _prevHash, requestHash: _requestHash, ...metadata } = event.metadata;
          return { id: deriveEventId(key, index), type: event.type, schemaVersion: event.schemaVersion, data: { ...event.data, caseId: legacyId }, metadata: { ...metadata, idempotencyKey: key } };
        }),
        -1,
      );
      const retried = await api.post('/api/cases', body, { as: USERS.intake, headers: { 'Idempotency-Key': key } });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect(retried.body.caseId).toBe(legacyId);
      expect(await api.revisionOf(legacyId)).toBe(recorded.length - 1);
      // Another user with the same key is not answered from it.
      const theirs = await api.post('/api/cases', { ...body, department: 'so-xd' }, { as: USERS.otherIntake, headers: { 'Idempotency-Key': key } });
      expect(theirs.status).toBe(201);
      expect(theirs.body.caseId).not.toBe(legacyId);
    });
  });

  describe('two users filing with the same Idempotency-Key and no case id', () => {
    it('files two cases', async () => {
      const key = 'filing-0001';
      const mine = await api.post('/api/cases', filing('petition'), { as: USERS.intake, headers: { 'Idempotency-Key': key } });
      const theirs = await api.post('/api/cases', filing('petition', { department: 'so-xd' }), { as: USERS.otherIntake, headers: { 'Idempotency-Key': key } });
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(mine.body.caseId).not.toBe(theirs.body.caseId);
    });
  });

  describe('an Idempotency-Key sent at once with two different bodies', () => {
    it('records one of them; the other gets 422 idempotency-key-reused, never a replay of the first', async () => {
      const caseId = await fileComplaint();
      const key = `race-${caseId}`;
      const revision = await api.revisionOf(caseId);
      const answers = await Promise.all(
        ['A-1/TB', 'B-2/TB'].flatMap((documentNo) =>
          Array.from({ length: 5 }, () => api.command(caseId, 'accept', { documentNo }, USERS.head, { 'Idempotency-Key': key })),
        ),
      );
      const history = await api.get(`/api/cases/${caseId}/history`, { as: USERS.head });
      const accepted = (history.body as { events: Array<{ type: string; data: { documentNo?: string } }> }).events.filter((e) => e.type === 'CaseAccepted');
      expect(accepted).toHaveLength(1);
      const winner = accepted[0]!.data.documentNo === 'A-1/TB' ? 0 : 1;
      expect(answers.slice(winner * 5, winner * 5 + 5).map((a) => a.status)).toEqual(Array(5).fill(200));
      expect(answers.slice((1 - winner) * 5, (1 - winner) * 5 + 5).map((a) => a.status)).toEqual(Array(5).fill(422));
      expect(await api.revisionOf(caseId)).toBe(revision + 3);
    });
  });
});
