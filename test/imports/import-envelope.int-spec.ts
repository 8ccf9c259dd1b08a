import { CaseIdentityVault } from '@kntc/auth';
import { BusinessTimeNotAllowedError, ExecuteDonCommand, ExecuteDonCommandHandler, ExecuteReceptionCommand, ExecuteReceptionCommandHandler, ManualClock, type DonRequest } from '@kntc/cases';
import type { Actor, ReceptionCommand } from '@kntc/domain';
import type { CommandBus } from '@nestjs/cqrs';
import { loadEngineFiles, openTestStore, type TestStore } from '../read-models/support/read-model-fixtures';

const intake: Actor = { id: 'tnmt-tiepdan-lan', role: 'intake', department: 'so-tnmt' };
const importer = { id: 'importer', role: 'importer' } as const;
const occurredAt = '2014-03-13T02:00:00.000Z';

const registration: DonRequest = {
  type: 'RegisterDon',
  donId: '3a7e2c10-4b5d-4e6f-8a90-20140000ee01',
  department: 'so-tnmt',
  source: { kind: 'post' },
  receivedOn: '2014-03-13',
  signers: 1,
  anonymous: false,
  parties: [{ role: 'complainant', name: 'Ngô Văn Bình', confidential: false }],
  subject: 'Khiếu nại việc chậm cấp giấy chứng nhận',
  content: 'Khiếu nại việc chậm cấp giấy chứng nhận quyền sử dụng đất.',
};
const opening: ReceptionCommand = {
  type: 'OpenReceptionSession',
  sessionId: '3a7e2c10-4b5d-4e6f-8a90-20140000ee02',
  department: 'so-tnmt',
  kind: 'regular',
  date: '2014-03-13',
  place: 'Trụ sở tiếp công dân Sở TN&MT',
};

/** The đơn and reception handlers take the case commands' envelope: business time and a principal for the importer alone. */
describe('a historical act sent to the đơn and reception handlers', () => {
  let test: TestStore;
  let dons: ExecuteDonCommandHandler;
  let reception: ExecuteReceptionCommandHandler;

  beforeEach(() => {
    test = openTestStore();
    const files = loadEngineFiles();
    const clock = new ManualClock(new Date('2026-03-04T02:00:00.000Z'));
    const vault = CaseIdentityVault.ephemeral();
    dons = new ExecuteDonCommandHandler(test.store, files.workflows, files.calendar, clock, vault, {} as CommandBus);
    reception = new ExecuteReceptionCommandHandler(test.store, files.calendar, clock, vault);
  });
  afterEach(() => test.cleanup());

  it('is recorded at its business time, as the officer named, by the importer', async () => {
    await dons.execute(new ExecuteDonCommand(registration, { actor: intake, principal: importer, idempotencyKey: 'd/1', occurredAt }));
    await reception.execute(new ExecuteReceptionCommand(opening, { actor: intake, principal: importer, idempotencyKey: 's/1', occurredAt }));
    for (const stream of ['don-3a7e2c10-4b5d-4e6f-8a90-20140000ee01', 'reception-3a7e2c10-4b5d-4e6f-8a90-20140000ee02']) {
      const [event] = await test.store.readStream(stream);
      expect(event!.metadata).toMatchObject({ actor: intake, principal: importer, occurredAt, occurredOn: '2014-03-13' });
    }
  });

  it('is refused with a business time from anyone but the importer, and nothing is appended', async () => {
    const self = { id: intake.id, role: intake.role };
    await expect(dons.execute(new ExecuteDonCommand(registration, { actor: intake, idempotencyKey: 'd/2', occurredAt }))).rejects.toBeInstanceOf(BusinessTimeNotAllowedError);
    await expect(reception.execute(new ExecuteReceptionCommand(opening, { actor: intake, principal: self, idempotencyKey: 's/2', occurredAt }))).rejects.toBeInstanceOf(BusinessTimeNotAllowedError);
    expect(await test.store.readAll({ limit: 10 })).toEqual([]);
  });

  it("is refused when an account other than the importer records it on someone's behalf", async () => {
    const head = { id: 'tnmt-chanhtt-hung', role: 'head' } as const;
    await expect(dons.execute(new ExecuteDonCommand(registration, { actor: intake, principal: head, idempotencyKey: 'd/3' }))).rejects.toMatchObject({ code: 'role-not-allowed' });
    await expect(reception.execute(new ExecuteReceptionCommand(opening, { actor: intake, principal: head, idempotencyKey: 's/3' }))).rejects.toMatchObject({ code: 'role-not-allowed' });
    expect(await test.store.readAll({ limit: 10 })).toEqual([]);
  });
});
