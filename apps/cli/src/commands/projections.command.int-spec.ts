import { ExecuteCaseCommand, ExecuteCaseCommandHandler, loadConfig, ManualClock, openEngine } from '@kntc/cases';
import { deleteKeys, openReadModelRedis, prefixPattern, ReadModelKeys, readActiveBuild } from '@kntc/read-models';
import { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerProjectionsCommand } from './projections.command';

jest.setTimeout(30_000);

const VARIABLES = ['KNTC_DATA_DIR', 'KNTC_EVENT_STORE', 'KNTC_SQLITE_FILE', 'KNTC_REDIS_PREFIX', 'KURRENTDB_CONNECTION_STRING'];

describe('kntc projections', () => {
  const root = `kntc:test-${randomUUID()}:`;
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  let dataDir: string;
  let stdout: string[];

  beforeAll(async () => {
    if (!process.env['REDIS_URL']) throw new Error('REDIS_URL is not set: run through `node scripts/with-redis.js npx jest ...`');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-cli-rm-'));
    for (const name of VARIABLES) delete process.env[name];
    Object.assign(process.env, { KNTC_DATA_DIR: dataDir, KNTC_EVENT_STORE: 'sqlite', KNTC_REDIS_PREFIX: root });
    const engine = await openEngine(loadConfig());
    const handler = new ExecuteCaseCommandHandler(engine.store, engine.workflows, engine.calendar, new ManualClock(new Date('2026-03-02T02:00:00Z')));
    const head = { id: 'tnmt-intake', role: 'intake', department: 'so-tnmt' } as const;
    // 20 filings, two events each (CaseFiled, DeadlineSet of the reply clock): 40 events.
    for (let i = 0; i < 20; i++) {
      await handler.execute(
        new ExecuteCaseCommand(
          {
            type: 'FileCase',
            caseId: randomUUID(),
            kind: 'petition',
            department: 'so-tnmt',
            channel: 'online',
            receivedOn: '2026-03-02',
            subject: `Kiến nghị số ${i}`,
            content: 'Nội dung',
            parties: [{ role: 'petitioner', name: 'Nguyễn Văn An', confidential: false }],
            remoteArea: false,
          },
          { actor: head, principal: head, idempotencyKey: randomUUID() },
        ),
      );
    }
    await engine.store.close();
  });

  afterAll(async () => {
    const redis = openReadModelRedis(process.env['REDIS_URL']!);
    await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
    fs.rmSync(dataDir, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  beforeEach(() => {
    stdout = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const kntc = async (...args: string[]): Promise<string> => {
    const program = new Command('kntc').exitOverride();
    registerProjectionsCommand(program);
    await program.parseAsync(['node', 'kntc', ...args]);
    return stdout.join('');
  };

  it('reports every projection as not built before any runner ran', async () => {
    const out = await kntc('projections', 'status');
    expect(out).toMatch(/^PROJECTION\s+VERSION\s+BUILD\s+STATE\s+POSITION\s+HEAD\s+LAG\s+WRITER/);
    expect(out).toMatch(/case-summary\s+2\s+-\s+not built\s+0\s+40\s+40/);
    expect(out).toContain('no runner is running');
  });

  it('rebuilds one projection with its events/s, then shows it active and caught up', async () => {
    const rebuilt = await kntc('projections', 'rebuild', 'department-cases');
    expect(rebuilt).toMatch(/^department-cases: rebuilt as v4-r1 from 40 events in \d+\.\d s \([\d,]+ events\/s\); it now answers queries\n$/);
    const redis = openReadModelRedis(process.env['REDIS_URL']!);
    try {
      expect((await readActiveBuild(redis, new ReadModelKeys(root).projection('department-cases')))?.position).toBe(40n);
    } finally {
      await redis.quit();
    }
    stdout = [];
    const status = JSON.parse(await kntc('projections', 'status', '--json')) as Array<{ projection: string; active: string; builds: Array<{ lag: string }> }>;
    const cases = status.find((s) => s.projection === 'department-cases')!;
    expect(cases).toMatchObject({ active: 'v4-r1', builds: [{ lag: '0' }] });
  });

  it('refuses an unknown projection name', async () => {
    await expect(kntc('projections', 'rebuild', 'nope')).rejects.toThrow('unknown projection "nope"');
  });
});
