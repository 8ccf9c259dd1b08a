import { randomUUID } from 'node:crypto';
import { filing, startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';
import { LogCapture } from './support/security-fixtures';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LogLine {
  msg?: string;
  req?: { id?: string };
}

describe('the request id of every log line', () => {
  const logs = new LogCapture();
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp({ logDestination: logs, logLevel: 'trace' });
  });
  afterAll(async () => {
    await api?.close();
  });

  const linesOf = (id: string): LogLine[] => logs.lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.req?.id === id);

  it("repeats a well-formed X-Request-Id of the proxy or client in the answer and on every line of the request", async () => {
    const answer = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'x-request-id': 'lb-7f3a.42', 'idempotency-key': randomUUID() } });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-request-id')).toBe('lb-7f3a.42');
    expect(linesOf('lb-7f3a.42').map((line) => line.msg)).toContain('request completed');
  });

  it('makes a new id for a missing or malformed one, never repeating what it refused', async () => {
    for (const given of [undefined, 'a b', 'x'.repeat(200), '<script>']) {
      const answer = await api.get('/api/health/live', { headers: given === undefined ? {} : { 'x-request-id': given } });
      const id = answer.headers.get('x-request-id')!;
      expect(id).toMatch(UUID);
      expect(linesOf(id).length).toBeGreaterThan(0);
    }
    expect(logs.text).not.toContain('<script>');
  });

  it('takes the X-Correlation-Id as the request id when no X-Request-Id is given, and answers both', async () => {
    const answer = await api.get('/api/health/live', { headers: { 'x-correlation-id': 'to-cao-0001' } });
    expect({ request: answer.headers.get('x-request-id'), correlation: answer.headers.get('x-correlation-id') }).toEqual({ request: 'to-cao-0001', correlation: 'to-cao-0001' });
  });
});
