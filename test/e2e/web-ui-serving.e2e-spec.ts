import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startApiTestApp, USERS, type ApiTestApp } from './support/api-test-app';

const INDEX_HTML = '<!doctype html><html lang="vi"><head><title>KNTC</title><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

interface CatalogBody {
  kinds: Array<{ kind: string; name: string; stages: Array<{ stage: string; label: string; final: boolean }>; commands: Array<{ command: string; label: string; roles: string[] }>; clocks: Array<{ clock: string; label: string }> }>;
  departments: string[];
  departmentNames: Record<string, string>;
  inspectors: Array<{ id: string; name: string; department: string }>;
  rejectionGrounds: Record<string, Record<string, string>>;
  continueAfterWithdrawalGrounds: Record<string, string>;
}

describe('the API serves the web UI at / and the catalog it reads', () => {
  let api: ApiTestApp;
  let webDir: string;

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), INDEX_HTML);
    fs.writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log("kntc")');
    api = await startApiTestApp({ env: { KNTC_WEB_DIR: webDir } });
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('answers / with the UI, under the same content security policy as the API', async () => {
    const answer = await api.get('/');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toBe(INDEX_HTML);
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(answer.headers.get('cache-control')).toBe('no-cache');
  });

  it("answers the UI's own routes with index.html, so a reload of /cases/<id> works", async () => {
    for (const route of ['/cases', '/cases/6f1c1d1e-1111-4111-8111-111111111111', '/audit/x', '/inbox?unread=1']) {
      const answer = await api.get(route);
      expect({ route, status: answer.status, body: answer.text }).toEqual({ route, status: 200, body: INDEX_HTML });
    }
  });

  it('caches the hashed assets for a year', async () => {
    const answer = await api.get('/assets/index-abc123.js');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('never answers an API or admin path with the UI', async () => {
    const unknown = await api.get('/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await api.get('/api/cases')).status).toBe(401);
    const admin = await api.get('/admin/queues');
    expect(admin.text).not.toBe(INDEX_HTML);
    expect([401, 404]).toContain(admin.status);
  });

  it('gives a signed-in user the labels of every kind, stage, command and clock, and the departments', async () => {
    expect((await api.get('/api/catalog')).status).toBe(401);
    const answer = await api.get<CatalogBody>('/api/catalog', { as: USERS.inspector });
    expect(answer.status).toBe(200);
    expect(answer.body.kinds.map((k) => k.kind).sort()).toEqual(['complaint-first', 'complaint-second', 'denunciation', 'petition']);
    const complaint = answer.body.kinds.find((k) => k.kind === 'complaint-first')!;
    expect(complaint.name).toBe('Khiếu nại lần đầu');
    expect(complaint.stages).toContainEqual({ stage: 'accepted', label: 'Đã thụ lý', final: false });
    expect(complaint.commands).toContainEqual({ command: 'AcceptCase', label: 'Thụ lý', roles: ['head', 'director'] });
    expect(complaint.clocks.length).toBeGreaterThan(0);
    expect(answer.body.departments).toEqual(expect.arrayContaining(['so-tnmt', 'so-xd', 'thanh-tra-tinh']));
    expect(answer.body.departmentNames['so-xd']).toBe('Sở Xây dựng');
    expect(answer.body.rejectionGrounds['complaint']).toMatchObject({ 'KN11.6': expect.stringContaining('Điều 11 khoản 6') });
    expect(Object.keys(answer.body.continueAfterWithdrawalGrounds)).toContain('signs-of-violation');
  });

  it("offers the inspectors of the user's own department only, and every department's to a supervisor", async () => {
    const own = await api.get<CatalogBody>('/api/catalog', { as: USERS.head });
    expect(own.body.inspectors.length).toBeGreaterThan(0);
    expect(new Set(own.body.inspectors.map((i) => i.department))).toEqual(new Set(['so-tnmt']));
    const other = await api.get<CatalogBody>('/api/catalog', { as: USERS.otherHead });
    expect(other.body.inspectors.filter((i) => i.department === 'so-tnmt')).toEqual([]);
    const all = await api.get<CatalogBody>('/api/catalog', { as: USERS.supervisor });
    expect(all.body.inspectors).toEqual(expect.arrayContaining(own.body.inspectors));
  });
});

describe('without a built UI', () => {
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp({ env: { KNTC_WEB_DIR: path.join(os.tmpdir(), 'kntc-no-such-web-dir') } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('still runs the API, and / answers 404', async () => {
    expect((await api.get('/')).status).toBe(404);
    expect((await api.get('/api/health')).status).toBe(200);
  });
});
