import type { CommandBus } from '@nestjs/cqrs';
import { CaseIdentityVault } from '@kntc/auth';
import { ExecuteCaseCommand, ExecuteCaseCommandHandler, ExecuteDonCommand, ExecuteDonCommandHandler, ManualClock, type DonRequest } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { FaultyStore } from '../deadlines/support/faulty-store';
import { loadEngineFiles, openTestStore, type TestStore } from '../read-models/support/read-model-fixtures';

const intake: Actor = { id: 'u-intake', role: 'intake', department: 'so-tnmt' };

/**
 * A đơn accepted into a case writes three streams (case, đơn, matter). The store fails after the case is filed:
 * the same Idempotency-Key sent again finds the case it filed, and appends only what is missing.
 */
describe('a đơn accepted into a case when the store fails half-way', () => {
  let test: TestStore;
  let store: FaultyStore;
  let dons: ExecuteDonCommandHandler;

  beforeEach(() => {
    test = openTestStore();
    store = new FaultyStore(test.store);
    const files = loadEngineFiles();
    const clock = new ManualClock(new Date('2026-03-04T02:00:00.000Z'));
    const vault = CaseIdentityVault.ephemeral();
    const cases = new ExecuteCaseCommandHandler(store, files.workflows, files.calendar, clock, vault);
    // The bus routes the one command this handler sends (the filing) to the real case handler.
    const bus = { execute: (command: ExecuteCaseCommand) => cases.execute(command) } as unknown as CommandBus;
    dons = new ExecuteDonCommandHandler(store, files.workflows, files.calendar, clock, vault, bus);
  });
  afterEach(() => test.cleanup());

  const run = (request: DonRequest, key: string) => dons.execute(new ExecuteDonCommand(request, { actor: intake, idempotencyKey: key }));

  it('completes on a retry with the same key: one case, the đơn accepted, the matter linked', async () => {
    const registered = await run(
      {
        type: 'RegisterDon',
        department: 'so-tnmt',
        source: { kind: 'post' },
        receivedOn: '2026-03-03',
        signers: 1,
        anonymous: false,
        parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', confidential: false }],
        subject: 'Khiếu nại quyết định xử phạt',
        content: 'Đề nghị hủy quyết định xử phạt',
      },
      'register-1',
    );
    const donId = registered.donId;
    await run({ type: 'ClassifyDon', donId, content: 'complaint', qualifying: true, competence: 'within' }, 'classify-1');

    store.failAppends((events) => events[0]?.type === 'DonAcceptedIntoCase');
    await expect(run({ type: 'AcceptDonIntoCase', donId, kind: 'complaint-first' }, 'accept-1')).rejects.toThrow('injected');
    const filedCases = (await test.store.readAll({ streamPrefix: 'case-' })).filter((e) => e.type === 'CaseFiled');
    expect(filedCases).toHaveLength(1);
    expect((await test.store.readStream(`don-${donId}`)).map((e) => e.type)).toEqual(['DonRegistered', 'DonClassified']);

    const retried = await run({ type: 'AcceptDonIntoCase', donId, kind: 'complaint-first' }, 'accept-1');
    expect(retried.caseId).toBe(filedCases[0]!.data['caseId']);
    expect(retried.streams.map((s) => [s.stream.split('-')[0], s.replayed])).toEqual([
      ['don', false],
      ['matter', false],
    ]);
    expect((await test.store.readAll({ streamPrefix: 'case-' })).filter((e) => e.type === 'CaseFiled')).toHaveLength(1);
    expect((await test.store.readStream(`don-${donId}`)).map((e) => e.type)).toEqual(['DonRegistered', 'DonClassified', 'DonAcceptedIntoCase']);
    expect((await test.store.readStream(registered.streams[1]!.stream)).map((e) => e.type)).toEqual([
      'MatterOpened',
      'DonLinkedToMatter',
      'CaseLinkedToMatter',
    ]);

    const third = await run({ type: 'AcceptDonIntoCase', donId, kind: 'complaint-first' }, 'accept-1');
    expect(third.replayed).toBe(true);
  });
});
