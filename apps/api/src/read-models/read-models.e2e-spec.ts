import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule, BearerAuthGuard, PermissionGuard, TokenService, UsersDirectory } from '@kntc/auth';
import { CasesModule, ExecuteCaseCommand, loadConfig, ManualClock, openEngine, type CommandResult, type KntcConfig, type OpenedEngine } from '@kntc/cases';
import type { Actor, CaseCommand, Party } from '@kntc/domain';
import { deleteKeys, openReadModelRedis, prefixPattern, ProjectionRunnersService } from '@kntc/read-models';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProblemDetailsFilter } from '../shared/problem-details.filter';
import { ReadModelsHttpModule } from './read-models.module';

jest.setTimeout(30_000);

const USERS_FILE = path.resolve(__dirname, '../../../../test/e2e/support/users.yaml');
const INTAKE: Actor = { id: 'tnmt-intake', role: 'intake', department: 'so-tnmt' };

/** The API's auth, problem+json filter and case use cases, with the read-model routes under test. */
@Module({})
class ReadModelsTestApiModule {
  static register(engine: OpenedEngine, config: KntcConfig, clock: ManualClock, env: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: ReadModelsTestApiModule,
      imports: [
        CqrsModule.forRoot(),
        CasesModule.register({ ...engine, clock }),
        AuthModule.register({ users: UsersDirectory.load(USERS_FILE), secret: 'read-models-e2e-secret-0123456789abcdef' }),
        ReadModelsHttpModule.register(engine, config, { clock, env }),
      ],
      providers: [
        { provide: APP_GUARD, useExisting: BearerAuthGuard },
        { provide: APP_GUARD, useExisting: PermissionGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}

interface Started {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

async function start(config: KntcConfig, clock: ManualClock, env: NodeJS.ProcessEnv, dataDir: string): Promise<Started & { engine: OpenedEngine }> {
  const engine = await openEngine(config);
  const app = await NestFactory.create<NestExpressApplication>(ReadModelsTestApiModule.register(engine, config, clock, env), { logger: false });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    engine,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await engine.store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the read-model routes of the API, with the projections running in the API process', () => {
  const root = `kntc:test-${randomUUID()}:`;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00.000Z'));
  let api: Started & { engine: OpenedEngine };
  let commands: CommandBus;
  let tokens: TokenService;

  beforeAll(async () => {
    const redisUrl = process.env['REDIS_URL'];
    if (!redisUrl) throw new Error('REDIS_URL is not set: run through `node scripts/with-redis.js npx jest ...`');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-rm-e2e-'));
    const config = loadConfig({ KNTC_DATA_DIR: dataDir, KNTC_USERS_FILE: USERS_FILE, REDIS_URL: redisUrl, PORT: '0' });
    api = await start(config, clock, { KNTC_REDIS_PREFIX: root, KNTC_READ_MODEL_WAIT_MS: '800', KNTC_PROJECTION_BATCH_WINDOW_MS: '5' }, dataDir);
    commands = api.app.get(CommandBus);
    tokens = api.app.get(TokenService);
  });

  afterAll(async () => {
    await api.close();
    const redis = openReadModelRedis(process.env['REDIS_URL']!);
    await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
  });

  const get = async (url: string, user: string) => {
    const response = await fetch(`${api.baseUrl}${url}`, { headers: { authorization: `Bearer ${tokens.issue(user).token}` } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  const run = (command: CaseCommand, actor: Actor): Promise<CommandResult> =>
    commands.execute(new ExecuteCaseCommand(command, { actor, principal: { id: actor.id, role: actor.role }, idempotencyKey: randomUUID() }));
  const file = (parties: Party[], subject = 'Khiếu nại quyết định thu hồi đất tại phường Hòa Bình'): Promise<CommandResult> =>
    run(
      {
        type: 'FileCase',
        caseId: randomUUID(),
        kind: 'complaint-first',
        department: 'so-tnmt',
        channel: 'in-person',
        receivedOn: '2026-03-02',
        subject,
        content: 'Đề nghị xem xét lại mức bồi thường.',
        parties,
        remoteArea: false,
      },
      INTAKE,
    );

  describe('a user who just filed a case', () => {
    it('sees it in the list when asking after the position the command answered, found without diacritics', async () => {
      const filed = await file([{ role: 'complainant', name: 'Nguyễn Thị Ánh'.normalize('NFD'), confidential: false }]);
      const answer = await get(`/api/cases?after=${filed.position}&q=nguyen%20thi%20anh`, 'tnmt-head');
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([filed.caseId]);
      expect(BigInt(answer.body.position)).toBeGreaterThanOrEqual(BigInt(filed.position));
      expect(answer.body.items[0]).toMatchObject({ stage: 'filed', stageLabel: 'Đã tiếp nhận đơn', deadlineStatus: 'on-time', parties: [{ name: 'Nguyễn Thị Ánh' }] });
    });

    it('sees the counters of the department and the case summary after the position', async () => {
      const filed = await file([{ role: 'complainant', name: 'Trần Văn Bình', confidential: true }]);
      const summary = await get(`/api/departments/so-tnmt/summary?after=${filed.position}`, 'tnmt-head');
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({ department: 'so-tnmt', byKind: { 'complaint-first': expect.any(Number) }, byStage: { filed: expect.any(Number) } });
      expect(summary.body.total).toBeGreaterThanOrEqual(1);
      // Every case of this suite is received on 02/03/2026, and none is resolved.
      expect(summary.body.byMonth).toEqual({ received: { '2026-03': summary.body.total }, resolved: {} });
      const one = await get(`/api/cases/${filed.caseId}/summary?after=${filed.position}`, 'tnmt-head');
      expect(one.status).toBe(200);
      expect(one.body.summary.parties).toEqual([{ role: 'complainant', name: '[Đã ẩn danh tính]', confidential: true }]);
    });
  });

  describe('another department', () => {
    it('lists nothing and hides the summary and the board of a department the user may not see', async () => {
      const filed = await file([{ role: 'complainant', name: 'Lê Văn Cường', confidential: false }]);
      expect((await get(`/api/cases?department=so-tnmt&after=${filed.position}`, 'xd-head')).body.items).toEqual([]);
      expect((await get(`/api/cases?after=${filed.position}`, 'supervisor')).body.items.map((i: { caseId: string }) => i.caseId)).toContain(filed.caseId);
      const summary = await get('/api/departments/so-tnmt/summary', 'xd-head');
      expect(summary.status).toBe(404);
      expect(summary.body.code).toBe('department-not-found');
      expect((await get('/api/deadline-board?department=so-tnmt', 'xd-head')).status).toBe(404);
    });
  });

  describe('the deadline board and the inbox', () => {
    it('lists the acceptance clocks due soon once business time nears their due date', async () => {
      const filed = await file([{ role: 'complainant', name: 'Phạm Thị Dung', confidential: false }]);
      clock.set('2026-03-13T02:00:00.000Z');
      try {
        const board = await get(`/api/deadline-board?after=${filed.position}`, 'tnmt-head');
        expect(board.status).toBe(200);
        expect(board.body.dueSoon.map((e: { caseId: string }) => e.caseId)).toContain(filed.caseId);
      } finally {
        clock.set('2026-03-02T02:00:00.000Z');
      }
    });

    it('gives an empty inbox, and 404 for marking an item the user does not have', async () => {
      const inbox = await get('/api/me/inbox', 'tnmt-head');
      expect(inbox.status).toBe(200);
      expect(inbox.body).toMatchObject({ items: [], total: 0, unread: 0 });
      const response = await fetch(`${api.baseUrl}/api/me/inbox/nope/read`, { method: 'POST', headers: { authorization: `Bearer ${tokens.issue('tnmt-head').token}` } });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('inbox-item-not-found');
    });
  });

  describe('a malformed query', () => {
    it('is refused with problem+json codes', async () => {
      expect((await get('/api/cases?deadlineStatus=late', 'tnmt-head')).body).toMatchObject({ status: 400, code: 'validation-failed' });
      expect((await get('/api/cases?receivedFrom=02/03/2026', 'tnmt-head')).body).toMatchObject({ status: 400, code: 'validation-failed' });
      expect((await get('/api/cases?after=abc', 'tnmt-head')).body).toMatchObject({ status: 400, code: 'validation-failed' });
      expect((await get('/api/cases?colour=red', 'tnmt-head')).body).toMatchObject({ status: 400, code: 'unknown-parameter' });
      expect((await fetch(`${api.baseUrl}/api/cases`)).status).toBe(401);
    });
  });
  describe('a position the read models have not reached (runs last: it stops the runners)', () => {
    it('answers 503 read-model-behind with Retry-After after the bounded wait', async () => {
      // The runners stopped (last in this suite), a case filed: its position is in the store, never in the read
      // models. (An event of another stream family no longer serves: an idle runner moves its checkpoint past
      // other streams' events, so such a position counts as reached.)
      await api.app.get(ProjectionRunnersService).beforeApplicationShutdown();
      const written = await file([{ role: 'complainant', name: 'Phan Văn Đức', confidential: false }]);
      const after = written.position.toString();
      const answer = await get(`/api/cases?after=${after}`, 'tnmt-head');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(answer.body).toMatchObject({ code: 'read-model-behind', after });
    });

    it('answers 400 after-beyond-head at once when the store never wrote that far: no wait could reach it', async () => {
      const head = await api.engine.store.headPosition();
      const after = (head + 1000n).toString();
      for (const url of [`/api/cases?after=${after}`, `/api/deadline-board?after=${after}`, `/api/me/inbox?after=${after}`]) {
        const answer = await get(url, 'tnmt-head');
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body).toMatchObject({ code: 'after-beyond-head', after });
      }
    });
  });
});

describe('the read-model routes of an API without Redis', () => {
  it('answer 503 read-models-unavailable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-rm-e2e-'));
    const config = loadConfig({ KNTC_DATA_DIR: dataDir, KNTC_USERS_FILE: USERS_FILE, PORT: '0' });
    const api = await start(config, new ManualClock(new Date('2026-03-02T02:00:00.000Z')), {}, dataDir);
    try {
      const token = api.app.get(TokenService).issue('tnmt-head').token;
      const response = await fetch(`${api.baseUrl}/api/cases`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { code: string }).code).toBe('read-models-unavailable');
    } finally {
      await api.close();
    }
  });
});
