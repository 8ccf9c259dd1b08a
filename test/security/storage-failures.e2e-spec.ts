import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp } from '../e2e/support/api-test-app';
import { storedEventCount } from './support/security-fixtures';
import { canMountTinyDisk, mountTinyDisk, type TinyDisk } from './support/tiny-disk';

jest.setTimeout(30_000);

/** A denunciation whose denouncer is confidential: filing it creates the case's key in the key store. */
const confidentialFiling = (): Record<string, unknown> =>
  filing('denunciation', { parties: [{ role: 'denouncer', name: 'Nguyễn Văn Bảo', idNumber: '001190054321', confidential: true }] });

const expectUnavailable = (answer: ApiAnswer, code: string): void => {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 503, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(answer.text).not.toMatch(/SQLITE|sqlite|Nguyễn Văn Bảo/);
};

/** chattr +i needs root and a file system that keeps the attribute (ext4, not tmpfs). */
function immutableFilesWork(): boolean {
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-chattr-')), 'probe');
  fs.writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  }
}

// The real failures need root: mounting a tmpfs to fill, chattr +i. The mapping itself is covered without
// root by libs/auth/src/crypto/sqlite-case-key.store.int-spec.ts (a key store locked by another writer).
const tinyDisks = canMountTinyDisk();

(tinyDisks ? describe : describe.skip)('the key store on a full disk (a tmpfs: needs root)', () => {
  let disk: TinyDisk;
  let api: ApiTestApp;

  beforeAll(async () => {
    disk = mountTinyDisk(1024 * 1024);
    api = await startApiTestApp({ env: { KNTC_KEY_STORE_FILE: path.join(disk.dir, 'case-keys.sqlite') } });
  });
  afterAll(async () => {
    await api?.close();
    disk?.close();
  });

  it('refuses a confidential filing 503 key-store-unavailable with Retry-After, appends nothing, and takes the same filing once there is room', async () => {
    const key = randomUUID();
    const before = storedEventCount(api.dataDir);
    disk.fill();
    expectUnavailable(await api.post('/api/cases', confidentialFiling(), { as: USERS.intake, headers: { 'idempotency-key': key } }), 'key-store-unavailable');
    expect(storedEventCount(api.dataDir)).toBe(before);

    disk.free();
    const filed = await api.post('/api/cases', confidentialFiling(), { as: USERS.intake, headers: { 'idempotency-key': key } });
    expect(filed.status).toBe(201);
    expect(storedEventCount(api.dataDir)).toBeGreaterThan(before);
  });
});

(tinyDisks ? describe : describe.skip)('the event store on a full disk (a tmpfs: needs root)', () => {
  let disk: TinyDisk;
  let keys: string;
  let api: ApiTestApp;

  beforeAll(async () => {
    disk = mountTinyDisk(2 * 1024 * 1024);
    keys = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-keys-'));
    api = await startApiTestApp({ dataDir: disk.dir, env: { KNTC_KEY_STORE_FILE: path.join(keys, 'case-keys.sqlite') } });
  });
  afterAll(async () => {
    await api?.close();
    disk?.close();
    fs.rmSync(keys, { recursive: true, force: true });
  });

  it('refuses a filing 503 store-unavailable with Retry-After, appends nothing, and takes the same filing once there is room', async () => {
    const key = randomUUID();
    const before = storedEventCount(api.dataDir);
    disk.fill();
    expectUnavailable(await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'idempotency-key': key } }), 'store-unavailable');
    expect(storedEventCount(api.dataDir)).toBe(before);

    disk.free();
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'idempotency-key': key } });
    expect(filed.status).toBe(201);
    expect(storedEventCount(api.dataDir)).toBeGreaterThan(before);
  });
});

(immutableFilesWork() ? describe : describe.skip)('an immutable key-store file (chattr +i: needs root and ext4)', () => {
  let api: ApiTestApp;
  let files: string[];

  beforeAll(async () => {
    api = await startApiTestApp();
    // Not the -shm file: SQLite maps it into memory, and a write to an immutable mapping is a SIGBUS.
    files = ['case-keys.sqlite', 'case-keys.sqlite-wal'].map((name) => path.join(api.dataDir, name)).filter((file) => fs.existsSync(file));
  });
  afterAll(async () => {
    for (const file of files ?? []) execFileSync('chattr', ['-i', file]);
    await api?.close();
  });

  it('refuses a confidential filing 503 key-store-unavailable with Retry-After and appends nothing', async () => {
    const before = storedEventCount(api.dataDir);
    for (const file of files) execFileSync('chattr', ['+i', file]);
    expectUnavailable(await api.post('/api/cases', confidentialFiling(), { as: USERS.intake, headers: { 'idempotency-key': randomUUID() } }), 'key-store-unavailable');
    expect(storedEventCount(api.dataDir)).toBe(before);
  });
});

(immutableFilesWork() ? describe : describe.skip)('an immutable event-store file (chattr +i: needs root and ext4)', () => {
  let api: ApiTestApp;
  let files: string[];

  beforeAll(async () => {
    api = await startApiTestApp();
    files = ['events.sqlite', 'events.sqlite-wal'].map((name) => path.join(api.dataDir, name)).filter((file) => fs.existsSync(file));
  });
  afterAll(async () => {
    for (const file of files ?? []) execFileSync('chattr', ['-i', file]);
    await api?.close();
  });

  it('refuses a filing 503 store-unavailable with Retry-After, appends nothing, and takes it once writable again', async () => {
    const key = randomUUID();
    const before = storedEventCount(api.dataDir);
    for (const file of files) execFileSync('chattr', ['+i', file]);
    expectUnavailable(await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'idempotency-key': key } }), 'store-unavailable');
    for (const file of files) execFileSync('chattr', ['-i', file]);
    expect(storedEventCount(api.dataDir)).toBe(before);
    expect((await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'idempotency-key': key } })).status).toBe(201);
  });
});
