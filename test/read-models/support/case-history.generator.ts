import { deriveEventId, type NewEvent } from '@kntc/event-store';
import {
  allowedCommands,
  CommandRefused,
  decide,
  EVENT_SCHEMA_VERSIONS,
  evolve,
  REJECTION_GROUNDS,
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DeadlineCommand,
  type ExistingCase,
  type Party,
} from '@kntc/domain';
import { addDays, vnDateOf, type LocalDate, type Role, type WorkflowDefinition, type WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';

/** One command of a generated history, with who ran it, when, and the events the real decider gave. */
export interface HistoryStep {
  caseId: string;
  command: CaseCommand | DeadlineCommand;
  actor: Actor;
  occurredAt: string;
  idempotencyKey: string;
  workflow: WorkflowDefinition;
  events: CaseEvent[];
}

export interface GeneratorOptions {
  seed: number;
  departments?: readonly string[];
  /** Receipt dates are spread from this day over `receivedSpanDays`. */
  firstReceivedOn?: LocalDate;
  receivedSpanDays?: number;
  /**
   * Also fire the deadline workers' commands (reminders, misses, escalations) at random instants between acts,
   * and sometimes let weeks pass, so clocks are reminded, missed and escalated, also across suspensions.
   */
  timers?: boolean;
}

const KINDS = ['complaint-first', 'complaint-second', 'denunciation', 'petition'] as const;
const ROLES: readonly Role[] = ['intake', 'inspector', 'head', 'director'];

/** Names as keyboards send them: some precomposed (NFC), some decomposed (NFD). */
const NAMES = [
  'Nguyễn Thị Ánh',
  'Trần Văn Bình',
  'Lê Thị Hồng Nhung',
  'Phạm Đức Dũng',
  'Hoàng Thị Thu Hà',
  'Vũ Quốc Việt',
  'Đặng Thị Mỹ Linh',
  'Bùi Văn Đông',
  'Đỗ Thị Phương',
  'Ngô Minh Tuấn',
];
const SUBJECTS = [
  'Khiếu nại quyết định thu hồi đất tại phường Hòa Bình',
  'Tố cáo hành vi vi phạm trong cấp giấy chứng nhận quyền sử dụng đất',
  'Kiến nghị về việc bồi thường, hỗ trợ tái định cư',
  'Phản ánh việc xây dựng không phép tại thôn Đông Anh',
  'Khiếu nại về mức bồi thường khi giải phóng mặt bằng',
  'Tố cáo cán bộ địa chính nhận tiền trái quy định',
];

/** Relative weight of a command when it is allowed: the main path is the likely one. */
const WEIGHTS: Record<CaseCommand['type'], number> = {
  FileCase: 0,
  AcceptCase: 10,
  RejectCase: 1,
  ForwardCase: 1,
  AssignInspector: 3,
  StartVerification: 10,
  ReportVerification: 10,
  RecordDialogue: 4,
  DraftDecision: 10,
  IssueDecision: 10,
  SendDecision: 10,
  RecordHandling: 10,
  PublishConclusion: 10,
  AnswerCitizen: 8,
  WithdrawCase: 0.5,
  SuspendCase: 0.7,
  ResumeCase: 12,
  TerminateCase: 0.3,
  ReviewCase: 0.5,
  DetermineComplexity: 1,
  ExtendDeadline: 0.7,
  CloseCase: 6,
};

/** mulberry32: small, fast and reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Realistic case histories, decided by the real decider: each case is filed, then walks its workflow by
 * allowed commands chosen at random (mostly forward, sometimes suspended, extended, withdrawn, rejected),
 * a few days apart, and may stop anywhere, so open cases with running, due-soon and overdue clocks remain.
 */
export class CaseHistoryGenerator {
  private readonly rnd: () => number;
  private readonly departments: readonly string[];
  private readonly firstReceivedOn: LocalDate;
  private readonly span: number;
  private serial = 0;
  private readonly timers: boolean;

  constructor(
    private readonly workflows: WorkflowRegistry,
    private readonly calendar: WorkingCalendar,
    options: GeneratorOptions,
  ) {
    this.rnd = random(options.seed);
    this.departments = options.departments ?? ['so-tnmt', 'so-xd', 'thanh-tra-tinh'];
    this.firstReceivedOn = options.firstReceivedOn ?? '2025-03-03';
    this.span = options.receivedSpanDays ?? 300;
    this.timers = options.timers === true;
  }

  /** The steps of `count` new cases, merged in business-time order as a register would record them. */
  cases(count: number): HistoryStep[] {
    const steps: HistoryStep[] = [];
    for (let i = 0; i < count; i++) steps.push(...this.nextCase());
    return steps.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  }

  nextCase(overrides: { parties?: Party[]; subject?: string; department?: string; kind?: string } = {}): HistoryStep[] {
    this.serial += 1;
    const caseId = this.uuid();
    const kind = overrides.kind ?? this.pick(KINDS);
    const workflow = this.workflows.latest(kind);
    const department = overrides.department ?? this.pick(this.departments);
    const receivedOn = addDays(this.firstReceivedOn, Math.floor(this.rnd() * this.span));
    const filer = workflow.family === 'denunciation' ? 'denouncer' : workflow.family === 'petition' ? 'petitioner' : 'complainant';
    const name = this.pick(NAMES);
    const parties: Party[] = overrides.parties ?? [
      {
        role: filer,
        name: this.rnd() < 0.3 ? name.normalize('NFD') : name,
        idNumber: `0011900${String(this.serial).padStart(5, '0')}`,
        address: `Số ${1 + Math.floor(this.rnd() * 200)} Lê Lợi`,
        confidential: filer === 'denouncer',
      },
      ...(this.rnd() < 0.4 ? [{ role: 'respondent' as const, name: 'UBND phường Hòa Bình', confidential: false }] : []),
    ];
    const file: CaseCommand = {
      type: 'FileCase',
      caseId,
      kind,
      department,
      channel: this.pick(['in-person', 'post', 'online', 'referral'] as const),
      receivedOn,
      subject: overrides.subject ?? this.pick(SUBJECTS),
      content: 'Nội dung đơn được ghi nhận theo mẫu.',
      parties,
      remoteArea: this.rnd() < 0.15,
      ...(this.rnd() < 0.5 ? { referenceNo: `${this.serial}/ĐKN` } : {}),
    };
    const steps: HistoryStep[] = [];
    let at = this.instantOn(addDays(receivedOn, Math.floor(this.rnd() * 3)));
    const filed = this.run(file, { status: 'none' }, workflow, { id: `${department}-intake`, role: 'intake', department }, at, caseId, 0);
    if (!filed) throw new Error(`generator: filing ${caseId} was refused`);
    steps.push(filed.step);
    let state = filed.state;
    for (let n = 1; n < 30; n++) {
      if (workflow.stages[state.stage]?.final === true && this.rnd() < 0.7) break;
      if (this.rnd() < 0.07) break;
      const jump = this.timers && this.rnd() < 0.25 ? 10 + Math.floor(this.rnd() * 60) : 0;
      const previous = at;
      at = this.instantOn(addDays(vnDateOf(at), 1 + jump + Math.floor(this.rnd() * 8)));
      if (this.timers) {
        for (const fired of this.fireTimers(state, workflow, previous, at, caseId, n)) {
          steps.push(fired.step);
          state = fired.state;
        }
      }
      const next = this.step(state, workflow, at, caseId, n);
      if (!next) break;
      steps.push(next.step);
      state = next.state;
    }
    return steps;
  }

  private step(state: ExistingCase, workflow: WorkflowDefinition, at: string, caseId: string, n: number) {
    const options = new Map<CaseCommand['type'], Role>();
    for (const role of ROLES) {
      const actor = { id: 'probe', role, department: state.department };
      for (const type of allowedCommands(state, workflow, actor, vnDateOf(at)) as Array<CaseCommand['type']>) if (!options.has(type)) options.set(type, role);
    }
    const candidates = [...options.entries()].filter(([type]) => WEIGHTS[type] > 0 && !(type === 'AssignInspector' && state.inspectorId));
    for (let attempt = 0; attempt < 4 && candidates.length > 0; attempt++) {
      const index = this.weighted(candidates.map(([type]) => WEIGHTS[type]));
      const [type, role] = candidates[index]!;
      candidates.splice(index, 1);
      const actor: Actor = { id: `${state.department}-${role}`, role, department: state.department };
      const command = this.command(type, state, workflow);
      if (!command) continue;
      const result = this.run(command, state, workflow, actor, at, caseId, n);
      if (result) return result;
    }
    return undefined;
  }

  /**
   * Tries every deadline command a timer could send for the running clocks, at a few random instants between two
   * acts, as the system actor; the decider refuses those not due (or done), which are dropped.
   */
  private fireTimers(state: ExistingCase, workflow: WorkflowDefinition, from: string, to: string, caseId: string, n: number) {
    const fired: Array<{ step: HistoryStep; state: ExistingCase }> = [];
    const system: Actor = { id: 'deadline-worker', role: 'system', department: state.department };
    const span = Date.parse(to) - Date.parse(from);
    const instants = Array.from({ length: 1 + Math.floor(this.rnd() * 4) }, () => Date.parse(from) + Math.floor(this.rnd() * span)).sort((a, b) => a - b);
    for (const instant of instants) {
      const at = new Date(instant).toISOString();
      for (const [clock, c] of Object.entries(state.clocks)) {
        if (c.status !== 'running') continue;
        const commands: DeadlineCommand[] = [
          ...(workflow.clocks[clock]?.remindBefore ?? []).map((workingDaysBefore): DeadlineCommand => ({ type: 'SendDeadlineReminder', caseId, clock, dueDate: c.dueDate, workingDaysBefore })),
          { type: 'RecordDeadlineMissed', caseId, clock, dueDate: c.dueDate },
          { type: 'EscalateOverdueCase', caseId, clock, dueDate: c.dueDate, level: c.escalationLevel + 1 },
        ];
        for (const command of commands) {
          const result = this.run(command, state, workflow, system, at, caseId, n * 1000 + fired.length);
          if (result) {
            fired.push(result);
            state = result.state;
          }
        }
      }
    }
    return fired;
  }

  private run(command: CaseCommand | DeadlineCommand, state: CaseState, workflow: WorkflowDefinition, actor: Actor, at: string, caseId: string, n: number) {
    try {
      const events = decide(command, state, { workflow, calendar: this.calendar, now: at, actor });
      const next = events.reduce<CaseState>(evolve, state) as ExistingCase;
      return { step: { caseId, command, actor, occurredAt: at, idempotencyKey: `gen-${caseId}-${n}`, workflow, events }, state: next };
    } catch (error) {
      if (error instanceof CommandRefused) return undefined;
      throw error;
    }
  }

  private command(type: CaseCommand['type'], state: ExistingCase, workflow: WorkflowDefinition): CaseCommand | undefined {
    const caseId = state.caseId;
    const doc = { documentNo: `${this.serial}/TB` };
    switch (type) {
      case 'FileCase':
        return undefined;
      case 'AcceptCase':
        return { type, caseId, ...doc };
      case 'RejectCase': {
        const grounds = Object.keys(REJECTION_GROUNDS[workflow.family]);
        return grounds.length > 0 ? { type, caseId, groundCode: this.pick(grounds), reason: 'Không đủ điều kiện thụ lý' } : undefined;
      }
      case 'ForwardCase':
        return { type, caseId, toAgency: 'UBND huyện Đông Anh', reason: 'Không thuộc thẩm quyền' };
      case 'AssignInspector': {
        const n = 1 + Math.floor(this.rnd() * 3);
        return { type, caseId, inspectorId: `${state.department}-inspector-${n}`, inspectorName: `Thanh tra viên ${n}` };
      }
      case 'StartVerification':
        return { type, caseId, ...doc };
      case 'ReportVerification':
        return { type, caseId, summary: 'Kết quả xác minh', finding: this.pick(['right', 'partly-right', 'wrong'] as const) };
      case 'RecordDialogue':
        return { type, caseId, summary: 'Biên bản đối thoại' };
      case 'DraftDecision':
        return { type, caseId, summary: 'Dự thảo' };
      case 'IssueDecision':
        return { type, caseId, decisionNo: `${this.serial}/QĐ-UBND`, finding: this.pick(['right', 'partly-right', 'wrong'] as const), summary: 'Quyết định' };
      case 'SendDecision':
        return { type, caseId, recipients: ['Người khiếu nại', 'Người bị khiếu nại'] };
      case 'RecordHandling':
        return { type, caseId, summary: 'Xử lý sau kết luận' };
      case 'PublishConclusion':
        return { type, caseId, method: 'niêm yết' };
      case 'AnswerCitizen':
        return { type, caseId, summary: 'Trả lời công dân' };
      case 'WithdrawCase':
        return { type, caseId, reason: 'Người gửi đơn rút đơn' };
      case 'SuspendCase':
        return { type, caseId, reason: 'Chờ kết quả giám định' };
      case 'ResumeCase':
        return { type, caseId, reason: 'Đã có kết quả giám định' };
      case 'TerminateCase':
        return { type, caseId, reason: 'Người khiếu nại chết' };
      case 'ReviewCase':
        return { type, caseId, reason: 'Có dấu hiệu vi phạm', conclusion: 'Giữ nguyên' };
      case 'DetermineComplexity':
        return { type, caseId, criteria: this.rnd() < 0.5 ? ['a'] : ['a', 'g'], reason: 'Nhiều địa điểm' };
      case 'ExtendDeadline': {
        const running = Object.entries(state.clocks).filter(([, c]) => c.status === 'running');
        return running.length > 0 ? { type, caseId, clock: this.pick(running)[0], reason: 'Cần thêm thời gian xác minh' } : undefined;
      }
      case 'CloseCase':
        return { type, caseId, reason: 'Hoàn thành' };
      default: {
        const unknown: never = type;
        throw new Error(`generator: unknown command ${String(unknown)}`);
      }
    }
  }

  private instantOn(date: LocalDate): string {
    const minutes = 8 * 60 + Math.floor(this.rnd() * 8 * 60);
    return new Date(Date.parse(`${date}T00:00:00+07:00`) + minutes * 60_000).toISOString();
  }

  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.rnd() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(this.rnd() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  private weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.rnd() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r <= 0) return i;
    }
    return weights.length - 1;
  }
}

/** The events of a step as the command handler would append them (metadata: actor, command, business time). */
export function toNewEvents(step: HistoryStep): NewEvent[] {
  const commandId = deriveEventId(step.idempotencyKey, -1);
  return step.events.map((event, index) => ({
    id: deriveEventId(step.idempotencyKey, index),
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      actor: step.actor,
      commandId,
      commandType: step.command.type,
      idempotencyKey: step.idempotencyKey,
      correlationId: commandId,
      causationId: commandId,
      workflow: { id: step.workflow.id, version: step.workflow.version },
      occurredAt: step.occurredAt,
      occurredOn: vnDateOf(step.occurredAt),
    },
  }));
}
