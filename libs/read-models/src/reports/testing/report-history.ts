import * as path from 'node:path';
import { decide, evolve, EVENT_SCHEMA_VERSIONS, type Actor, type CaseCommand, type CaseState, type ReceiptChannel } from '@kntc/domain';
import { WorkflowRegistry, vnDateOf, type LocalDate, type Role, type WorkingCalendar } from '@kntc/workflow';
import { createVietnamCalendar, loadWorkflows } from '@kntc/workflow/loader';
import type { ReportSourceEvent } from '../department-report.builder';

const WORKFLOWS_DIR = path.resolve(__dirname, '../../../../../workflows');

let engine: { workflows: WorkflowRegistry; calendar: WorkingCalendar } | undefined;

/** The shipped workflows and official calendars, loaded once; tests only. */
export function loadReportEngine(): { workflows: WorkflowRegistry; calendar: WorkingCalendar } {
  engine ??= {
    workflows: new WorkflowRegistry(loadWorkflows(WORKFLOWS_DIR)),
    calendar: createVietnamCalendar(path.join(WORKFLOWS_DIR, 'calendars'), { makeUpSaturdaysAreWorkingDays: true }),
  };
  return engine;
}

/** Command fields besides type and caseId. */
type Payload<T extends CaseCommand['type']> = Omit<Extract<CaseCommand, { type: T }>, 'type' | 'caseId'>;

/**
 * Case histories recorded as the store would hold them, each command run through the real decider at
 * 09:00 Hà Nội time on the day given (metadata.occurredAt/occurredOn as the command handler writes them).
 */
export class ReportHistory {
  private readonly recorded: ReportSourceEvent[] = [];
  private readonly cases = new Map<string, { state: CaseState; revision: number; kind: string }>();

  constructor(private readonly department = 'so-tnmt') {}

  file(
    caseId: string,
    kind: string,
    receivedOn: LocalDate,
    options: { recordedOn?: LocalDate; channel?: ReceiptChannel; department?: string } = {},
  ): this {
    const filer = kind === 'denunciation' ? 'denouncer' : kind === 'petition' ? 'petitioner' : 'complainant';
    return this.run(
      {
        type: 'FileCase',
        caseId,
        kind,
        department: options.department ?? this.department,
        channel: options.channel ?? 'in-person',
        receivedOn,
        subject: 'Đơn thử nghiệm',
        content: 'Nội dung đơn',
        parties: [{ role: filer, name: 'Nguyễn Thị Ánh', confidential: false }],
        remoteArea: false,
      },
      'intake',
      options.recordedOn ?? receivedOn,
      kind,
      options.department,
    );
  }

  act<T extends CaseCommand['type']>(caseId: string, type: T, role: Role, on: LocalDate, payload: Payload<T> = {} as Payload<T>): this {
    const known = this.cases.get(caseId);
    if (!known) throw new Error(`case ${caseId} was not filed`);
    return this.run({ ...payload, type, caseId } as unknown as CaseCommand, role, on, known.kind);
  }

  events(): ReportSourceEvent[] {
    return [...this.recorded];
  }

  private run(command: CaseCommand, role: Role, on: LocalDate, kind: string, department = this.department): this {
    const { workflows, calendar } = loadReportEngine();
    const current = this.cases.get(command.caseId) ?? { state: { status: 'none' } as CaseState, revision: -1, kind };
    const actor: Actor = { id: `u-${role}`, role, department };
    const now = new Date(`${on}T09:00:00+07:00`).toISOString();
    const events = decide(command, current.state, { workflow: workflows.latest(kind), calendar, now, actor });
    for (const event of events) {
      current.state = evolve(current.state, event);
      current.revision += 1;
      this.recorded.push({
        stream: `case-${command.caseId}`,
        revision: current.revision,
        type: event.type,
        schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data as unknown as Record<string, unknown>,
        metadata: { actor, occurredAt: now, occurredOn: vnDateOf(now) },
      });
    }
    this.cases.set(command.caseId, current);
    return this;
  }
}
