import type { HistoryEntry } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { filing, startApiTestApp, USERS, type ApiTestApp, type ProblemBody, type TestUser } from './support/api-test-app';

/** 09:00 in Hà Nội on a civil date, as the business clock's instant. */
const nineAm = (date: string): string => new Date(`${date}T09:00:00+07:00`).toISOString();

interface Step {
  on: string;
  as: TestUser;
  action: string;
  body?: Record<string, unknown>;
}

/** A history entry as the API writes it: every act names its actor and business time. */
interface HistoryEvent extends HistoryEntry {
  actor: Actor;
  occurredAt: string;
}

describe('cases driven over HTTP from filing to their end', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  /** Files on `on` as the intake officer and runs the steps in order, each at 09:00 of its day; returns the case id. */
  async function drive(kind: string, on: string, steps: Step[], overrides: Record<string, unknown> = {}): Promise<string> {
    api.clock.set(nineAm(on));
    const filed = await api.post('/api/cases', filing(kind, { receivedOn: on, ...overrides }), { as: USERS.intake });
    expect(filed.status).toBe(201);
    const caseId: string = filed.body.caseId;
    for (const step of steps) {
      api.clock.set(nineAm(step.on));
      const answer = await api.command(caseId, step.action, step.body, step.as);
      if (answer.status !== 200) throw new Error(`${step.action} as ${step.as}: ${answer.status} ${answer.text}`);
    }
    return caseId;
  }

  async function historyOf(caseId: string, as: TestUser = USERS.head): Promise<HistoryEvent[]> {
    const answer = await api.historyOf(caseId, as);
    expect(answer.status).toBe(200);
    return answer.body.events as HistoryEvent[];
  }

  /** Each event as `type by actor on date`, the way an auditor reads the trail. */
  const trail = (events: HistoryEvent[]) => events.map((e) => `${e.type} by ${e.actor.id} at ${e.occurredAt}`);
  const dueDates = (events: HistoryEvent[]) =>
    events
      .filter((e) => e.type === 'DeadlineSet' || e.type === 'DeadlineExtended')
      .map((e) => `${e.type} ${e.data['clock']} due ${e.data['dueDate']} (${e.data['dueAt']})`);

  describe('a first complaint (khiếu nại lần đầu) decided by the provincial Chair', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await drive('complaint-first', '2026-03-02', [
        { on: '2026-03-03', as: USERS.head, action: 'assign-inspector', body: { inspectorId: USERS.inspector, inspectorName: 'Lê Văn Minh' } },
        { on: '2026-03-04', as: USERS.head, action: 'accept', body: { documentNo: '12/TB-TTr' } },
        { on: '2026-03-05', as: USERS.inspector, action: 'start-verification', body: { documentNo: '15/QĐ-TTr' } },
        { on: '2026-03-20', as: USERS.inspector, action: 'report-verification', body: { summary: 'Mức bồi thường áp sai đơn giá', finding: 'partly-right' } },
        { on: '2026-03-25', as: USERS.inspector, action: 'draft-decision', body: { summary: 'Chấp nhận một phần khiếu nại' } },
        { on: '2026-03-27', as: USERS.ubnd, action: 'issue-decision', body: { decisionNo: '789/QĐ-UBND', finding: 'partly-right', summary: 'Điều chỉnh mức bồi thường' } },
        { on: '2026-03-30', as: USERS.intake, action: 'send-decision', body: { recipients: ['Bà Nguyễn Thị Ánh', 'UBND phường Hòa Bình'] } },
        { on: '2026-03-31', as: USERS.head, action: 'close', body: { reason: 'Đã gửi quyết định cho các bên' } },
      ]);
    });

    it('ends closed, a final stage with nothing left to do', async () => {
      const answer = await api.caseOf(caseId, USERS.head);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ stage: 'closed', final: true, kind: 'complaint-first', department: 'so-tnmt' });
      expect(answer.body.allowedCommands).toEqual([]);
      expect(answer.headers.get('etag')).toBe(`"${answer.body.revision}"`);
    });

    it('lists every event in its history with its actor and business time', async () => {
      expect(trail(await historyOf(caseId))).toEqual([
        `CaseFiled by ${USERS.intake} at ${nineAm('2026-03-02')}`,
        `DeadlineSet by ${USERS.intake} at ${nineAm('2026-03-02')}`,
        `InspectorAssigned by ${USERS.head} at ${nineAm('2026-03-03')}`,
        `CaseAccepted by ${USERS.head} at ${nineAm('2026-03-04')}`,
        `DeadlineStopped by ${USERS.head} at ${nineAm('2026-03-04')}`,
        `DeadlineSet by ${USERS.head} at ${nineAm('2026-03-04')}`,
        `VerificationStarted by ${USERS.inspector} at ${nineAm('2026-03-05')}`,
        `VerificationReported by ${USERS.inspector} at ${nineAm('2026-03-20')}`,
        `DecisionDrafted by ${USERS.inspector} at ${nineAm('2026-03-25')}`,
        `DecisionIssued by ${USERS.ubnd} at ${nineAm('2026-03-27')}`,
        `DeadlineStopped by ${USERS.ubnd} at ${nineAm('2026-03-27')}`,
        `DeadlineSet by ${USERS.ubnd} at ${nineAm('2026-03-27')}`,
        `DecisionSent by ${USERS.intake} at ${nineAm('2026-03-30')}`,
        `DeadlineStopped by ${USERS.intake} at ${nineAm('2026-03-30')}`,
        `CaseClosed by ${USERS.head} at ${nineAm('2026-03-31')}`,
      ]);
    });

    it('records the due date of every statutory clock in its DeadlineSet events', async () => {
      expect(dueDates(await historyOf(caseId))).toEqual([
        // 10 working days from Mon 02/03.
        'DeadlineSet acceptance due 2026-03-16 (2026-03-16T16:59:59.999Z)',
        // 30 days from Wed 04/03.
        'DeadlineSet resolution due 2026-04-03 (2026-04-03T16:59:59.999Z)',
        // 3 working days from Fri 27/03.
        'DeadlineSet decision-sending due 2026-04-01 (2026-04-01T16:59:59.999Z)',
      ]);
    });

    it('names the issuer of the decision and keeps the reason and command metadata with each act', async () => {
      const events = await historyOf(caseId);
      expect(events.find((e) => e.type === 'DecisionIssued')?.data).toMatchObject({ issuer: 'ubnd', issuedBy: USERS.ubnd, decisionNo: '789/QĐ-UBND' });
      const closed = events.find((e) => e.type === 'CaseClosed')!;
      expect(closed.reason).toBe('Đã gửi quyết định cho các bên');
      expect(closed.metadata).toMatchObject({ commandType: 'CloseCase', workflow: { id: 'complaint-first', version: 1 }, occurredOn: '2026-03-31' });
    });
  });

  describe('a second complaint (khiếu nại lần hai), where dialogue is mandatory', () => {
    let caseId: string;
    let draftBeforeDialogue: { status: number; body: ProblemBody };
    beforeAll(async () => {
      caseId = await drive('complaint-second', '2026-03-02', [
        { on: '2026-03-03', as: USERS.head, action: 'assign-inspector', body: { inspectorId: USERS.inspector2 } },
        { on: '2026-03-04', as: USERS.director, action: 'accept' },
        { on: '2026-03-05', as: USERS.inspector2, action: 'start-verification' },
        { on: '2026-03-23', as: USERS.inspector2, action: 'report-verification', body: { summary: 'Quyết định lần đầu đúng', finding: 'wrong' } },
      ]);
      draftBeforeDialogue = await api.command(caseId, 'draft-decision', { summary: 'Bác đơn' }, USERS.inspector2);
      for (const step of [
        { on: '2026-03-26', as: USERS.inspector2, action: 'record-dialogue', body: { summary: 'Đối thoại với người khiếu nại, bên bị khiếu nại', documentNo: '03/BB-ĐT' } },
        { on: '2026-04-01', as: USERS.inspector2, action: 'draft-decision', body: { summary: 'Giữ nguyên quyết định lần đầu' } },
        { on: '2026-04-08', as: USERS.director, action: 'issue-decision', body: { decisionNo: '56/QĐ-STNMT', finding: 'wrong', summary: 'Không chấp nhận khiếu nại' } },
        { on: '2026-04-09', as: USERS.head, action: 'send-decision', body: { recipients: ['Bà Nguyễn Thị Ánh'] } },
        { on: '2026-04-10', as: USERS.head, action: 'close' },
      ] as Step[]) {
        api.clock.set(nineAm(step.on));
        expect((await api.command(caseId, step.action, step.body, step.as)).status).toBe(200);
      }
    });

    it('refuses a draft before the dialogue with 422, offering the dialogue instead', () => {
      expect(draftBeforeDialogue.status).toBe(422);
      expect(draftBeforeDialogue.body).toMatchObject({ code: 'command-not-allowed-in-stage', details: { stage: 'verification-reported' } });
      expect(draftBeforeDialogue.body.allowedCommands).toContain('RecordDialogue');
    });

    it('ends closed after dialogue, draft, the director decision and its sending', async () => {
      const answer = await api.caseOf(caseId, USERS.head);
      expect(answer.body).toMatchObject({ stage: 'closed', final: true });
      expect(trail(await historyOf(caseId)).map((line) => line.split(' by ')[0])).toEqual([
        'CaseFiled',
        'DeadlineSet',
        'InspectorAssigned',
        'CaseAccepted',
        'DeadlineStopped',
        'DeadlineSet',
        'VerificationStarted',
        'VerificationReported',
        'DialogueHeld',
        'DecisionDrafted',
        'DecisionIssued',
        'DeadlineStopped',
        'DeadlineSet',
        'DecisionSent',
        'DeadlineStopped',
        'CaseClosed',
      ]);
    });

    it('runs the longer second-instance limits, recorded as due dates in its history', async () => {
      expect(dueDates(await historyOf(caseId))).toEqual([
        'DeadlineSet acceptance due 2026-03-16 (2026-03-16T16:59:59.999Z)',
        // 45 days from Wed 04/03 end Sat 18/04, rolled to Mon 20/04.
        'DeadlineSet resolution due 2026-04-20 (2026-04-20T16:59:59.999Z)',
        // 7 days from Wed 08/04.
        'DeadlineSet decision-sending due 2026-04-15 (2026-04-15T16:59:59.999Z)',
      ]);
    });
  });

  describe('an especially complex denunciation (tố cáo, criteria a and b) extended twice', () => {
    let caseId: string;
    let thirdExtension: { status: number; body: ProblemBody };
    const extend = { clock: 'resolution', reason: 'Vụ việc đặc biệt phức tạp', documentNo: '21/QĐ-GH' };
    beforeAll(async () => {
      caseId = await drive('denunciation', '2026-03-02', [
        { on: '2026-03-03', as: USERS.head, action: 'assign-inspector', body: { inspectorId: USERS.inspector } },
        { on: '2026-03-04', as: USERS.head, action: 'accept', body: { documentNo: '07/TB-TTr' } },
        { on: '2026-03-06', as: USERS.head, action: 'determine-complexity', body: { criteria: ['a', 'b'], reason: 'Nhiều địa điểm, nhiều cơ quan liên quan' } },
        { on: '2026-03-30', as: USERS.head, action: 'extend-deadline', body: extend },
        { on: '2026-04-28', as: USERS.head, action: 'extend-deadline', body: extend },
      ]);
      thirdExtension = await api.command(caseId, 'extend-deadline', extend, USERS.head);
      for (const step of [
        { on: '2026-04-29', as: USERS.inspector, action: 'start-verification' },
        { on: '2026-05-15', as: USERS.inspector, action: 'report-verification', body: { summary: 'Tố cáo đúng một phần', finding: 'partly-right' } },
        { on: '2026-05-20', as: USERS.inspector, action: 'draft-decision', body: { summary: 'Dự thảo kết luận nội dung tố cáo' } },
        { on: '2026-05-25', as: USERS.director, action: 'issue-decision', body: { decisionNo: '30/KL-STNMT', finding: 'partly-right', summary: 'Kết luận nội dung tố cáo' } },
        { on: '2026-05-27', as: USERS.head, action: 'record-handling', body: { summary: 'Kiến nghị kiểm điểm cán bộ địa chính' } },
        { on: '2026-05-29', as: USERS.intake, action: 'publish-conclusion', body: { method: 'Cổng thông tin điện tử' } },
        { on: '2026-06-01', as: USERS.head, action: 'close' },
      ] as Step[]) {
        api.clock.set(nineAm(step.on));
        const answer = await api.command(caseId, step.action, step.body, step.as);
        if (answer.status !== 200) throw new Error(`${step.action}: ${answer.status} ${answer.text}`);
      }
    }, 20_000);

    it('refuses a third extension with 422 extension-not-allowed', () => {
      expect(thirdExtension.status).toBe(422);
      expect(thirdExtension.body).toMatchObject({ code: 'extension-not-allowed', details: { clock: 'resolution', extensions: 2, allowed: 2 } });
    });

    it('ends closed after handling and publication of the conclusion', async () => {
      const answer = await api.caseOf(caseId, USERS.head);
      expect(answer.body).toMatchObject({ stage: 'closed', final: true, complexity: { level: 'especially-complex', criteria: ['a', 'b'] } });
      expect(trail(await historyOf(caseId))).toEqual([
        `CaseFiled by ${USERS.intake} at ${nineAm('2026-03-02')}`,
        `DeadlineSet by ${USERS.intake} at ${nineAm('2026-03-02')}`,
        `InspectorAssigned by ${USERS.head} at ${nineAm('2026-03-03')}`,
        `CaseAccepted by ${USERS.head} at ${nineAm('2026-03-04')}`,
        `DeadlineStopped by ${USERS.head} at ${nineAm('2026-03-04')}`,
        `DeadlineSet by ${USERS.head} at ${nineAm('2026-03-04')}`,
        `ComplexityDetermined by ${USERS.head} at ${nineAm('2026-03-06')}`,
        `DeadlineExtended by ${USERS.head} at ${nineAm('2026-03-30')}`,
        `DeadlineExtended by ${USERS.head} at ${nineAm('2026-04-28')}`,
        `VerificationStarted by ${USERS.inspector} at ${nineAm('2026-04-29')}`,
        `VerificationReported by ${USERS.inspector} at ${nineAm('2026-05-15')}`,
        `DecisionDrafted by ${USERS.inspector} at ${nineAm('2026-05-20')}`,
        `DecisionIssued by ${USERS.director} at ${nineAm('2026-05-25')}`,
        `DeadlineStopped by ${USERS.director} at ${nineAm('2026-05-25')}`,
        `DeadlineSet by ${USERS.director} at ${nineAm('2026-05-25')}`,
        `DeadlineSet by ${USERS.director} at ${nineAm('2026-05-25')}`,
        `ConclusionHandled by ${USERS.head} at ${nineAm('2026-05-27')}`,
        `DeadlineStopped by ${USERS.head} at ${nineAm('2026-05-27')}`,
        `ConclusionPublished by ${USERS.intake} at ${nineAm('2026-05-29')}`,
        `DeadlineStopped by ${USERS.intake} at ${nineAm('2026-05-29')}`,
        `CaseClosed by ${USERS.head} at ${nineAm('2026-06-01')}`,
      ]);
    });

    it('records screening, resolution, both extensions, handling and publication due dates', async () => {
      expect(dueDates(await historyOf(caseId))).toEqual([
        // 7 working days from Mon 02/03.
        'DeadlineSet screening due 2026-03-11 (2026-03-11T16:59:59.999Z)',
        // 30 days from Wed 04/03.
        'DeadlineSet resolution due 2026-04-03 (2026-04-03T16:59:59.999Z)',
        // 60 days end Sun 03/05, rolled to Mon 04/05.
        'DeadlineExtended resolution due 2026-05-04 (2026-05-04T16:59:59.999Z)',
        // 90 days end Tue 02/06.
        'DeadlineExtended resolution due 2026-06-02 (2026-06-02T16:59:59.999Z)',
        // 7 working days from Mon 25/05.
        'DeadlineSet handling due 2026-06-03 (2026-06-03T16:59:59.999Z)',
        'DeadlineSet publication due 2026-06-03 (2026-06-03T16:59:59.999Z)',
      ]);
    });

    it('keeps each extension as a recorded decision with its reason', async () => {
      const extensions = (await historyOf(caseId)).filter((e) => e.type === 'DeadlineExtended');
      expect(extensions.map((e) => e.data)).toMatchObject([
        { extension: 1, previousDueDate: '2026-04-03', documentNo: '21/QĐ-GH', reason: 'Vụ việc đặc biệt phức tạp' },
        { extension: 2, previousDueDate: '2026-05-04', documentNo: '21/QĐ-GH', reason: 'Vụ việc đặc biệt phức tạp' },
      ]);
      expect(extensions.map((e) => e.reason)).toEqual(['Vụ việc đặc biệt phức tạp', 'Vụ việc đặc biệt phức tạp']);
    });
  });

  describe('a petition (kiến nghị, phản ánh) answered to the citizen', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await drive(
        'petition',
        '2026-03-02',
        [
          { on: '2026-03-03', as: USERS.head, action: 'accept' },
          { on: '2026-03-09', as: USERS.inspector, action: 'answer-citizen', body: { summary: 'Đã chỉ đạo kiểm tra việc xả thải', documentNo: '40/TL-STNMT' } },
        ],
        { subject: 'Phản ánh ô nhiễm tiếng ồn từ xưởng cơ khí' },
      );
    });

    it('ends answered, a final stage', async () => {
      const answer = await api.caseOf(caseId, USERS.head);
      expect(answer.body).toMatchObject({ stage: 'answered', final: true, kind: 'petition' });
      expect(answer.body.clocks).toEqual([expect.objectContaining({ clock: 'reply', status: 'stopped', metDeadline: true })]);
    });

    it('lists filing, acceptance and the answer with the reply due date', async () => {
      const events = await historyOf(caseId);
      expect(trail(events)).toEqual([
        `CaseFiled by ${USERS.intake} at ${nineAm('2026-03-02')}`,
        `DeadlineSet by ${USERS.intake} at ${nineAm('2026-03-02')}`,
        `CaseAccepted by ${USERS.head} at ${nineAm('2026-03-03')}`,
        `CitizenAnswered by ${USERS.inspector} at ${nineAm('2026-03-09')}`,
        `DeadlineStopped by ${USERS.inspector} at ${nineAm('2026-03-09')}`,
      ]);
      expect(dueDates(events)).toEqual(['DeadlineSet reply due 2026-03-16 (2026-03-16T16:59:59.999Z)']);
    });
  });
});
