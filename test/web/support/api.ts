import { randomUUID } from 'node:crypto';
import { PASSWORD } from './web-engine';

/**
 * A user of the HTTP API, for data a browser test needs but does not test (an overdue case for the inbox) and
 * for waiting until an asynchronous read model (the inbox) has caught up before the page is opened.
 */
export class ApiUser {
  private constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  static async signIn(base: string, userId: string): Promise<ApiUser> {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login of ${userId}: HTTP ${login.status} ${await login.text()}`);
    return new ApiUser(base, ((await login.json()) as { accessToken: string }).accessToken);
  }

  async fileCase(body: Record<string, unknown>): Promise<string> {
    const filed = await fetch(`${this.base}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    if (filed.status !== 201) throw new Error(`filing: HTTP ${filed.status} ${await filed.text()}`);
    return ((await filed.json()) as { caseId: string }).caseId;
  }

  /** A command (POST with a fresh Idempotency-Key); its answer must have the expected status. */
  async post<T>(path: string, body: Record<string, unknown>, expected = 200): Promise<T> {
    const answer = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    if (answer.status !== expected) throw new Error(`POST ${path}: HTTP ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as T;
  }

  async get<T>(path: string): Promise<T> {
    const answer = await fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (answer.status !== 200) throw new Error(`GET ${path}: HTTP ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as T;
  }
}
