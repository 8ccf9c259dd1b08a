import { performance } from 'node:perf_hooks';
import { CASE_COMMAND_ROUTES } from '@kntc/cases';
import { filing, startApiTestApp, USERS, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';

/**
 * Issue 10, finding 1: a filing's Idempotency-Key is shown in the case history; re-sending the filing with that key,
 * the case id and a guessed identity must not tell a right guess from a wrong one (Luật Tố cáo 2018, art. 47–56).
 */
const KEY = 'to-cao-2026-0042';
const denouncer = { role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', address: 'Số 5 Trần Phú', confidential: true };
const wrongGuess = { ...denouncer, name: 'Phan Văn Khánh', idNumber: '079085009999' };
const accused = { role: 'accused', name: 'Trương Văn Bình', confidential: false };
const SECOND_INTAKE = 'tnmt-intake-2';
/** Everyone who may not read this denouncer's identity, and the intake officer of the department who did not file it. */
const PROBERS: string[] = [USERS.inspector, USERS.inspector2, USERS.ubnd, USERS.supervisor, USERS.otherIntake, USERS.otherHead, USERS.otherDirector, USERS.importer, USERS.head, USERS.director, SECOND_INTAKE];
/** Rounds per guess for the timing comparison. */
const ROUNDS = 5;

interface Probe {
  status: number;
  body: string;
  ms: number;
}

describe('a confidential denunciation whose filing key is known to other users', () => {
  let api: ApiTestApp;
  let caseId: string;
  let filingBody: Record<string, unknown>;

  const send = async (user: string, urlPath: string, body: unknown, key: string): Promise<Probe> => {
    const started = performance.now();
    const answer = await fetch(`${api.baseUrl}${urlPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.issue(user).token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const text = await answer.text();
    return { status: answer.status, body: normalised(text), ms: performance.now() - started };
  };
  const accessLogLength = async () =>
    (await api.get<{ entries: unknown[] }>(`/api/cases/${caseId}/identity-access`, { as: USERS.supervisor })).body.entries.length;

  beforeAll(async () => {
    api = await startApiTestApp();
    filingBody = filing('denunciation', { parties: [denouncer, accused] });
    const filed = await api.post('/api/cases', filingBody, { as: USERS.intake, headers: { 'Idempotency-Key': KEY } });
    expect(filed.status).toBe(201);
    caseId = filed.body.caseId;
    // The key is in the history for anyone who may read it.
    const history = await api.historyOf(caseId, USERS.inspector);
    expect(history.body.events[0]!.metadata['idempotencyKey']).toBe(KEY);
  });
  afterAll(() => api.close());

  it.each(PROBERS)('answers %s the same for a right and a wrong guess, appends nothing and reads no identity', async (user) => {
    const revision = await api.revisionOf(caseId);
    const reads = await accessLogLength();
    const right: Probe[] = [];
    const wrong: Probe[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      right.push(await send(user, '/api/cases', { ...filingBody, caseId, parties: [denouncer, accused] }, KEY));
      wrong.push(await send(user, '/api/cases', { ...filingBody, caseId, parties: [wrongGuess, accused] }, KEY));
    }
    expect(right.map((p) => [p.status, p.body])).toEqual(wrong.map((p) => [p.status, p.body]));
    // Never the first filing's answer, replayed to someone who did not send it.
    for (const probe of right) expect([201, 200]).not.toContain(probe.status);
    expectSameTimingClass(right, wrong);
    expect(await api.revisionOf(caseId)).toBe(revision);
    expect(await accessLogLength()).toBe(reads);
  });

  it.each(PROBERS)('refuses %s every command on the case with the filing key, the same whatever the guess in its body', async (user) => {
    const revision = await api.revisionOf(caseId);
    for (const segment of Object.keys(CASE_COMMAND_ROUTES)) {
      const a = await send(user, `/api/cases/${caseId}/${segment}`, { parties: [denouncer] }, KEY);
      const b = await send(user, `/api/cases/${caseId}/${segment}`, { parties: [wrongGuess] }, KEY);
      expect({ segment, status: a.status, body: a.body }).toEqual({ segment, status: b.status, body: b.body });
      expect(a.status).toBeGreaterThanOrEqual(400);
    }
    expect(await api.revisionOf(caseId)).toBe(revision);
  });

  it('answers the officer who filed it as the first time for the same body, and refuses another body', async () => {
    const same = await api.post('/api/cases', { ...filingBody, caseId }, { as: USERS.intake, headers: { 'Idempotency-Key': KEY } });
    expect(same.status).toBe(201);
    expect(same.headers.get('idempotent-replayed')).toBe('true');
    const other = await api.post('/api/cases', { ...filingBody, caseId, parties: [wrongGuess, accused] }, { as: USERS.intake, headers: { 'Idempotency-Key': KEY } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
  });

  it('files a case of its own for another intake officer who happens to use the same key without a case id', async () => {
    const own = await api.post('/api/cases', filingBody, { as: SECOND_INTAKE as TestUser, headers: { 'Idempotency-Key': KEY } });
    expect(own.status).toBe(201);
    expect(own.headers.get('idempotent-replayed')).toBe('false');
    expect(own.body.caseId).not.toBe(caseId);
  });
});

/** The answer without what differs between any two requests (request ids, instance paths stay). */
function normalised(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    delete body['requestId'];
    return JSON.stringify(body);
  } catch {
    return text;
  }
}

/**
 * Right and wrong guesses take the same path: their median times differ by less than the noise of a request here.
 * A keyed hash of the identity, computed only for right guesses' path or compared online, would not show in 2 ms,
 * so this guards the class of path (same checks, same reads), not nanoseconds.
 */
function expectSameTimingClass(right: Probe[], wrong: Probe[]): void {
  const median = (probes: Probe[]) => probes.map((p) => p.ms).sort((a, b) => a - b)[Math.floor(probes.length / 2)]!;
  const [r, w] = [median(right), median(wrong)];
  expect(Math.abs(r - w)).toBeLessThan(Math.max(25, 0.5 * Math.max(r, w)));
}
