import {
  commandInForce,
  formatVn,
  isNoClockRule,
  vnDateOf,
  type ClockDefinition,
  type ClockRule,
  type CommandRule,
  type LocalDate,
  type Role,
  type WorkflowDefinition,
} from '@kntc/workflow';
import type { Actor } from '../shared/actor';
import type { CaseCommand, DocumentRef, FileCase } from './case.commands';
import type { DecideContext } from './case.context';
import { assertAssignable } from './case.assignment';
import { CommandRefused } from './case.errors';
import { isDeadlineCommand, type DeadlineCommand } from './deadline.commands';
import { decideDeadline } from './deadline.decide';
import type { CaseEvent, DeadlineSet } from './case.events';
import { computeDeadline, lengthVariantOf, ruleById, selectClockRule } from './case.clocks';
import { assertNever, evolve } from './case.evolve';
import type { CaseState, ClockState, ExistingCase, RunningClock } from './case.state';

const variantOf = (state: ExistingCase) => lengthVariantOf(state.complexity.level, state.remoteArea);
import {
  CONTINUE_AFTER_WITHDRAWAL_GROUNDS,
  REJECTION_GROUNDS,
  complexityLevelOf,
  type ComplexityLevel,
  type PartyRole,
} from './case.values';


/** Commands that remain possible while a case is suspended. */
const ALLOWED_WHILE_SUSPENDED = new Set<CaseCommand['type']>(['ResumeCase', 'WithdrawCase', 'TerminateCase', 'AssignInspector']);

/** The resolver's side, who may decide to continue a withdrawn denunciation. */
const CONTINUE_DECIDERS: ReadonlySet<Role> = new Set<Role>(['head', 'director']);

const FILER_ROLE: Record<WorkflowDefinition['family'], PartyRole> = {
  complaint: 'complainant',
  denunciation: 'denouncer',
  petition: 'petitioner',
};

/**
 * Turns a command into the events it causes, or refuses it with a reason and the commands allowed now.
 * The acts come first, then the clock events they cause (stopped, started, re-set).
 */
export function decide(command: CaseCommand | DeadlineCommand, state: CaseState, ctx: DecideContext): CaseEvent[] {
  if (command.type === 'FileCase') return fileCase(command, state, ctx);
  if (state.status === 'none') throw new CommandRefused('case-not-found', `Không tìm thấy hồ sơ ${command.caseId}.`);
  if (state.kind !== ctx.workflow.id || state.workflowVersion !== ctx.workflow.version) {
    throw new CommandRefused('workflow-mismatch', `Hồ sơ theo quy trình ${state.kind} v${state.workflowVersion}.`);
  }
  assertRoleMayRun(command, state, ctx);
  if (isDeadlineCommand(command)) return decideDeadline(command, state, ctx);
  const today = vnDateOf(ctx.now);
  const rule = authorize(command.type, state, ctx, today);
  const act = actFor(command, state, ctx, rule.to ?? state.stage, today);
  assertInForce(command.type, rule, businessDateOf(act, today), 'documentDate' in command && command.documentDate !== undefined ? 'documentDate' : undefined, state, ctx, today);
  const after = evolve(state, act) as ExistingCase;
  return [act, ...clockEffects(act, state, after, ctx, today)];
}

/**
 * The commands this actor may run on the case on the business date `on` (for refusals and for the UI): a
 * command whose validFrom..validTo does not hold `on` is not offered.
 */
export function allowedCommands(state: CaseState, workflow: WorkflowDefinition, actor: Actor, on: LocalDate): string[] {
  if (state.status === 'none') {
    const fileCase = workflow.commands.FileCase;
    return fileCase?.roles.includes(actor.role) && commandInForce(fileCase, on) ? ['FileCase'] : [];
  }
  return Object.entries(workflow.commands)
    .filter(([type, rule]) => type !== 'FileCase' && rule && isAvailable(type as CaseCommand['type'], rule, state) && commandInForce(rule, on))
    .filter(([, rule]) => rule!.roles.includes(actor.role))
    .map(([type]) => type);
}

function isAvailable(type: CaseCommand['type'], rule: CommandRule, state: ExistingCase): boolean {
  if (!rule.from.includes(state.stage)) return false;
  if (state.status === 'suspended') return ALLOWED_WHILE_SUSPENDED.has(type);
  return type !== 'ResumeCase';
}

/**
 * Whether the actor's role may run this command at all under the workflow, whatever the case's stage. Callers run
 * it before anything else about the case (a replayed Idempotency-Key included), so a role the workflow never allows
 * learns nothing of the case's stage, suspension or earlier requests.
 */
export function assertRoleMayRun(command: CaseCommand | DeadlineCommand, state: CaseState, ctx: DecideContext): void {
  if (isDeadlineCommand(command)) {
    if (ctx.actor.role !== 'system') throw new CommandRefused('role-not-allowed', 'Chỉ hệ thống theo dõi thời hạn được ghi nhận nhắc hạn và quá hạn.');
    return;
  }
  const { workflow, actor } = ctx;
  const rule = workflow.commands[command.type];
  const allowed = () => (state.status === 'none' ? [] : allowedCommands(state, workflow, actor, vnDateOf(ctx.now)));
  if (!rule) {
    const what = command.type === 'FileCase' ? 'tiếp nhận đơn' : `thao tác ${command.type}`;
    throw new CommandRefused('command-not-in-workflow', `Quy trình "${workflow.name}" không có ${what}.`, allowed());
  }
  if (!rule.roles.includes(actor.role)) {
    throw new CommandRefused('role-not-allowed', `Vai trò "${actor.role}" không được thực hiện "${rule.label}".`, allowed(), { roles: rule.roles });
  }
}

function authorize(type: CaseCommand['type'], state: ExistingCase, ctx: DecideContext, today: LocalDate): CommandRule {
  const rule = ctx.workflow.commands[type]!;
  const allowed = () => allowedCommands(state, ctx.workflow, ctx.actor, today);
  if (!rule.from.includes(state.stage)) {
    const stageLabel = ctx.workflow.stages[state.stage]?.label ?? state.stage;
    throw new CommandRefused(
      'command-not-allowed-in-stage',
      `Không thể thực hiện "${rule.label}" khi hồ sơ ở bước "${stageLabel}".`,
      allowed(),
      { stage: state.stage },
    );
  }
  if (state.status === 'suspended' && !ALLOWED_WHILE_SUSPENDED.has(type)) {
    throw new CommandRefused('case-suspended', `Hồ sơ đang tạm đình chỉ từ ${formatVn(state.suspendedOn)}; hãy tiếp tục giải quyết trước.`, allowed());
  }
  if (state.status === 'active' && type === 'ResumeCase') {
    throw new CommandRefused('case-not-suspended', 'Hồ sơ không ở trạng thái tạm đình chỉ.', allowed());
  }
  return rule;
}

/**
 * A command the law provides for only between its rule's validFrom and validTo (e.g. complaint suspension
 * from 2026-07-01, NĐ 155/2026) is refused for an act dated outside them: the act's business date is its
 * document's date, the receipt date for a filing, else today.
 */
function assertInForce(
  type: CaseCommand['type'],
  rule: CommandRule,
  on: LocalDate,
  field: 'documentDate' | 'receivedOn' | undefined,
  state: CaseState,
  ctx: DecideContext,
  today: LocalDate,
): void {
  if (commandInForce(rule, on)) return;
  const citation = rule.citation !== undefined ? ` (${rule.citation})` : '';
  const limit =
    rule.validFrom !== undefined && on < rule.validFrom
      ? `chỉ áp dụng từ ngày ${formatVn(rule.validFrom)}`
      : `chỉ áp dụng đến hết ngày ${rule.validTo !== undefined ? formatVn(rule.validTo) : ''}`;
  throw new CommandRefused(
    'command-not-in-force',
    `Không thể thực hiện "${rule.label}" với ngày ${formatVn(on)}: thao tác này ${limit}${citation}.`,
    allowedCommands(state, ctx.workflow, ctx.actor, today),
    {
      command: type,
      on,
      ...(field !== undefined ? { field } : {}),
      ...(rule.validFrom !== undefined ? { validFrom: rule.validFrom } : {}),
      ...(rule.validTo !== undefined ? { validTo: rule.validTo } : {}),
      ...(rule.citation !== undefined ? { citation: rule.citation } : {}),
    },
  );
}

function fileCase(command: FileCase, state: CaseState, ctx: DecideContext): CaseEvent[] {
  const { workflow } = ctx;
  assertRoleMayRun(command, state, ctx);
  if (state.status !== 'none') throw new CommandRefused('case-already-exists', `Hồ sơ ${command.caseId} đã tồn tại.`);
  const rule = workflow.commands.FileCase!;
  if (command.kind !== workflow.id) throw new CommandRefused('workflow-mismatch', `Loại hồ sơ ${command.kind} không khớp quy trình ${workflow.id}.`);
  const today = vnDateOf(ctx.now);
  if (command.receivedOn > today) {
    throw new CommandRefused('invalid-date', `Ngày nhận đơn (${formatVn(command.receivedOn)}) không được sau ngày hôm nay (${formatVn(today)}).`, [], {
      field: 'receivedOn',
    });
  }
  const filerRole = FILER_ROLE[workflow.family];
  if (!command.parties.some((p) => p.role === filerRole)) {
    throw new CommandRefused('invalid-parties', `Đơn phải có ít nhất một người có vai trò "${filerRole}".`, [], { field: 'parties' });
  }
  // Luật Tố cáo 2018, art. 9(1)(b), 47: a denouncer's identity is secret whatever the form says.
  const parties = command.parties.map((p) => (p.role === 'denouncer' ? { ...p, confidential: true } : p));
  assertInForce('FileCase', rule, command.receivedOn, 'receivedOn', state, ctx, today);
  const filed: CaseEvent = {
    type: 'CaseFiled',
    data: {
      caseId: command.caseId,
      kind: workflow.id,
      workflowVersion: workflow.version,
      department: command.department,
      channel: command.channel,
      receivedOn: command.receivedOn,
      filedAt: ctx.now,
      subject: command.subject,
      content: command.content,
      parties,
      remoteArea: command.remoteArea,
      ...(command.referenceNo ? { referenceNo: command.referenceNo } : {}),
      ...(command.referredBy ? { referredBy: command.referredBy } : {}),
      stage: workflow.initialStage,
      donIds: [...(command.donIds ?? [])],
      ...(command.matterId !== undefined ? { matterId: command.matterId } : {}),
    },
  };
  const after = evolve(state, filed) as ExistingCase;
  return [filed, ...clockEffects(filed, after, after, ctx, today)];
}

function documentFields(command: DocumentRef, state: ExistingCase, today: LocalDate) {
  if (command.documentDate !== undefined) {
    if (command.documentDate > today) {
      throw new CommandRefused('invalid-date', `Ngày văn bản (${formatVn(command.documentDate)}) không được sau ngày hôm nay (${formatVn(today)}).`, [], {
        field: 'documentDate',
      });
    }
    if (command.documentDate < state.receivedOn) {
      throw new CommandRefused('invalid-date', `Ngày văn bản (${formatVn(command.documentDate)}) không được trước ngày nhận đơn (${formatVn(state.receivedOn)}).`, [], {
        field: 'documentDate',
      });
    }
  }
  return {
    ...(command.documentNo ? { documentNo: command.documentNo } : {}),
    ...(command.documentDate ? { documentDate: command.documentDate } : {}),
    ...(command.note ? { note: command.note } : {}),
  };
}

function actFor(command: Exclude<CaseCommand, FileCase>, state: ExistingCase, ctx: DecideContext, stage: string, today: LocalDate): CaseEvent {
  const at = ctx.now;
  const caseId = state.caseId;
  switch (command.type) {
    case 'AcceptCase':
      return { type: 'CaseAccepted', data: { caseId, acceptedAt: at, stage, ...documentFields(command, state, today) } };
    case 'RejectCase': {
      const grounds: Record<string, string> = REJECTION_GROUNDS[ctx.workflow.family];
      if (!Object.hasOwn(grounds, command.groundCode)) {
        throw new CommandRefused('invalid-ground', `Căn cứ không thụ lý "${command.groundCode}" không hợp lệ.`, [], {
          field: 'groundCode',
          allowedGrounds: Object.keys(grounds),
        });
      }
      return {
        type: 'CaseRejected',
        data: { caseId, rejectedAt: at, groundCode: command.groundCode, reason: command.reason, stage, ...documentFields(command, state, today) },
      };
    }
    case 'ForwardCase':
      return {
        type: 'CaseForwarded',
        data: { caseId, forwardedAt: at, toAgency: command.toAgency, reason: command.reason, stage, ...documentFields(command, state, today) },
      };
    case 'AssignInspector':
      assertAssignable(command, state, ctx);
      return {
        type: 'InspectorAssigned',
        data: {
          caseId,
          assignedAt: at,
          inspectorId: command.inspectorId,
          ...(command.inspectorName ? { inspectorName: command.inspectorName } : {}),
          stage,
          ...(command.note ? { note: command.note } : {}),
        },
      };
    case 'StartVerification':
      return { type: 'VerificationStarted', data: { caseId, startedAt: at, stage, ...documentFields(command, state, today) } };
    case 'ReportVerification':
      return {
        type: 'VerificationReported',
        data: { caseId, reportedAt: at, summary: command.summary, finding: command.finding, stage, ...documentFields(command, state, today) },
      };
    case 'RecordDialogue':
      return { type: 'DialogueHeld', data: { caseId, heldAt: at, summary: command.summary, stage, ...documentFields(command, state, today) } };
    case 'DraftDecision':
      return { type: 'DecisionDrafted', data: { caseId, draftedAt: at, summary: command.summary, stage, ...documentFields(command, state, today) } };
    case 'IssueDecision':
      return {
        type: 'DecisionIssued',
        data: {
          caseId,
          issuedAt: at,
          issuer: ctx.actor.role === 'ubnd' ? 'ubnd' : 'director',
          issuedBy: ctx.actor.id,
          decisionNo: command.decisionNo,
          finding: command.finding,
          summary: command.summary,
          stage,
          ...documentFields(command, state, today),
        },
      };
    case 'SendDecision':
      return { type: 'DecisionSent', data: { caseId, sentAt: at, recipients: command.recipients, stage, ...documentFields(command, state, today) } };
    case 'RecordHandling':
      return { type: 'ConclusionHandled', data: { caseId, handledAt: at, summary: command.summary, stage, ...documentFields(command, state, today) } };
    case 'PublishConclusion':
      return { type: 'ConclusionPublished', data: { caseId, publishedAt: at, method: command.method, stage, ...documentFields(command, state, today) } };
    case 'AnswerCitizen':
      return { type: 'CitizenAnswered', data: { caseId, answeredAt: at, summary: command.summary, stage, ...documentFields(command, state, today) } };
    case 'WithdrawCase':
      return withdraw(command, state, ctx, stage, today);
    case 'SuspendCase': {
      const docs = documentFields(command, state, today);
      const suspendedOn = docs.documentDate ?? today;
      const startedLater = Object.values(state.clocks).find((c) => c.status === 'running' && suspendedOn < c.startedOn);
      if (startedLater) {
        throw new CommandRefused('invalid-date', `Ngày tạm đình chỉ (${formatVn(suspendedOn)}) không được trước ngày bắt đầu thời hạn (${formatVn(startedLater.startedOn)}).`, [], {
          field: 'documentDate',
        });
      }
      return { type: 'CaseSuspended', data: { caseId, suspendedAt: at, suspendedOn: docs.documentDate ?? today, reason: command.reason, stage, ...docs } };
    }
    case 'ResumeCase': {
      const docs = documentFields(command, state, today);
      const resumedOn = docs.documentDate ?? today;
      if (state.status === 'suspended' && resumedOn < state.suspendedOn) {
        throw new CommandRefused('invalid-date', `Ngày tiếp tục (${formatVn(resumedOn)}) không được trước ngày tạm đình chỉ (${formatVn(state.suspendedOn)}).`, [], {
          field: 'documentDate',
        });
      }
      return { type: 'CaseResumed', data: { caseId, resumedAt: at, resumedOn, reason: command.reason, stage, ...docs } };
    }
    case 'TerminateCase':
      return {
        type: 'CaseTerminated',
        data: {
          caseId,
          terminatedAt: at,
          ...(command.groundCode ? { groundCode: command.groundCode } : {}),
          reason: command.reason,
          stage,
          ...documentFields(command, state, today),
        },
      };
    case 'ReviewCase':
      return {
        type: 'CaseReviewed',
        data: { caseId, reviewedAt: at, reason: command.reason, conclusion: command.conclusion, stage, ...documentFields(command, state, today) },
      };
    case 'DetermineComplexity': {
      const level = complexityLevelOf(command.criteria);
      const criteria = [...new Set(command.criteria)].sort();
      if (level === state.complexity.level && criteria.join() === state.complexity.criteria.join()) {
        throw new CommandRefused('complexity-not-changed', 'Mức độ phức tạp không thay đổi.', [], { level });
      }
      return {
        type: 'ComplexityDetermined',
        data: { caseId, determinedAt: at, criteria, level, reason: command.reason, stage, ...documentFields(command, state, today) },
      };
    }
    case 'ExtendDeadline':
      return extendDeadline(command, state, ctx, stage, today);
    case 'CloseCase':
      return {
        type: 'CaseClosed',
        data: { caseId, closedAt: at, ...(command.reason ? { reason: command.reason } : {}), stage, ...documentFields(command, state, today) },
      };
    default:
      return assertNever(command);
  }
}

function withdraw(
  command: Extract<CaseCommand, { type: 'WithdrawCase' }>,
  state: ExistingCase,
  ctx: DecideContext,
  stage: string,
  today: LocalDate,
): CaseEvent {
  const base = { caseId: state.caseId, withdrawnAt: ctx.now, reason: command.reason, ...documentFields(command, state, today) };
  if (command.continueGround === undefined) {
    // The resolver already decided to go on despite a withdrawal: a later withdrawal cannot undo that.
    if (state.continuedAfterWithdrawal) {
      throw new CommandRefused('resolution-continued', 'Người có thẩm quyền đã quyết định tiếp tục giải quyết tố cáo dù người tố cáo rút đơn.');
    }
    return { type: 'CaseWithdrawn', data: { ...base, stage } };
  }
  // Luật Tố cáo 2018, art. 33(3): only a denunciation continues after withdrawal, on the resolver's decision.
  if (ctx.workflow.family !== 'denunciation') {
    throw new CommandRefused('invalid-ground', 'Chỉ hồ sơ tố cáo mới được tiếp tục giải quyết khi người tố cáo rút đơn.', [], { field: 'continueGround' });
  }
  if (!CONTINUE_DECIDERS.has(ctx.actor.role)) {
    throw new CommandRefused('role-not-allowed', 'Chỉ người có thẩm quyền giải quyết tố cáo mới được quyết định tiếp tục giải quyết.', [], {
      roles: [...CONTINUE_DECIDERS],
    });
  }
  if (!Object.hasOwn(CONTINUE_AFTER_WITHDRAWAL_GROUNDS, command.continueGround)) {
    throw new CommandRefused('invalid-ground', `Căn cứ tiếp tục giải quyết "${command.continueGround}" không hợp lệ.`, [], {
      field: 'continueGround',
      allowedGrounds: Object.keys(CONTINUE_AFTER_WITHDRAWAL_GROUNDS),
    });
  }
  return { type: 'CaseWithdrawn', data: { ...base, continueGround: command.continueGround, stage: state.stage } };
}

function extendDeadline(
  command: Extract<CaseCommand, { type: 'ExtendDeadline' }>,
  state: ExistingCase,
  ctx: DecideContext,
  stage: string,
  today: LocalDate,
): CaseEvent {
  const definition = Object.hasOwn(ctx.workflow.clocks, command.clock) ? ctx.workflow.clocks[command.clock] : undefined;
  const clock = Object.hasOwn(state.clocks, command.clock) ? state.clocks[command.clock] : undefined;
  if (!definition) {
    throw new CommandRefused('unknown-clock', `Quy trình không có thời hạn "${command.clock}".`, [], {
      clocks: Object.keys(ctx.workflow.clocks),
    });
  }
  if (!clock || clock.status !== 'running') {
    throw new CommandRefused('clock-not-running', `Thời hạn "${definition.label}" không đang chạy.`, [], { clock: command.clock });
  }
  const rule = ruleById(definition, clock.basis.ruleId);
  const allowed = rule.extension ? maxExtensions(rule, state.complexity.level) : 0;
  if (!rule.extension || clock.extensions >= allowed) {
    throw new CommandRefused(
      'extension-not-allowed',
      `Thời hạn "${definition.label}" không được gia hạn thêm (đã gia hạn ${clock.extensions}/${allowed} lần; mức độ phức tạp: ${state.complexity.level}).`,
      [],
      { clock: command.clock, extensions: clock.extensions, allowed },
    );
  }
  const computed = computeDeadline(ctx.calendar, rule, {
    startedOn: clock.startedOn,
    variant: clock.basis.variant,
    consumed: clock.basis.consumed,
    extendedBy: clock.basis.extendedBy + rule.extension.length,
  });
  return {
    type: 'DeadlineExtended',
    data: {
      caseId: state.caseId,
      clock: command.clock,
      extendedAt: ctx.now,
      extension: clock.extensions + 1,
      previousDueDate: clock.dueDate,
      dueDate: computed.dueDate,
      dueAt: computed.dueAt,
      basis: computed.basis,
      reason: command.reason,
      stage,
      ...documentFields(command, state, today),
    },
  };
}

function maxExtensions(rule: ClockRule, level: ComplexityLevel): number {
  const max = rule.extension!.max;
  if (level === 'especially-complex') return max.especiallyComplex ?? max.complex ?? max.default;
  if (level === 'complex') return max.complex ?? max.default;
  return max.default;
}

/** The business date of an act: the document's date if given, the receipt date for a filing, else today. */
function businessDateOf(event: CaseEvent, today: LocalDate): LocalDate {
  if (event.type === 'CaseFiled') return event.data.receivedOn;
  const data = event.data as { documentDate?: LocalDate };
  return data.documentDate ?? today;
}

/** Stops, starts and re-sets the statutory clocks that an act affects. */
function clockEffects(act: CaseEvent, before: ExistingCase, after: ExistingCase, ctx: DecideContext, today: LocalDate): CaseEvent[] {
  const on = businessDateOf(act, today);
  const events: CaseEvent[] = [];
  const continued = act.type === 'CaseWithdrawn' && act.data.continueGround !== undefined;
  for (const [name, definition] of Object.entries(ctx.workflow.clocks)) {
    const clock = before.clocks[name];
    if (clock && clock.status !== 'stopped' && !continued && (definition.stopsOn as string[]).includes(act.type)) {
      if (on < clock.startedOn) {
        throw new CommandRefused('invalid-date', `Ngày văn bản (${formatVn(on)}) không được trước ngày bắt đầu thời hạn "${definition.label}" (${formatVn(clock.startedOn)}).`, [], {
          field: 'documentDate',
        });
      }
      // A clock paused before its due date was not missed, however long the suspension lasted.
      const metDeadline = (clock.status === 'paused' ? clock.pausedOn : on) <= clock.dueDate;
      events.push({
        type: 'DeadlineStopped',
        data: { caseId: after.caseId, clock: name, stoppedOn: on, stoppedBy: act.type, dueDate: clock.dueDate, metDeadline },
      });
    } else if (!clock && definition.startsOn === act.type) {
      const started = startClock(name, definition, on, after, ctx);
      if (started) events.push(started);
    } else if (clock?.status === 'paused' && act.type === 'CaseResumed') {
      events.push(resumeClock(name, definition, clock, act.data.resumedOn, after, ctx));
    } else if (clock?.status === 'running' && act.type === 'ComplexityDetermined') {
      const reset = resetForComplexity(name, definition, clock, after, ctx);
      if (reset) events.push(reset);
    }
  }
  return events;
}

function startClock(name: string, definition: ClockDefinition, startedOn: LocalDate, state: ExistingCase, ctx: DecideContext): DeadlineSet | undefined {
  const rule = selectClockRule(name, definition, startedOn);
  // A span in which the law set no period (a kiến nghị before Luật Tiếp công dân 2013): no clock runs.
  if (isNoClockRule(rule)) return undefined;
  const computed = computeDeadline(ctx.calendar, rule, { startedOn, variant: variantOf(state), consumed: 0, extendedBy: 0 });
  return { type: 'DeadlineSet', data: { caseId: state.caseId, clock: name, cause: 'started', ...computed } };
}

function resumeClock(name: string, definition: ClockDefinition, clock: ClockState & { status: 'paused' }, resumedOn: LocalDate, state: ExistingCase, ctx: DecideContext): DeadlineSet {
  const rule = ruleById(definition, clock.basis.ruleId);
  // Luật Tố cáo art. 34(2): suspension time is not counted; NĐ 155/2026 restarts complaint clocks instead.
  const consumed =
    rule.onResume === 'restart' ? 0 : clock.basis.consumed + ctx.calendar.countBetween(clock.startedOn, clock.pausedOn, rule.unit);
  const computed = computeDeadline(ctx.calendar, rule, {
    startedOn: resumedOn,
    variant: variantOf(state),
    consumed,
    extendedBy: clock.basis.extendedBy,
  });
  const data = { caseId: state.caseId, clock: name, cause: 'resumed' as const, ...computed };
  // Not counting the suspension gives back no time already used: a period that ran out before the suspension
  // stays run out, with its due date, its miss and its escalations (a restarted period is a new one instead).
  if (rule.onResume === 'remaining' && clock.pausedOn > clock.dueDate) {
    return {
      type: 'DeadlineSet',
      data: {
        ...data,
        dueDate: clock.dueDate,
        dueAt: clock.dueAt,
        basis: { ...computed.basis, rolledForward: clock.basis.rolledForward, provisional: clock.basis.provisional },
        overdue: { missed: clock.missed, escalationLevel: clock.escalationLevel },
      },
    };
  }
  return { type: 'DeadlineSet', data };
}

function resetForComplexity(name: string, definition: ClockDefinition, clock: RunningClock, state: ExistingCase, ctx: DecideContext): DeadlineSet | undefined {
  const rule = ruleById(definition, clock.basis.ruleId);
  const computed = computeDeadline(ctx.calendar, rule, {
    startedOn: clock.startedOn,
    variant: variantOf(state),
    consumed: clock.basis.consumed,
    extendedBy: clock.basis.extendedBy,
  });
  if (computed.basis.baseLength === clock.basis.baseLength) return undefined;
  return { type: 'DeadlineSet', data: { caseId: state.caseId, clock: name, cause: 'complexity-determined', ...computed } };
}
