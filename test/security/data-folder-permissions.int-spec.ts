import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, openEngine, type OpenedEngine } from '@kntc/cases';
import { SqliteEventStore } from '@kntc/event-store';

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

/** Every path under `dir` (itself included) with a permission for the group or others. */
function readableByOthers(dir: string): string[] {
  const loose = modeOf(dir) & 0o077 ? [dir] : [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) loose.push(...readableByOthers(full));
    else if (modeOf(full) & 0o077) loose.push(full);
  }
  return loose;
}

const event = (n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Probe', schemaVersion: 1, data: { n }, metadata: {} });

describe('the data folder and every file the engine keeps in it are owner-only', () => {
  let root: string;
  let umask: number;
  let emitWarning: jest.SpyInstance;
  const dataWarnings = (): string[] =>
    emitWarning.mock.calls.filter(([, options]) => (options as { code?: string } | undefined)?.code === 'KNTC_DATA_PERMISSIONS').map(([message]) => String(message));

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-modes-'));
    // The usual shell umask, which makes new files 0644 and folders 0755: the modes must not depend on it.
    umask = process.umask(0o022);
    emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterEach(() => {
    emitWarning.mockRestore();
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a SQLite store is 0600 in a 0700 folder when opened, and so are the -wal and -shm files its writes create', async () => {
    const file = path.join(root, 'new-folder', 'events.sqlite');
    const store = SqliteEventStore.open(file);
    try {
      expect(modeOf(path.dirname(file))).toBe(0o700);
      expect(modeOf(file)).toBe(0o600);
      await store.append('probe-1', [event(1)], -1);
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      expect(fs.existsSync(`${file}-shm`)).toBe(true);
      expect(readableByOthers(path.dirname(file))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  describe('an engine opened on a fresh data folder', () => {
    let engine: OpenedEngine;
    let dataDir: string;
    beforeEach(async () => {
      dataDir = path.join(root, 'data');
      engine = await openEngine(loadConfig({ KNTC_DATA_DIR: dataDir, KNTC_EVENT_STORE: 'sqlite' }));
    });
    afterEach(async () => {
      await engine.store.close();
      await engine.vault.close();
    });

    it('creates the folder 0700 and the store, the key store, the master key and their journals 0600', async () => {
      await engine.store.append('probe-2', [event(2)], -1);
      await engine.vault.sealParties('5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11', [{ role: 'denouncer', name: 'Nguyễn Văn A', confidential: true }]);
      const files = fs.readdirSync(dataDir).sort();
      expect(files).toEqual(expect.arrayContaining(['case-keys.sqlite', 'events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', 'master-key']));
      expect(modeOf(dataDir)).toBe(0o700);
      expect(readableByOthers(dataDir)).toEqual([]);
      expect(dataWarnings()).toEqual([]);
    });
  });

  it('tightens a folder and files an older version left readable by others, with one warning that names no file content', async () => {
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(path.join(dataDir, 'exports'), { recursive: true, mode: 0o755 });
    const old = new Database(path.join(dataDir, 'events.sqlite'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x)');
    old.close();
    fs.writeFileSync(path.join(dataDir, 'exports', 'report.csv'), 'Nguyễn Văn A;0123\n', { mode: 0o644 });
    expect(modeOf(path.join(dataDir, 'events.sqlite'))).toBe(0o644);
    expect(readableByOthers(dataDir).length).toBeGreaterThanOrEqual(4);

    const engine = await openEngine(loadConfig({ KNTC_DATA_DIR: dataDir, KNTC_EVENT_STORE: 'sqlite' }));
    try {
      await engine.store.append('probe-3', [event(3)], -1);
      expect(readableByOthers(dataDir)).toEqual([]);
      expect(modeOf(dataDir)).toBe(0o700);
      const warned = dataWarnings();
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain(dataDir);
      expect(warned[0]).not.toMatch(/Nguyễn|report\.csv/);
    } finally {
      await engine.store.close();
      await engine.vault.close();
    }
  });
});
