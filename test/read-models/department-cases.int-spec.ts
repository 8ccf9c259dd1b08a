import { caseIdOfStream, ManualClock } from '@kntc/cases';
import type { Actor, Party } from '@kntc/domain';
import { vnDateOf, type LocalDate } from '@kntc/workflow';
import {
  BuildKeys,
  createProjections,
  DEADLINE_BOARD_PROJECTION,
  DeadlineBoardQueries,
  DeadlineStatusPolicy,
  DEPARTMENT_CASES_PROJECTION,
  DepartmentCasesProjection,
  DepartmentCasesQueries,
  departmentCasesKeys,
  evolveCaseRow,
  foldSearchText,
  matchesSearch,
  markResolved,
  nextDueDate,
  ProjectionRunner,
  queueWrites,
  readActiveBuild,
  searchTerms,
  toCaseSummaryView,
  toProjectedEvent,
  type CaseListFilter,
  type CaseRow,
  type CaseSummaryView,
  type DepartmentCaseRow,
  type ProjectedEvent,
} from '@kntc/read-models';
import { CaseHistoryGenerator } from './support/case-history.generator';
import { dumpPrefix, eventually, executeSteps, loadEngineFiles, openTestStore, TestRedis, type TestStore } from './support/read-model-fixtures';

jest.setTimeout(60_000);

const TNMT_HEAD: Actor = { id: 'tnmt-head', role: 'head', department: 'so-tnmt' };
const XD_HEAD: Actor = { id: 'xd-head', role: 'head', department: 'so-xd' };
const SUPERVISOR: Actor = { id: 'supervisor', role: 'supervisor', department: 'thanh-tra-tinh' };
const ANH = 'Nguyễn Thị Ánh';
const SECRET: Party = { role: 'denouncer', name: 'Lương Thị Bí Mật', idNumber: '079188000777', address: 'Số 9 Ngõ Kín', phone: '0912345678', confidential: true };

describe('department case lists, counters and the deadline board', () => {
  const files = loadEngineFiles();
  const clock = new ManualClock(new Date('2025-01-01T02:00:00Z'));
  const policy = new DeadlineStatusPolicy(files.calendar, clock);
  let test: TestRedis;
  let sqlite: TestStore;
  let lists: DepartmentCasesQueries;
  let board: DeadlineBoardQueries;
  let rows: CaseRow[];
  let events: ProjectedEvent[];
  /** Case → the Vietnam day of the first event that put it in a final stage. */
  const resolvedOn = new Map<string, LocalDate>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = new TestRedis();
    sqlite = openTestStore();
    const generator = new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 31, departments: ['so-tnmt', 'so-xd'] });
    const named = (key: string, overrides: Parameters<CaseHistoryGenerator['nextCase']>[0]) => {
      const steps = generator.nextCase(overrides);
      ids[key] = steps[0]!.caseId;
      return steps;
    };
    await executeSteps(sqlite.store, files, [
      ...named('nfc', { department: 'so-tnmt', kind: 'complaint-first', parties: [{ role: 'complainant', name: ANH.normalize('NFC'), confidential: false }] }),
      ...named('nfd', { department: 'so-tnmt', kind: 'petition', parties: [{ role: 'petitioner', name: ANH.normalize('NFD'), confidential: false }] }),
      ...named('secret', { department: 'so-tnmt', kind: 'denunciation', subject: 'Tố cáo sai phạm tại Ban quản lý dự án', parties: [SECRET] }),
      ...named('dong', { department: 'so-xd', kind: 'petition', parties: [{ role: 'petitioner', name: 'Trần Văn Đông', confidential: false }] }),
      ...generator.cases(150),
    ]);
    const runners = createProjections(files)
      .filter((p) => p.name === DEPARTMENT_CASES_PROJECTION || p.name === DEADLINE_BOARD_PROJECTION)
      .map((projection) => new ProjectionRunner({ store: sqlite.store, redis: test.redis, keys: test.keys, projection }));
    runners.forEach((r) => r.start());
    const head = await sqlite.store.headPosition();
    await eventually(async () => {
      const positions = await Promise.all(runners.map((r) => readActiveBuild(test.redis, test.keys.projection(r.projectionName))));
      return positions.every((p) => p?.position === head);
    }, 'the read models caught up');
    await Promise.all(runners.map((r) => r.stop()));
    lists = new DepartmentCasesQueries(test.redis, test.keys, policy);
    board = new DeadlineBoardQueries(test.redis, test.keys, policy);

    // The expected answers, folded independently of Redis from the stored events.
    const byCase = new Map<string, CaseRow | undefined>();
    events = (await sqlite.store.readAll()).map(toProjectedEvent);
    for (const event of events) {
      const caseId = caseIdOfStream(event.stream)!;
      const row = evolveCaseRow(byCase.get(caseId), event, files);
      const act = event.event;
      if ((act?.type === 'DecisionIssued' || act?.type === 'CitizenAnswered') && !resolvedOn.has(caseId)) {
        resolvedOn.set(caseId, act.data.documentDate ?? vnDateOf(event.occurredAt));
      }
      byCase.set(caseId, row);
    }
    rows = [...byCase.values()].filter((r): r is CaseRow => r !== undefined);
    // Today is set the day before the median running due date of so-tnmt: clocks are then overdue, due soon and on time.
    const dueDates = rows.filter((r) => r.department === 'so-tnmt').flatMap((r) => r.clocks.filter((c) => c.status === 'running').map((c) => c.dueDate));
    clock.set(new Date(Date.parse(`${dueDates.sort()[Math.floor(dueDates.length / 2)]}T09:00:00+07:00`) - 86_400_000));
  });

  afterAll(async () => {
    await sqlite.cleanup();
    await test.cleanup();
  });

  const page = (actor: Actor, filter: Partial<CaseListFilter>) => lists.list(actor, { offset: 0, limit: 1000, ...filter });
  const idsOf = (items: CaseSummaryView[]) => items.map((i) => i.caseId);

  describe('a search typed with or without diacritics', () => {
    it('finds "Nguyễn Thị Ánh" from "nguyen thi anh", whether the name was stored from NFC or NFD', async () => {
      const found = idsOf((await page(TNMT_HEAD, { text: 'nguyen thi anh' })).items);
      expect(found).toEqual(expect.arrayContaining([ids['nfc'], ids['nfd']]));
      const nfdRow = (await page(TNMT_HEAD, { text: 'nguyen thi anh' })).items.find((i) => i.caseId === ids['nfd'])!;
      expect(nfdRow.parties[0]!.name).toBe(ANH.normalize('NFC'));
    });

    it('finds the same cases from the query typed in NFC, in NFD, or in capitals', async () => {
      const plain = idsOf((await page(TNMT_HEAD, { text: 'nguyen thi anh' })).items).sort();
      expect(idsOf((await page(TNMT_HEAD, { text: ANH.normalize('NFC') })).items).sort()).toEqual(plain);
      expect(idsOf((await page(TNMT_HEAD, { text: ANH.normalize('NFD') })).items).sort()).toEqual(plain);
      expect(idsOf((await page(TNMT_HEAD, { text: 'NGUYEN THI ANH' })).items).sort()).toEqual(plain);
    });

    it('matches đ as d, and only at the start of words', async () => {
      expect(idsOf((await page(SUPERVISOR, { text: 'tran van dong' })).items)).toContain(ids['dong']);
      expect(idsOf((await page(SUPERVISOR, { text: 'Trần Văn Đông' })).items)).toContain(ids['dong']);
      expect(idsOf((await page(SUPERVISOR, { text: 'ran van dong' })).items)).not.toContain(ids['dong']);
    });

    it('never finds a confidential party by name, and never stores the identity anywhere in Redis', async () => {
      expect(idsOf((await page(TNMT_HEAD, { text: 'luong thi bi mat' })).items)).toEqual([]);
      expect(idsOf((await page(TNMT_HEAD, { text: 'ban quan ly du an' })).items)).toContain(ids['secret']);
      const everything = JSON.stringify(await dumpPrefix(test.redis, test.keys.root));
      for (const secret of [SECRET.name, SECRET.name.normalize('NFD'), foldSearchText(SECRET.name), SECRET.idNumber!, SECRET.address!, SECRET.phone!]) {
        expect(everything).not.toContain(secret);
      }
      const row = (await page(TNMT_HEAD, { text: 'ban quan ly du an' })).items.find((i) => i.caseId === ids['secret'])!;
      expect(row.hasConfidentialParties).toBe(true);
      expect(row.parties[0]).toEqual({ role: 'denouncer', name: '[Đã ẩn danh tính]', confidential: true });
    });
  });

  describe('filters and paging, checked against the rows folded from the events', () => {
    const expected = (scope: string | undefined, filter: Partial<CaseListFilter>): string[] => {
      const window = policy.window();
      const terms = searchTerms(filter.text ?? '');
      return rows
        .filter((r) => scope === undefined || r.department === scope)
        .map((r) => toCaseSummaryView(r, window))
        .filter((v) => filter.kind === undefined || v.kind === filter.kind)
        .filter((v) => filter.stage === undefined || v.stage === filter.stage)
        .filter((v) => filter.inspectorId === undefined || v.inspectorId === filter.inspectorId)
        .filter((v) => filter.deadlineStatus === undefined || v.deadlineStatus === filter.deadlineStatus)
        .filter((v) => filter.receivedFrom === undefined || v.receivedOn >= filter.receivedFrom)
        .filter((v) => filter.receivedTo === undefined || v.receivedOn <= filter.receivedTo)
        .filter((v) => terms.length === 0 || matchesSearch(foldSearchText([v.subject, ...v.parties.filter((p) => !p.confidential).map((p) => p.name), v.referenceNo ?? ''].join(' ')), terms))
        .map((v) => v.caseId)
        .sort();
    };

    const cases: Array<[string, Partial<CaseListFilter>]> = [
      ['no filter', {}],
      ['a kind', { kind: 'denunciation' }],
      ['a stage', { stage: 'accepted' }],
      ['an inspector', { inspectorId: 'so-tnmt-inspector-2' }],
      ['overdue clocks', { deadlineStatus: 'overdue' }],
      ['clocks due soon', { deadlineStatus: 'due-soon' }],
      ['clocks on time', { deadlineStatus: 'on-time' }],
      ['received between', { receivedFrom: '2025-05-01', receivedTo: '2025-08-31' }],
      ['overdue, received between, sorted by due date', { deadlineStatus: 'overdue', receivedFrom: '2025-06-01', receivedTo: '2025-12-31', sort: 'due' }],
      ['a kind and a word', { kind: 'complaint-first', text: 'dat' }],
    ];

    it.each(cases)('lists exactly the matching cases of the department: %s', async (_name, filter) => {
      const answer = await page(TNMT_HEAD, filter);
      expect(expected('so-tnmt', filter).length).toBeGreaterThan(0);
      expect(idsOf(answer.items).sort()).toEqual(expected('so-tnmt', filter));
      expect(answer.total).toBe(answer.items.length);
    });

    it.each(cases)('lists the matching cases of every department for a supervisor: %s', async (_name, filter) => {
      expect(idsOf((await page(SUPERVISOR, filter)).items).sort()).toEqual(expected(undefined, filter));
    });

    it('orders by receipt, newest first, and pages without gaps or repeats', async () => {
      const all = await page(SUPERVISOR, {});
      const received = all.items.map((i) => i.receivedOn);
      expect(received).toEqual([...received].sort().reverse());
      const paged: string[] = [];
      for (let offset = 0; offset < all.total; offset += 7) paged.push(...idsOf((await lists.list(SUPERVISOR, { offset, limit: 7 })).items));
      expect(paged).toEqual(idsOf(all.items));
    });

    it.each(['overdue', 'due-soon', 'on-time'] as const)('pages the %s cases by due date as one list, total included', async (deadlineStatus) => {
      const all = await page(SUPERVISOR, { deadlineStatus, sort: 'due' });
      const paged: string[] = [];
      for (let offset = 0; offset < all.total; offset += 3) {
        const answer = await lists.list(SUPERVISOR, { deadlineStatus, sort: 'due', offset, limit: 3 });
        expect(answer.total).toBe(all.total);
        paged.push(...idsOf(answer.items));
      }
      expect(paged).toEqual(idsOf(all.items));
      expect(all.total).toBe(all.items.length);
    });

    it('orders by due date, soonest first, with the cases that have no running clock last', async () => {
      const items = (await page(TNMT_HEAD, { sort: 'due' })).items;
      const due = items.map((i) => i.nextDueDate);
      const firstWithout = due.findIndex((d) => d === undefined);
      const withDue = due.slice(0, firstWithout < 0 ? due.length : firstWithout) as string[];
      expect(withDue).toEqual([...withDue].sort());
      expect(due.slice(withDue.length).every((d) => d === undefined)).toBe(true);
    });

    it('shows a user only their own department: another department reads as empty', async () => {
      expect((await page(XD_HEAD, { department: 'so-tnmt' })).items).toEqual([]);
      expect(idsOf((await page(XD_HEAD, {})).items).sort()).toEqual(expected('so-xd', {}));
    });
  });

  describe('the department summary', () => {
    it('counts cases by kind, stage and deadline status as the rows say', async () => {
      const summary = (await lists.summary(TNMT_HEAD, 'so-tnmt'))!;
      const mine = rows.filter((r) => r.department === 'so-tnmt');
      const views = mine.map((r) => toCaseSummaryView(r, policy.window()));
      const count = (pick: (r: CaseRow) => string) => mine.reduce<Record<string, number>>((acc, r) => ({ ...acc, [pick(r)]: (acc[pick(r)] ?? 0) + 1 }), {});
      expect(summary.total).toBe(mine.length);
      expect(summary.open).toBe(mine.filter((r) => !r.final).length);
      expect(summary.suspended).toBe(mine.filter((r) => r.suspended).length);
      expect(summary.byKind).toEqual(count((r) => r.kind));
      expect(summary.byStage).toEqual(count((r) => r.stage));
      expect(summary.byDeadlineStatus).toEqual({
        overdue: views.filter((v) => v.deadlineStatus === 'overdue').length,
        'due-soon': views.filter((v) => v.deadlineStatus === 'due-soon').length,
        'on-time': views.filter((v) => v.deadlineStatus === 'on-time').length,
      });
      expect(summary.withoutRunningClock).toBe(mine.filter((r) => nextDueDate(r) === undefined).length);
    });

    it('counts cases received by month of receipt, and resolved by the month of their first decision, conclusion or answer', async () => {
      const summary = (await lists.summary(TNMT_HEAD, 'so-tnmt'))!;
      const mine = rows.filter((r) => r.department === 'so-tnmt');
      const byMonth = (dates: LocalDate[]) => dates.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.slice(0, 7)]: (acc[d.slice(0, 7)] ?? 0) + 1 }), {});
      const received = byMonth(mine.map((r) => r.receivedOn));
      const resolved = byMonth(mine.flatMap((r) => (resolvedOn.has(r.caseId) ? [resolvedOn.get(r.caseId)!] : [])));
      expect(Object.keys(received).length).toBeGreaterThan(6);
      expect(Object.keys(resolved).length).toBeGreaterThan(3);
      expect(summary.byMonth).toEqual({ received, resolved });
      expect(Object.keys(summary.byMonth.received)).toEqual(Object.keys(received).sort());
      expect(Object.values(summary.byMonth.received).reduce((a, b) => a + b, 0)).toBe(summary.total);
      // Cases that ended without a resolving act (rejected, forwarded, withdrawn) are not counted as resolved.
      const ended = mine.filter((r) => r.final && !resolvedOn.has(r.caseId));
      expect(ended.length).toBeGreaterThan(0);
      expect(Object.values(summary.byMonth.resolved).reduce((a, b) => a + b, 0)).toBe(mine.filter((r) => resolvedOn.has(r.caseId)).length);
    });

    it('dates a resolution by the document date, else the business day in Vietnam, and keeps it after a review', () => {
      const open = { ...rows.find((r) => !r.final)!, resolvedOn: undefined } as DepartmentCaseRow;
      const decided: DepartmentCaseRow = { ...open, stage: 'decision-issued' };
      const issued = (occurredAt: string, documentDate?: LocalDate) =>
        ({ occurredAt, event: { type: 'DecisionIssued', data: { documentDate } } }) as unknown as ProjectedEvent;
      // 31/03 at 17:30 UTC is 01/04 00:30 in Vietnam.
      expect(markResolved(open, decided, issued('2026-03-31T17:30:00Z'))?.resolvedOn).toBe('2026-04-01');
      expect(markResolved(open, decided, issued('2026-04-02T03:00:00Z', '2026-03-30'))?.resolvedOn).toBe('2026-03-30');
      const resolved = markResolved(open, decided, issued('2026-03-31T16:30:00Z'))!;
      expect(resolved.resolvedOn).toBe('2026-03-31');
      expect(markResolved(resolved, { ...resolved, stage: 'reviewed' }, issued('2026-05-02T03:00:00Z'))?.resolvedOn).toBe('2026-03-31');
      const rejected = { ...open, final: true, stage: 'rejected' };
      const rejection = { occurredAt: '2026-05-02T03:00:00Z', event: { type: 'CaseRejected', data: {} } } as unknown as ProjectedEvent;
      expect(markResolved(open, rejected, rejection)).toBe(rejected);
    });

    it('writes the same absolute counters when a batch is planned again after a crash, and nothing for a batch already applied', async () => {
      const projection = new DepartmentCasesProjection(files);
      const scratch = new BuildKeys(`${test.keys.root}scratch:`);
      const half = Math.floor(events.length / 2);
      const apply = async (writes: Awaited<ReturnType<typeof projection.project>>) => {
        const tx = test.redis.multi();
        queueWrites(tx, writes);
        await tx.exec();
      };
      await apply(await projection.project(events.slice(0, half), test.redis, scratch));
      const planned = await projection.project(events.slice(half), test.redis, scratch);
      // The first plan was lost with its process: nothing was written, and the batch is planned again.
      expect(await projection.project(events.slice(half), test.redis, scratch)).toEqual(planned);
      await apply(planned);
      expect(await projection.project(events.slice(half), test.redis, scratch)).toEqual([]);
      const active = await readActiveBuild(test.redis, test.keys.projection(DEPARTMENT_CASES_PROJECTION));
      for (const department of ['so-tnmt', 'so-xd']) {
        expect(await test.redis.hgetall(departmentCasesKeys(scratch).counts(department))).toEqual(
          await test.redis.hgetall(departmentCasesKeys(active!.keys).counts(department)),
        );
      }
    });

    it('answers nothing for a department the user may not see', async () => {
      expect(await lists.summary(XD_HEAD, 'so-tnmt')).toBeUndefined();
      expect(await lists.summary(SUPERVISOR, 'so-tnmt')).toBeDefined();
    });
  });

  describe('the deadline board', () => {
    it('lists the running clocks that are overdue and those due within the working days asked', async () => {
      const answer = (await board.board(TNMT_HEAD, { workingDays: 5, limit: 1000 }))!;
      const window = policy.window(5);
      const clocks = rows
        .filter((r) => r.department === 'so-tnmt')
        .flatMap((r) => r.clocks.filter((c) => c.status === 'running').map((c) => ({ key: `${r.caseId}/${c.clock}`, due: c.dueDate })));
      const key = (e: { caseId: string; clock: string }) => `${e.caseId}/${e.clock}`;
      expect(answer.overdue.map(key).sort()).toEqual(clocks.filter((c) => c.due < window.today).map((c) => c.key).sort());
      expect(answer.dueSoon.map(key).sort()).toEqual(clocks.filter((c) => c.due >= window.today && c.due <= window.dueSoonUntil).map((c) => c.key).sort());
      expect(answer.overdueTotal).toBe(answer.overdue.length);
      expect(answer.overdue.length).toBeGreaterThan(0);
      expect(answer.overdue.map((e) => e.dueDate)).toEqual([...answer.overdue.map((e) => e.dueDate)].sort());
    });

    it('refuses a department the user may not see', async () => {
      expect(await board.board(XD_HEAD, { department: 'so-tnmt' })).toBeUndefined();
    });
  });
});
