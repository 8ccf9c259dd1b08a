import { isLocalDate, vnDateOf, type LocalDate, type WorkingCalendar } from '@kntc/workflow';
import type { Actor } from '../shared/actor';
import type { ReceptionCommand, ReceptionCommandType, RecordVisit } from './reception.commands';
import { ReceptionCommandRefused } from './reception.errors';
import type { ReceptionEvent, VisitRecorded } from './reception.events';
import type { ReceptionState, ReceptionStatus } from './reception.evolve';
import {
  DELEGATION_MIN_SIZE,
  isLeaderReception,
  isReceptionRefusalGround,
  LEADER_SCHEDULE_NOTICE,
  RECEPTION_KIND_LABELS,
  RECEPTION_KIND_RULES,
  receptionKindInForce,
  type ReceptionKind,
} from './reception.values';

/** Everything the decider needs besides the command and the state. Time is an input, never read. */
export interface ReceptionDecideContext {
  calendar: WorkingCalendar;
  /** Business time of the command (UTC ISO-8601). */
  now: string;
  actor: Actor;
}

/** The commands each status of a session allows. */
const ALLOWED: Record<ReceptionStatus, readonly ReceptionCommandType[]> = {
  none: ['PlanReceptionSession', 'OpenReceptionSession'],
  planned: ['PublishReceptionSession', 'PostponeReceptionSession', 'CancelReceptionSession', 'OpenReceptionSession'],
  cancelled: [],
  open: ['RecordVisit', 'IssueReceptionConclusion', 'CloseReceptionSession'],
  closed: [],
};

export function allowedReceptionCommands(state: ReceptionState): ReceptionCommandType[] {
  return [...ALLOWED[state.status]];
}

/** Turns a command on a reception session into the events it causes, or refuses it (ReceptionCommandRefused). */
export function decideReception(command: ReceptionCommand, state: ReceptionState, ctx: ReceptionDecideContext): ReceptionEvent[] {
  if (!ALLOWED[state.status].includes(command.type)) {
    if (state.status === 'none') throw new ReceptionCommandRefused('session-not-found', `Không có buổi tiếp công dân ${command.sessionId}.`);
    if (command.type === 'PlanReceptionSession') throw new ReceptionCommandRefused('session-already-exists', `Buổi tiếp công dân ${command.sessionId} đã có.`);
    throw new ReceptionCommandRefused('command-not-allowed-in-status', `Buổi tiếp đang ở trạng thái "${STATUS_LABELS[state.status]}": không thực hiện được thao tác này.`, allowedReceptionCommands(state), {
      status: state.status,
    });
  }
  const today = vnDateOf(ctx.now);
  switch (command.type) {
    case 'PlanReceptionSession': {
      assertDate(command.date, 'date');
      assertKindInForce(command.kind, command.date);
      if (!isLeaderReception(command.kind)) {
        throw new ReceptionCommandRefused('not-a-leader-session', 'Chỉ buổi tiếp của lãnh đạo (định kỳ, đột xuất) được lên lịch và niêm yết; buổi tiếp thường xuyên theo lịch cố định của đơn vị.');
      }
      if (command.date < today) throw new ReceptionCommandRefused('invalid-date', 'Ngày tiếp đã qua.', [], { field: 'date' });
      const { type: _type, ...fields } = command;
      return [{ type: 'ReceptionSessionPlanned', data: { ...fields, plannedAt: ctx.now } }];
    }
    case 'PublishReceptionSession': {
      if (state.status !== 'planned') throw unreachable();
      if (state.schedule.published) throw new ReceptionCommandRefused('already-published', 'Lịch tiếp đã được niêm yết; khi hoãn, ngày mới được niêm yết lại.');
      const publishedOn = command.publishedOn ?? today;
      assertDate(publishedOn, 'publishedOn');
      if (publishedOn > today || publishedOn > state.date) throw new ReceptionCommandRefused('invalid-date', 'Ngày niêm yết phải không sau hôm nay và không sau ngày tiếp.', [], { field: 'publishedOn' });
      return [{ type: 'ReceptionSessionPublished', data: { sessionId: state.sessionId, publishedOn, publishedAt: ctx.now, ...scheduleNotice(publishedOn, state.date, ctx.calendar) } }];
    }
    case 'PostponeReceptionSession': {
      if (state.status !== 'planned') throw unreachable();
      assertDate(command.newDate, 'newDate');
      if (command.newDate === state.date || command.newDate < today) throw new ReceptionCommandRefused('invalid-date', 'Ngày tiếp mới phải khác ngày cũ và không trước hôm nay.', [], { field: 'newDate' });
      assertKindInForce(state.kind, command.newDate);
      return [{ type: 'ReceptionSessionPostponed', data: { sessionId: state.sessionId, previousDate: state.date, newDate: command.newDate, reason: command.reason, postponedAt: ctx.now } }];
    }
    case 'CancelReceptionSession':
      return [{ type: 'ReceptionSessionCancelled', data: { sessionId: command.sessionId, reason: command.reason, cancelledAt: ctx.now } }];
    case 'OpenReceptionSession':
      return [openSession(command, state, ctx, today)];
    case 'RecordVisit':
      if (state.status !== 'open') throw unreachable();
      return [visitOf(command, state.visits.length + 1, ctx)];
    case 'IssueReceptionConclusion': {
      if (state.status !== 'open') throw unreachable();
      if (!isLeaderReception(state.kind)) throw new ReceptionCommandRefused('not-a-leader-session', 'Thông báo kết luận tiếp công dân chỉ ban hành sau buổi tiếp của lãnh đạo.');
      if (state.conclusion) throw new ReceptionCommandRefused('conclusion-already-issued', `Đã ban hành thông báo kết luận số ${state.conclusion.documentNo}.`);
      assertDate(command.documentDate, 'documentDate');
      if (command.documentDate < state.date || command.documentDate > today) {
        throw new ReceptionCommandRefused('invalid-date', 'Ngày thông báo kết luận phải từ ngày tiếp đến hôm nay.', [], { field: 'documentDate' });
      }
      const { type: _type, ...fields } = command;
      return [{ type: 'ReceptionConclusionIssued', data: { ...fields, issuedAt: ctx.now } }];
    }
    case 'CloseReceptionSession':
      return [{ type: 'ReceptionSessionClosed', data: { sessionId: command.sessionId, closedAt: ctx.now, ...(command.note !== undefined ? { note: command.note } : {}) } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown reception command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * How far ahead a schedule entry was posted. The session's date is counted as the n-th working day after the day of
 * posting (the posting day excluded, as BLDS 2015 art. 147 counts periods), so posting on Monday for the next
 * Monday is 5 ahead: "chậm nhất 05 ngày làm việc trước ngày tiếp" (Luật TCD 2013, art. 24(4)) is then met.
 */
export function scheduleNotice(publishedOn: LocalDate, date: LocalDate, calendar: WorkingCalendar): { workingDaysAhead: number; late: boolean; ruleId: string; citation: string } {
  const workingDaysAhead = calendar.countBetween(publishedOn, date, 'working-days');
  return { workingDaysAhead, late: workingDaysAhead < LEADER_SCHEDULE_NOTICE.workingDays, ruleId: LEADER_SCHEDULE_NOTICE.ruleId, citation: LEADER_SCHEDULE_NOTICE.citation };
}

function openSession(command: Extract<ReceptionCommand, { type: 'OpenReceptionSession' }>, state: ReceptionState, ctx: ReceptionDecideContext, today: LocalDate): ReceptionEvent {
  const receivedBy = command.receivedBy ?? ctx.actor.id;
  if (state.status === 'planned') {
    if (today < state.date) throw new ReceptionCommandRefused('session-date-not-reached', `Buổi tiếp được lên lịch ngày ${state.date}: chưa mở sổ được.`, [], { date: state.date });
    const { sessionId, department, kind, date, place, leader } = state;
    return { type: 'ReceptionSessionOpened', data: { sessionId, department, kind, date, place, ...(leader !== undefined ? { leader } : {}), receivedBy, planned: true, openedAt: ctx.now } };
  }
  const { department, kind, place } = command;
  const date = command.date ?? today;
  if (department === undefined || kind === undefined || place === undefined || place.trim() === '') {
    throw new ReceptionCommandRefused('session-not-found', 'Buổi tiếp không có trong lịch: cần nêu đơn vị, hình thức tiếp và nơi tiếp.', [], { required: ['department', 'kind', 'place'] });
  }
  assertDate(date, 'date');
  if (date > today) throw new ReceptionCommandRefused('session-date-not-reached', `Chưa đến ngày tiếp ${date}.`, [], { date });
  assertKindInForce(kind, date);
  return {
    type: 'ReceptionSessionOpened',
    data: { sessionId: command.sessionId, department, kind, date, place, ...(command.leader !== undefined ? { leader: command.leader } : {}), receivedBy, planned: false, openedAt: ctx.now },
  };
}

function visitOf(command: RecordVisit, visitNo: number, ctx: ReceptionDecideContext): VisitRecorded {
  const { citizens, delegation, outcome } = command;
  if (!Number.isInteger(citizens) || citizens < 1) throw new ReceptionCommandRefused('invalid-visit', 'Số người đến phải là số nguyên dương.', [], { field: 'citizens' });
  if (citizens >= DELEGATION_MIN_SIZE) {
    // Luật TCD 2013, art. 29–30: a group of five or more on one matter names representatives to speak for it.
    if (delegation === undefined) {
      throw new ReceptionCommandRefused('delegation-required', `Đoàn đông người (từ ${DELEGATION_MIN_SIZE} người) phải cử người đại diện (Luật TCD, Điều 29–30): ghi số người và số người đại diện.`);
    }
    if (delegation.size !== citizens) throw new ReceptionCommandRefused('invalid-delegation', 'Số người của đoàn phải bằng số người đến.', [], { field: 'delegation.size' });
    if (!Number.isInteger(delegation.representatives) || delegation.representatives < 1 || delegation.representatives > delegation.size) {
      throw new ReceptionCommandRefused('delegation-representatives-required', 'Đoàn đông người phải có ít nhất một người đại diện (Luật TCD, Điều 29–30).', [], { field: 'delegation.representatives' });
    }
  } else if (delegation !== undefined) {
    throw new ReceptionCommandRefused('invalid-delegation', `Dưới ${DELEGATION_MIN_SIZE} người không phải đoàn đông người.`, [], { field: 'delegation' });
  }
  if (outcome.kind === 'refused' && (outcome.refusalGround === undefined || !isReceptionRefusalGround(outcome.refusalGround))) {
    throw new ReceptionCommandRefused('invalid-refusal-ground', 'Từ chối tiếp phải nêu một căn cứ của Điều 9 Luật Tiếp công dân (TCD9.1–TCD9.4).', [], { field: 'outcome.refusalGround' });
  }
  if (outcome.kind !== 'refused' && outcome.refusalGround !== undefined) {
    throw new ReceptionCommandRefused('invalid-refusal-ground', 'Chỉ lượt tiếp bị từ chối mới có căn cứ từ chối.', [], { field: 'outcome.refusalGround' });
  }
  if (outcome.kind === 'don-received' && !outcome.donId) throw new ReceptionCommandRefused('outcome-incomplete', 'Đã nhận đơn: cần số đơn đã đăng ký.', [], { field: 'outcome.donId' });
  if (outcome.kind === 'forwarded' && !outcome.toBody) throw new ReceptionCommandRefused('outcome-incomplete', 'Chuyển đơn: cần nêu cơ quan nhận.', [], { field: 'outcome.toBody' });
  const at = command.at ?? ctx.now;
  return {
    type: 'VisitRecorded',
    data: {
      sessionId: command.sessionId,
      visitNo,
      at,
      receivedBy: command.receivedBy ?? ctx.actor.id,
      citizens,
      ...(delegation !== undefined ? { delegation } : {}),
      // Every visitor's identity is sealed: what a citizen raises at the desk is classified later, and a denouncer's
      // identity is secret from the first word (Luật Tố cáo 2018, art. 47).
      parties: command.parties.map((party) => ({ ...party, confidential: true })),
      summary: command.summary,
      classification: command.classification,
      ...(command.handledBefore !== undefined && command.handledBefore.length > 0 ? { handledBefore: command.handledBefore } : {}),
      outcome,
      ...(command.matterId !== undefined ? { matterId: command.matterId } : {}),
      repeated: command.repeated ?? false,
    },
  };
}

function assertDate(value: string, field: string): void {
  if (!isLocalDate(value)) throw new ReceptionCommandRefused('invalid-date', `${field}: ngày không hợp lệ (YYYY-MM-DD).`, [], { field });
}

function assertKindInForce(kind: ReceptionKind, date: LocalDate): void {
  if (receptionKindInForce(kind, date)) return;
  // The nearest rule after the date, else the last one: what the officer can act on.
  const rules = RECEPTION_KIND_RULES[kind];
  const rule = rules.find((r) => r.validFrom > date) ?? rules[rules.length - 1]!;
  const span = rule.validFrom > date ? `áp dụng từ ngày ${rule.validFrom}` : `áp dụng đến ngày ${rule.validTo ?? rule.validFrom}`;
  throw new ReceptionCommandRefused('reception-kind-not-in-force', `Hình thức tiếp "${RECEPTION_KIND_LABELS[kind]}" ${span} (${rule.citation}).`, [], {
    ruleId: rule.ruleId,
    validFrom: rule.validFrom,
    ...(rule.validTo !== undefined ? { validTo: rule.validTo } : {}),
    citation: rule.citation,
    date,
  });
}

function unreachable(): Error {
  return new Error('reception decider: a status check let through a command it does not allow');
}

const STATUS_LABELS: Record<ReceptionStatus, string> = {
  none: 'chưa có',
  planned: 'đã lên lịch',
  cancelled: 'đã hủy',
  open: 'đang tiếp',
  closed: 'đã kết thúc',
};
