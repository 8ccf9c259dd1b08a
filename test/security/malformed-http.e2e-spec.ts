import * as net from 'node:net';
import { startApiTestApp, type ApiTestApp } from '../e2e/support/api-test-app';

/** Sends raw bytes and returns everything the server answers before it closes the connection. */
function rawExchange(baseUrl: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parse(raw: string): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> };
}

describe('requests Node refuses before the application sees them', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers an oversized header 431 as problem+json with a stable code', async () => {
    const answer = await fetch(`${api.baseUrl}/api/health`, { headers: { 'x-padding': 'a'.repeat(32 * 1024) } });
    expect(answer.status).toBe(431);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await answer.json()).toMatchObject({ status: 431, code: 'header-too-large', type: 'urn:kntc:problem:header-too-large' });
  });

  it('answers a request line that is not HTTP 400 as problem+json with a stable code', async () => {
    const answer = parse(await rawExchange(api.baseUrl, 'NOT HTTP AT ALL\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.headers['connection']).toBe('close');
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(answer.body)));
    expect(answer.body).toMatchObject({ status: 400, code: 'malformed-request' });
  });

  it('keeps serving afterwards', async () => {
    expect((await fetch(`${api.baseUrl}/api/health/live`)).status).toBe(200);
  });
});
