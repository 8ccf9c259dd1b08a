/**
 * The paths a case of each kind may take through its workflow, as register acts: the demo generates its quarter
 * from them, and the report tests their historical register (test/reports/support/historical-register.ts).
 */

export const KINDS = ['complaint-first', 'complaint-second', 'denunciation', 'petition'] as const;
export type Kind = (typeof KINDS)[number];

/**
 * Suspending a complaint's resolution exists only from 01/07/2026 (NĐ 155/2026, art. 12; its art. 22 applies it
 * to complaints accepted earlier too), so a register suspends complaints on or after that day only.
 */
export const COMPLAINT_SUSPENSION_FROM = '2026-07-01';

/** One act of a path: the command, days after the previous act, its payload, who does it. */
export interface Step {
  command: string;
  gap: number;
  payload?: Record<string, unknown>;
  role?: string;
}

/** Who records each act, unless the step names another role. */
export const ROLE_OF: Record<string, string> = {
  AcceptCase: 'head',
  RejectCase: 'head',
  ForwardCase: 'intake',
  AssignInspector: 'head',
  StartVerification: 'head',
  ReportVerification: 'inspector',
  RecordDialogue: 'inspector',
  DraftDecision: 'inspector',
  IssueDecision: 'director',
  SendDecision: 'head',
  RecordHandling: 'head',
  PublishConclusion: 'head',
  CloseCase: 'head',
  AnswerCitizen: 'inspector',
  WithdrawCase: 'intake',
  SuspendCase: 'head',
  ResumeCase: 'head',
  TerminateCase: 'head',
  ReviewCase: 'director',
};

export function step(command: string, gap: number, payload: Record<string, unknown> = {}, role?: string): Step {
  return { command, gap, payload, ...(role ? { role } : {}) };
}

/**
 * The paths a case of each kind may take, every stage of its workflow reached by one of them: rejected, forwarded,
 * withdrawn, only filed, stopped while verifying, decided on time and closed, decided late, reviewed, suspended and
 * resumed, terminated. Decided paths carry the finding chosen by the caller; the inspector is the one assigned.
 */
export function paths(kind: Kind, finding: string, inspector: { id: string; name: string }): Step[][] {
  const accept = step('AcceptCase', 5);
  const assign = step('AssignInspector', 1, { inspectorId: inspector.id, inspectorName: inspector.name });
  const start = step('StartVerification', 2);
  const report = (gap: number) => step('ReportVerification', gap, { summary: 'Kết quả xác minh', finding });
  const draft = (gap: number) => step('DraftDecision', gap, { summary: 'Dự thảo' });
  const issue = (gap: number, no: string) => step('IssueDecision', gap, { decisionNo: no, finding, summary: 'Quyết định giải quyết' });
  const send = step('SendDecision', 2, { recipients: ['Người khiếu nại'] });
  const withdraw = (gap: number) => step('WithdrawCase', gap, { reason: 'Người gửi đơn rút đơn' });
  const terminate = (gap: number) => step('TerminateCase', gap, { reason: 'Căn cứ đình chỉ' });
  const close = step('CloseCase', 10, { reason: 'Hoàn thành' });
  const review = step('ReviewCase', 40, { reason: 'Kiểm tra lại', conclusion: 'Giữ nguyên' });
  const suspend = step('SuspendCase', 7, { reason: 'Chờ giám định' });
  const resume = step('ResumeCase', 20, { reason: 'Đã có kết quả giám định' });
  switch (kind) {
    case 'complaint-first':
    case 'complaint-second': {
      const dialogue = kind === 'complaint-second' ? [step('RecordDialogue', 5, { summary: 'Đối thoại' })] : [];
      const onTime = [accept, assign, start, report(10), ...dialogue, draft(4), issue(kind === 'complaint-first' ? 5 : 4, '12/QĐ')];
      const late = [accept, assign, start, report(kind === 'complaint-first' ? 25 : 32), ...dialogue, draft(10), issue(15, '13/QĐ'), send];
      const afterResume = kind === 'complaint-first' ? [draft(5)] : [start, report(8), ...dialogue, draft(3)];
      return [
        [step('RejectCase', 3, { groundCode: 'KN11.6', reason: 'Hết thời hiệu' })],
        [step('ForwardCase', 2, { toAgency: 'UBND huyện', reason: 'Không thuộc thẩm quyền' })],
        [withdraw(4)],
        [],
        [accept, assign, start],
        [...onTime, send, close],
        late,
        [...onTime, send, close, review],
        [accept, start, withdraw(12)],
        [accept, terminate(15)],
        [accept, suspend],
        [accept, suspend, resume, ...afterResume, issue(6, '14/QĐ'), send],
      ];
    }
    case 'denunciation': {
      const conclude = (gap: number) => issue(gap, '20/KL');
      const onTime = [step('AcceptCase', 6), assign, start, report(10), draft(4), conclude(5)];
      return [
        [step('RejectCase', 4, { groundCode: 'TC29.1d', reason: 'Không có cơ sở' })],
        [step('ForwardCase', 3, { toAgency: 'Công an tỉnh', reason: 'Không thuộc thẩm quyền' })],
        [withdraw(3)],
        [],
        [step('AcceptCase', 6), start],
        [...onTime, step('RecordHandling', 5, { summary: 'Xử lý' }), step('PublishConclusion', 4, { method: 'Cổng thông tin' }), close],
        [step('AcceptCase', 6), start, report(25), draft(8), conclude(12), step('RecordHandling', 5, { summary: 'Xử lý' })],
        [accept, start, step('WithdrawCase', 6, { reason: 'Rút tố cáo', continueGround: 'signs-of-violation' }, 'head'), report(8), draft(3), conclude(5)],
        [accept, withdraw(10)],
        [accept, terminate(12)],
        [...onTime, step('RecordHandling', 5, { summary: 'Xử lý' }), step('PublishConclusion', 4, { method: 'Niêm yết' }), close, step('ReviewCase', 30, { reason: 'Xem xét lại', conclusion: 'Giữ nguyên' })],
      ];
    }
    case 'petition': {
      const answer = (gap: number) => step('AnswerCitizen', gap, { summary: 'Trả lời công dân' });
      const acceptPetition = step('AcceptCase', 2);
      return [
        [answer(3)],
        [answer(35)],
        [acceptPetition, answer(6)],
        [acceptPetition, answer(40)],
        [step('ForwardCase', 2, { toAgency: 'Sở Xây dựng', reason: 'Không thuộc thẩm quyền' })],
        [acceptPetition, step('ForwardCase', 5, { toAgency: 'Sở Công Thương', reason: 'Không thuộc thẩm quyền' })],
        [withdraw(3)],
        [acceptPetition],
        [],
        [acceptPetition, terminate(6)],
      ];
    }
  }
}

/** mulberry32: a small deterministic generator, so a register is the same for the same seed on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
