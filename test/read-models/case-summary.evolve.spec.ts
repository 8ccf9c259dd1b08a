import { decide, evolve, type Actor, type CaseCommand, type CaseEvent, type CaseState } from '@kntc/domain';
import { evolveCaseRow, type CaseRow, type ProjectedEvent } from '@kntc/read-models';
import { CaseHistoryGenerator, toNewEvents } from './support/case-history.generator';
import { loadEngineFiles } from './support/read-model-fixtures';

const files = loadEngineFiles();
const CASE_ID = '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';
const intake: Actor = { id: 'tnmt-intake', role: 'intake', department: 'so-tnmt' };
const head: Actor = { id: 'tnmt-head', role: 'head', department: 'so-tnmt' };

/** Runs commands through the real decider and returns the events as the projection reads them. */
function history(kind: string, steps: Array<[CaseCommand, Actor, string]>): ProjectedEvent[] {
  const workflow = files.workflows.latest(kind);
  let state: CaseState = { status: 'none' };
  const out: ProjectedEvent[] = [];
  for (const [command, actor, at] of steps) {
    const events: CaseEvent[] = decide(command, state, { workflow, calendar: files.calendar, now: at, actor });
    for (const event of events) {
      out.push({ position: BigInt(out.length + 1), stream: `case-${CASE_ID}`, revision: out.length, event, occurredAt: at, actorId: actor.id });
      state = evolve(state, event);
    }
  }
  return out;
}

const fold = (events: readonly ProjectedEvent[], from?: CaseRow) => events.reduce<CaseRow | undefined>((row, e) => evolveCaseRow(row, e, files), from);

const denunciation = (): ProjectedEvent[] =>
  history('denunciation', [
    [
      {
        type: 'FileCase',
        caseId: CASE_ID,
        kind: 'denunciation',
        department: 'so-tnmt',
        channel: 'post',
        receivedOn: '2026-02-10',
        subject: 'Tố cáo cán bộ địa chính'.normalize('NFD'),
        content: 'Nội dung',
        parties: [
          { role: 'denouncer', name: 'Lương Thị Bí Mật', idNumber: '079188000777', address: 'Số 9 Ngõ Kín', confidential: false },
          { role: 'accused', name: 'Trần Văn Bị'.normalize('NFD'), confidential: false },
        ],
        remoteArea: false,
      },
      intake,
      '2026-02-10T02:00:00.000Z',
    ],
    [{ type: 'AcceptCase', caseId: CASE_ID }, head, '2026-02-24T02:00:00.000Z'],
    [{ type: 'SuspendCase', caseId: CASE_ID, reason: 'Chờ giám định' }, head, '2026-03-02T02:00:00.000Z'],
    [{ type: 'ResumeCase', caseId: CASE_ID, reason: 'Có kết quả' }, head, '2026-03-09T02:00:00.000Z'],
  ]);

describe('the case summary of a denunciation', () => {
  const events = denunciation();
  const row = fold(events)!;

  it('keeps kind, stage and their Vietnamese labels, in NFC', () => {
    expect(row).toMatchObject({ kind: 'denunciation', kindLabel: 'Tố cáo', stage: 'accepted', final: false, department: 'so-tnmt' });
    expect(row.subject).toBe('Tố cáo cán bộ địa chính'.normalize('NFC'));
    expect(row.parties[1]).toEqual({ role: 'accused', name: 'Trần Văn Bị'.normalize('NFC'), confidential: false });
  });

  it('stores the denouncer redacted, whatever the form said, and no identity field at all', () => {
    expect(row.parties[0]).toEqual({ role: 'denouncer', name: '[Đã ẩn danh tính]', confidential: true });
    expect(row.hasConfidentialParties).toBe(true);
    const json = JSON.stringify(row);
    for (const secret of ['Lương', '079188000777', 'Ngõ Kín']) expect(json).not.toContain(secret);
  });

  it('stops the screening clock on acceptance, and after a suspension runs resolution again from the resumption', () => {
    const screening = row.clocks.find((c) => c.clock === 'screening')!;
    const resolution = row.clocks.find((c) => c.clock === 'resolution')!;
    expect(screening).toMatchObject({ status: 'stopped', stoppedOn: '2026-02-24' });
    expect(resolution).toMatchObject({ status: 'running', label: expect.any(String) });
    expect(row.suspended).toBe(false);
    expect(row).not.toHaveProperty('suspendedOn');
  });

  it('shows a suspended case with its clocks paused', () => {
    const suspended = fold(events.slice(0, events.findIndex((e) => e.event?.type === 'CaseSuspended') + 1))!;
    expect(suspended).toMatchObject({ suspended: true, suspendedOn: '2026-03-02' });
    expect(suspended.clocks.find((c) => c.clock === 'resolution')).toMatchObject({ status: 'paused', pausedOn: '2026-03-02' });
  });

  it('gives the same row, to the byte, however the events were split into batches and stored between them', () => {
    const roundTrip = (r: CaseRow | undefined) => (r === undefined ? undefined : (JSON.parse(JSON.stringify(r)) as CaseRow));
    for (let cut = 1; cut < events.length; cut++) {
      const split = fold(events.slice(cut), roundTrip(fold(events.slice(0, cut))));
      expect(JSON.stringify(split)).toBe(JSON.stringify(row));
    }
  });

  it('skips an event it already applied (at or below the row revision)', () => {
    for (const event of events) expect(evolveCaseRow(row, event, files)).toBe(row);
  });
});

describe('a suspended case that ends without resuming', () => {
  const suspendedThen = (last: CaseCommand): ProjectedEvent[] =>
    history('denunciation', [
      [
        {
          type: 'FileCase',
          caseId: CASE_ID,
          kind: 'denunciation',
          department: 'so-tnmt',
          channel: 'post',
          receivedOn: '2026-02-10',
          subject: 'Tố cáo cán bộ địa chính',
          content: 'Nội dung',
          parties: [{ role: 'denouncer', name: 'Người tố cáo', confidential: true }],
          remoteArea: false,
        },
        intake,
        '2026-02-10T02:00:00.000Z',
      ],
      [{ type: 'AcceptCase', caseId: CASE_ID }, head, '2026-02-24T02:00:00.000Z'],
      [{ type: 'SuspendCase', caseId: CASE_ID, reason: 'Chờ giám định' }, head, '2026-03-02T02:00:00.000Z'],
      [last, head, '2026-03-09T02:00:00.000Z'],
    ]);

  it.each([
    ['terminated', { type: 'TerminateCase', caseId: CASE_ID, reason: 'Người tố cáo chết' } as CaseCommand],
    ['withdrawn', { type: 'WithdrawCase', caseId: CASE_ID, reason: 'Rút tố cáo' } as CaseCommand],
  ])('is no longer suspended once %s, as the domain says, and its clock is stopped', (stage, last) => {
    const events = suspendedThen(last);
    const domain = events.reduce<CaseState>((s, e) => evolve(s, e.event!), { status: 'none' });
    expect(domain).toMatchObject({ status: 'active', stage });
    const row = fold(events)!;
    expect(row).toMatchObject({ stage, final: true, suspended: false });
    expect(row).not.toHaveProperty('suspendedOn');
    expect(row.clocks.find((c) => c.clock === 'resolution')).toMatchObject({ status: 'stopped', stoppedOn: '2026-03-09' });
  });
});

describe('the flags the deadline workers set on a case summary', () => {
  const events = denunciation();
  const next = (event: CaseEvent, index: number): ProjectedEvent => ({
    position: BigInt(events.length + index + 1),
    stream: `case-${CASE_ID}`,
    revision: events.length + index,
    event,
    occurredAt: '2026-04-10T02:00:00.000Z',
    actorId: 'system',
  });
  const resolution = (row: CaseRow | undefined) => row!.clocks.find((c) => c.clock === 'resolution')!;
  const dueDate = resolution(fold(events)).dueDate;
  const flagged = fold(
    [
      { type: 'DeadlineMissed', data: { caseId: CASE_ID, clock: 'resolution', dueDate, missedAt: '2026-04-10T02:00:00.000Z' } },
      { type: 'CaseEscalated', data: { caseId: CASE_ID, escalatedAt: '2026-04-10T02:00:00.000Z', reason: 'overdue', level: 2, to: 'director', clock: 'resolution', dueDate } },
      { type: 'CaseEscalated', data: { caseId: CASE_ID, escalatedAt: '2026-04-10T02:00:00.000Z', reason: 'stalled', level: 1, to: 'head', stage: 'accepted', since: '2026-03-09' } },
    ].map((e, i) => next(e as CaseEvent, i)),
    fold(events),
  )!;

  it('marks a missed, escalated clock and a stalled case', () => {
    expect(resolution(flagged)).toMatchObject({ missed: true, escalationLevel: 2 });
    expect(flagged.stalled).toEqual({ stage: 'accepted', since: '2026-03-09', level: 1 });
  });

  it('clears the stall at the next act, and the clock flags with a new due date', () => {
    const acted = fold([next({ type: 'VerificationStarted', data: { caseId: CASE_ID, startedAt: '2026-04-11T02:00:00.000Z', stage: 'verifying' } }, 3)], flagged)!;
    expect(acted).not.toHaveProperty('stalled');
    const extended = fold(
      [
        next(
          {
            type: 'DeadlineSet',
            data: { caseId: CASE_ID, clock: 'resolution', cause: 'resumed', startedOn: '2026-04-11', dueDate: '2026-05-11', dueAt: '2026-05-11T16:59:59.999Z', basis: { provisional: false } as never },
          },
          4,
        ),
      ],
      acted,
    )!;
    expect(resolution(extended)).toMatchObject({ missed: false, escalationLevel: 0, dueDate: '2026-05-11' });
  });

  it('keeps the clock missed, at its escalation level and with its due date, when it resumes overdue', () => {
    const suspended = fold([next({ type: 'CaseSuspended', data: { caseId: CASE_ID, suspendedAt: '2026-04-11T02:00:00.000Z', suspendedOn: '2026-04-11', reason: 'Chờ giám định', stage: 'accepted' } }, 3)], flagged)!;
    const resumed = fold(
      [
        next({ type: 'CaseResumed', data: { caseId: CASE_ID, resumedAt: '2026-04-20T02:00:00.000Z', resumedOn: '2026-04-20', reason: 'Có kết quả', stage: 'accepted' } }, 4),
        next(
          {
            type: 'DeadlineSet',
            data: {
              caseId: CASE_ID,
              clock: 'resolution',
              cause: 'resumed',
              startedOn: '2026-04-20',
              dueDate,
              dueAt: resolution(flagged).dueAt,
              basis: { provisional: false } as never,
              overdue: { missed: true, escalationLevel: 2 },
            },
          },
          5,
        ),
      ],
      suspended,
    )!;
    expect(resolution(resumed)).toMatchObject({ status: 'running', dueDate, missed: true, escalationLevel: 2 });
  });
});

describe('case summaries of generated histories', () => {
  it('never hold an identity field of a confidential party', () => {
    const generator = new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 5 });
    for (let i = 0; i < 50; i++) {
      const steps = generator.nextCase({ kind: 'denunciation' });
      const events = steps.flatMap(toNewEvents).map((e, revision): ProjectedEvent => ({
        position: BigInt(revision + 1),
        stream: `case-${steps[0]!.caseId}`,
        revision,
        event: { type: e.type, data: e.data } as CaseEvent,
        occurredAt: String(e.metadata['occurredAt']),
        actorId: undefined,
      }));
      const filed = steps[0]!.events[0]!;
      const secrets = filed.type === 'CaseFiled' ? filed.data.parties.filter((p) => p.confidential).flatMap((p) => [p.name, p.idNumber ?? '', p.address ?? '']) : [];
      const json = JSON.stringify(fold(events));
      for (const secret of secrets.filter((s) => s !== '')) expect(json).not.toContain(secret);
    }
  });
});
