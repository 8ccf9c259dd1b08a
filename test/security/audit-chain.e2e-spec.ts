import Database from 'better-sqlite3';
import * as path from 'node:path';
import { eventHash } from '@kntc/event-store';
import { assertBuilt, CLI_TEST_TIMEOUT_MS, runKntc } from '../cli/kntc-cli';
import { filing, startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

interface ChainAnswer {
  chain: { valid: boolean; events: number; brokenAt?: { stream: string; revision: number; position: string; problem: string; expected: string; actual: string } };
}

describe('the tamper-evident audit chain over the SQLite store', () => {
  let api: ApiTestApp;
  let tampered: string;
  let untouched: string;

  beforeAll(async () => {
    assertBuilt();
    api = await startApiTestApp();
    for (const kind of ['complaint-first', 'denunciation']) {
      const filed = await api.post('/api/cases', filing(kind), { as: USERS.intake });
      expect(filed.status).toBe(201);
      expect((await api.command(filed.body.caseId, 'assign-inspector', { inspectorId: USERS.inspector }, USERS.head)).status).toBe(200);
      expect((await api.command(filed.body.caseId, 'accept', {}, USERS.head)).status).toBe(200);
      if (kind === 'complaint-first') tampered = filed.body.caseId;
      else untouched = filed.body.caseId;
    }
  });
  afterAll(async () => {
    await api.close();
  });

  describe('before anyone touches the file', () => {
    it('kntc audit verify finds every chain intact and exits 0', async () => {
      const result = await runKntc(['audit', 'verify'], api.dataDir);
      expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit chain verified: \d+ events in 2 streams/) });
    });

    it("the supervisor's history view says the chain holds", async () => {
      const history = await api.get<ChainAnswer>(`/api/cases/${tampered}/history`, { as: USERS.supervisor });
      expect(history.body.chain).toMatchObject({ valid: true, events: history.body.chain.events });
    });

    it('every event carries its hash and the hash of the event before it', async () => {
      const history = await api.historyOf(tampered, USERS.supervisor);
      const metadata = history.body.events.map((e) => e.metadata);
      expect(metadata[0]).toMatchObject({ prevHash: '0'.repeat(64), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      for (let i = 1; i < metadata.length; i++) expect(metadata[i]!['prevHash']).toBe(metadata[i - 1]!['hash']);
    });

    it('shows no request hash, which is derived from the identities of a filing', async () => {
      const history = await api.historyOf(tampered, USERS.supervisor);
      for (const event of history.body.events) expect(event.metadata).not.toHaveProperty('requestHash');
    });
  });

  describe('after one stored event was edited in the SQLite file directly', () => {
    let position: string;
    beforeAll(() => {
      const db = new Database(path.join(api.dataDir, 'events.sqlite'));
      try {
        const row = db.prepare("SELECT position FROM events WHERE stream = ? AND type = 'CaseAccepted'").get(`case-${tampered}`) as { position: number };
        position = String(row.position);
        const changed = db.prepare("UPDATE events SET data = json_set(data, '$.documentNo', '99/TB-SUA') WHERE position = ?").run(row.position);
        expect(changed.changes).toBe(1);
      } finally {
        db.close();
      }
    });

    it('kntc audit verify names it (stream, revision, position, expected and actual hash) and exits 1', async () => {
      const result = await runKntc(['audit', 'verify'], api.dataDir);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('audit chain BROKEN in 1 of 2 streams');
      expect(result.stdout).toMatch(new RegExp(`case-${tampered} revision \\d+ \\(position ${position}, event [0-9a-f-]{36}, CaseAccepted\\): its content does not match its hash`));
      expect(result.stdout).toMatch(/expected: [0-9a-f]{64}\n {4}actual: {3}[0-9a-f]{64}/);
      expect(result.stdout).not.toContain(untouched);
    });

    it('kntc audit verify --case names it too, as JSON when asked', async () => {
      const result = await runKntc(['audit', 'verify', '--case', tampered, '--json'], api.dataDir);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { breaks: Array<Record<string, unknown>> };
      expect(report.breaks).toEqual([expect.objectContaining({ stream: `case-${tampered}`, position, type: 'CaseAccepted', problem: 'hash-mismatch' })]);
    });

    it('kntc audit verify --case of another case finds its chain intact', async () => {
      expect((await runKntc(['audit', 'verify', '--case', untouched], api.dataDir)).code).toBe(0);
    });

    it("the supervisor's history view shows the first broken revision", async () => {
      const history = await api.get<ChainAnswer>(`/api/cases/${tampered}/history`, { as: USERS.supervisor });
      expect(history.body.chain).toMatchObject({ valid: false, brokenAt: { stream: `case-${tampered}`, position, problem: 'hash-mismatch' } });
    });
  });

  describe("after the forger also rewrote the edited event's hash", () => {
    it('kntc audit verify names the event after it, whose link no longer matches', async () => {
      const db = new Database(path.join(api.dataDir, 'events.sqlite'));
      try {
        const row = db.prepare('SELECT event_id, type, schema_version, data, metadata FROM events WHERE stream = ? AND revision = 1').get(`case-${untouched}`) as {
          event_id: string;
          type: string;
          schema_version: number;
          data: string;
          metadata: string;
        };
        const data = { ...(JSON.parse(row.data) as Record<string, unknown>), note: 'sửa lén' };
        const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
        metadata['hash'] = eventHash(`case-${untouched}`, 1, { id: row.event_id, type: row.type, schemaVersion: row.schema_version, data, metadata });
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream = ? AND revision = 1').run(JSON.stringify(data), JSON.stringify(metadata), `case-${untouched}`);
      } finally {
        db.close();
      }
      const result = await runKntc(['audit', 'verify', '--case', untouched], api.dataDir);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`case-${untouched} revision 2 \\(position \\d+, .*\\): its link to the event before it does not match`));
    });
  });

  describe('a case id that is not in the store', () => {
    it('is a usage error (exit 2)', async () => {
      const result = await runKntc(['audit', 'verify', '--case', '0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90'], api.dataDir);
      expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('no case') });
    });
  });
});
