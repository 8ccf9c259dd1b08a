import { addDays, dayOfWeek, type LocalDate } from '@kntc/workflow';
import { v5 as uuidv5 } from 'uuid';
import type { Kind } from './case-paths';
import { caseText, citizen, respondent, type Citizen, type Pick } from './demo-texts';

/**
 * The đơn and citizen-reception side of the demo, in the `kntc import` line format (đơn lines name their `donId`,
 * reception lines their `sessionId`, each payload the body of the API request): a regular session every Thursday
 * (the Sở's fixed reception day) with its visits, the Director's periodic session on the 20th planned and published
 * ahead, with a conclusion notice, the next one published and still to come, and đơn from every source with every
 * processing outcome. Cases the quarter opens from a đơn come in through {@link donIntake}.
 */

/** A line of the register: its act and where it sorts (instant, then a tie-breaking number, then its step). */
export interface DemoEntry {
  line: DemoLine;
  order: [number, number, number];
}

export interface DemoLine {
  command: string;
  caseId?: string;
  donId?: string;
  sessionId?: string;
  actor: { id: string; role: string; department: string; name?: string };
  occurredAt: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

export interface DonContext {
  seed: number;
  department: string;
  from: LocalDate;
  to: LocalDate;
  until: Date;
  rand: () => number;
  pick: Pick;
  workingDayFrom: (date: LocalDate) => LocalDate;
  actor: (role: string) => DemoLine['actor'];
}

const CONTENT_OF: Record<Kind, string> = { 'complaint-first': 'complaint', 'complaint-second': 'complaint', denunciation: 'denunciation', petition: 'petition' };
const FIELD_OF: Record<string, string> = { 'so-xd': 'xay-dung' };
const REGULAR_PLACE = 'Trụ sở tiếp công dân Sở Tài nguyên và Môi trường';
const LEADER_PLACE = 'Ban Tiếp công dân tỉnh';
const REFERRERS = ['Đoàn đại biểu Quốc hội tỉnh', 'Thường trực HĐND tỉnh', 'Ủy ban MTTQ Việt Nam tỉnh', 'Báo Nhân dân'];
/** At most this many visits in a regular session: they are recorded between its opening and 08:00. */
const VISITS_PER_SESSION = 5;
const NAMESPACE = 'b5a1e7c2-93d4-4f0a-8c61-2e7d9f3a4b58';
const minDate = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);

export const at = (date: LocalDate, minutes: number): string =>
  `${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+07:00`;

interface Visit {
  citizens: number;
  parties: Array<Record<string, unknown>>;
  summary: string;
  classification: string;
  outcome: Record<string, unknown>;
  delegation?: { size: number; representatives: number };
  repeated?: boolean;
}

interface Session {
  sessionId: string;
  date: LocalDate;
  visits: Visit[];
}

/** The Sở's regular sessions (every Thursday) from a month before the quarter to its end; đơn-cases book visits in them. */
export class ReceptionDesk {
  private readonly sessions: Session[] = [];

  constructor(private readonly ctx: DonContext) {
    for (let day = addDays(ctx.from, -30); day <= ctx.to; day = addDays(day, 1)) {
      if (dayOfWeek(day) === 4 && ctx.workingDayFrom(day) === day) {
        this.sessions.push({ sessionId: uuidv5(`${ctx.seed}/${ctx.department}/session/${day}`, NAMESPACE), date: day, visits: [] });
      }
    }
  }

  /** The first session on or after `date` with room for a visit (or the last one), the visit booked in it. */
  book(date: LocalDate, visit: Visit): { session: Session; visitNo: number } | undefined {
    const session = this.sessions.find((s) => s.date >= date && s.visits.length < VISITS_PER_SESSION - 1) ?? this.sessions.findLast((s) => s.visits.length < VISITS_PER_SESSION - 1);
    if (!session) return undefined;
    session.visits.push(visit);
    return { session, visitNo: session.visits.length };
  }

  /** Every session's lines: opened, its visits (with one more of those that leave no đơn), closed at noon. */
  lines(): DemoEntry[] {
    const { ctx } = this;
    const entries: DemoEntry[] = [];
    for (const [index, session] of this.sessions.entries()) {
      session.visits.push(visitWithoutDon(ctx.pick, index));
      const key = (what: string) => `demo-${ctx.seed}/${ctx.department}/reception/${session.date}/${what}`;
      const line = (command: string, minutes: number, what: string, payload: Record<string, unknown>): DemoEntry => ({
        line: { command, sessionId: session.sessionId, actor: ctx.actor('intake'), occurredAt: at(session.date, minutes), idempotencyKey: key(what), payload },
        order: [Date.parse(at(session.date, minutes)), 200_000 + index, 0],
      });
      entries.push(line('OpenReceptionSession', 7 * 60 + 30, 'open', { department: ctx.department, kind: 'regular', date: session.date, place: REGULAR_PLACE }));
      for (const [i, visit] of session.visits.entries()) entries.push(line('RecordVisit', 7 * 60 + 32 + i * 5, `visit-${i + 1}`, { ...visit }));
      entries.push(line('CloseReceptionSession', 11 * 60 + 30, 'close', {}));
    }
    return entries.filter((entry) => entry.order[0] <= ctx.until.getTime());
  }
}

/** Visits that end without a đơn, in turn: guided, answered, forwarded, refused, and a delegation guided. */
function visitWithoutDon(pick: Pick, index: number): Visit {
  const person = citizen(pick);
  const party = (role: string) => ({ role, name: person.name, address: person.address, confidential: false });
  switch (index % 5) {
    case 0:
      return { citizens: 1, parties: [party('petitioner')], summary: `Hỏi thủ tục cấp đổi Giấy chứng nhận quyền sử dụng đất tại ${person.commune}`, classification: 'petition', outcome: { kind: 'guided', toBody: 'Văn phòng đăng ký đất đai' } };
    case 1:
      return { citizens: 2, parties: [party('petitioner')], summary: 'Phản ánh tiếng ồn của cơ sở sản xuất gần khu dân cư', classification: 'petition', outcome: { kind: 'answered', note: 'Đã giải thích quy chuẩn về tiếng ồn và nơi gửi phản ánh' } };
    case 2:
      return { citizens: 1, parties: [party('complainant')], summary: 'Khiếu nại việc xử phạt vi phạm giao thông', classification: 'complaint', outcome: { kind: 'forwarded', toBody: 'Công an tỉnh' } };
    case 3:
      return { citizens: 1, parties: [party('complainant')], summary: 'Tiếp tục khiếu nại vụ việc đã được giải quyết đúng pháp luật', classification: 'complaint', repeated: true, outcome: { kind: 'refused', refusalGround: 'TCD9.3' } };
    default:
      return {
        citizens: 6,
        delegation: { size: 6, representatives: 2 },
        parties: [party('representative'), { role: 'representative', name: citizen(pick).name, address: person.address, confidential: false }],
        summary: `Đoàn 6 hộ ${person.commune} hỏi về tiến độ chi trả tiền bồi thường`,
        classification: 'complaint',
        outcome: { kind: 'guided', toBody: 'Trung tâm Phát triển quỹ đất' },
      };
  }
}

function donSource(channel: string, visit: { session: Session; visitNo: number } | undefined, receivedOn: LocalDate, ctx: DonContext): Record<string, unknown> {
  if (channel === 'in-person' && visit) return { kind: 'reception', receptionId: visit.session.sessionId, visitNo: visit.visitNo };
  if (channel === 'referral') return { kind: 'referral', referrer: { body: ctx.pick(REFERRERS), documentNo: `${10 + Math.floor(ctx.rand() * 200)}/CV`, documentDate: addDays(receivedOn, -3) } };
  return { kind: channel === 'in-person' ? 'post' : channel };
}

/**
 * A case the quarter opens from a đơn: the đơn registered (for one received in person, at a Thursday session, its
 * visit booked there), classified within competence, and accepted into the case `caseId` the case's acts then name.
 * Returns the lines in order and the receipt date (a reception đơn is received on its session's day).
 */
export function donIntake(
  ctx: DonContext,
  desk: ReceptionDesk | undefined,
  plan: { kind: Kind; caseId: string; caseNo: number; channel: string; receivedOn: LocalDate; filer: Citizen; subject: string; content: string; parties: Array<Record<string, unknown>> },
): { lines: DemoLine[]; receivedOn: LocalDate; donId: string } {
  const donId = uuidv5(`${ctx.seed}/${ctx.department}/don/${plan.caseNo}`, NAMESPACE);
  const visit =
    plan.channel === 'in-person' && desk
      ? desk.book(plan.receivedOn, { citizens: 1, parties: plan.parties.slice(0, 1), summary: plan.subject, classification: CONTENT_OF[plan.kind], outcome: { kind: 'don-received', donId } })
      : undefined;
  const receivedOn = visit ? visit.session.date : plan.receivedOn;
  const key = (what: string) => `demo-${ctx.seed}/${ctx.department}/${plan.caseNo}/don-${what}`;
  const other = plan.parties.find((p) => p['role'] === 'respondent' || p['role'] === 'accused');
  const start = 8 * 60 + Math.floor(ctx.rand() * 20);
  const line = (command: string, minutes: number, what: string, payload: Record<string, unknown>): DemoLine => ({
    command,
    donId,
    actor: ctx.actor('intake'),
    occurredAt: at(receivedOn, minutes),
    idempotencyKey: key(what),
    payload,
  });
  return {
    donId,
    receivedOn,
    lines: [
      line('RegisterDon', start, 'register', {
        department: ctx.department,
        source: donSource(plan.channel, visit, receivedOn, ctx),
        receivedOn,
        signers: 1,
        anonymous: false,
        parties: plan.parties.filter((p) => p !== other),
        ...(other ? { respondent: other['name'] } : {}),
        subject: plan.subject,
        content: plan.content,
        field: FIELD_OF[ctx.department] ?? 'dat-dai',
      }),
      line('ClassifyDon', start + 5, 'classify', { content: CONTENT_OF[plan.kind], qualifying: true, competence: 'within' }),
      line('AcceptDonIntoCase', start + 10, 'accept', { kind: plan.kind, caseId: plan.caseId }),
    ],
  };
}

/** The answer to the body that referred the đơn, a few working days after the case was resolved. */
export function referrerAnswer(ctx: DonContext, donId: string, caseNo: number, resolvedOn: LocalDate): DemoLine {
  const on = ctx.workingDayFrom(addDays(resolvedOn, 3));
  return {
    command: 'AnswerReferrer',
    donId,
    actor: ctx.actor('head'),
    occurredAt: at(on, 14 * 60),
    idempotencyKey: `demo-${ctx.seed}/${ctx.department}/${caseNo}/don-answer-referrer`,
    payload: { documentNo: `${caseNo}/TL-TTr`, documentDate: on, resolvedOn },
  };
}

/** The outcomes of đơn that open no case, in turn; `registered` and `classified` are still being processed. */
const OUTCOMES = ['guided', 'forwarded', 'urged', 'split', 'archived', 'attached', 'registered', 'classified', 'guided', 'archived-handled', 'forwarded', 'attached-don'] as const;
const SOURCES = ['post', 'online', 'referral', 'box', 'post', 'online'] as const;

/**
 * Đơn that open no case, one for each outcome in turn over the quarter: guided to the competent body, forwarded,
 * a lower level urged, asked to split, archived, attached to a case already open (a repeat) or to an earlier đơn,
 * and some still awaiting classification or processing (those received early are overdue).
 */
export function standaloneDons(ctx: DonContext, count: number, openCases: ReadonlyArray<{ caseId: string; receivedOn: LocalDate; kind: Kind }>): DemoEntry[] {
  const entries: DemoEntry[] = [];
  let previous: { donId: string; receivedOn: LocalDate } | undefined;
  for (let n = 1; n <= count; n++) {
    const outcome = OUTCOMES[(n - 1) % OUTCOMES.length]!;
    const source = SOURCES[(n - 1) % SOURCES.length]!;
    const kind: Kind = outcome === 'urged' ? 'denunciation' : outcome === 'forwarded' ? 'petition' : 'complaint-first';
    const receivedOn = ctx.workingDayFrom(addDays(ctx.from, Math.floor(((n - 0.5) / count) * 88)));
    const donId = uuidv5(`${ctx.seed}/${ctx.department}/standalone/${n}`, NAMESPACE);
    const filer = citizen(ctx.pick);
    const text = caseText(kind, ctx.department, filer, ctx.pick);
    const other = respondent(kind, filer, ctx.pick);
    const anonymous = source === 'box';
    const attachTo = outcome === 'attached' ? openCases.findLast((c) => c.receivedOn < receivedOn) : undefined;
    const key = (what: string) => `demo-${ctx.seed}/${ctx.department}/standalone/${n}/${what}`;
    const lines: Array<{ on: LocalDate; command: string; role: string; payload: Record<string, unknown> }> = [];
    lines.push({
      on: receivedOn,
      command: 'RegisterDon',
      role: 'intake',
      payload: {
        department: ctx.department,
        source: donSource(source, undefined, receivedOn, ctx),
        receivedOn,
        signers: anonymous ? 0 : 1,
        anonymous,
        parties: anonymous ? [] : [{ role: kind === 'denunciation' ? 'denouncer' : kind === 'petition' ? 'petitioner' : 'complainant', name: filer.name, address: filer.address, confidential: kind === 'denunciation' }],
        ...(other ? { respondent: other.name } : {}),
        subject: outcome === 'split' ? `${text.subject} và tố cáo cán bộ liên quan` : text.subject,
        content: text.content,
        field: FIELD_OF[ctx.department] ?? 'dat-dai',
        ...(outcome === 'attached-don' && previous ? { repeatOf: { donId: previous.donId } } : {}),
      },
    });
    const classifyOn = ctx.workingDayFrom(addDays(receivedOn, 2));
    const decideOn = ctx.workingDayFrom(addDays(classifyOn, 2));
    const doc = (prefix: string) => ({ documentNo: `${n}/${prefix}-TTr`, documentDate: decideOn });
    const classify = (payload: Record<string, unknown>) => lines.push({ on: classifyOn, command: 'ClassifyDon', role: 'intake', payload });
    const decide = (command: string, payload: Record<string, unknown>) => lines.push({ on: decideOn, command, role: 'head', payload });
    const outside = (body: string) => ({ qualifying: true, competence: 'outside', competentBody: body });
    switch (outcome) {
      case 'guided':
        classify({ content: 'complaint', ...outside(`Chủ tịch Ủy ban nhân dân ${filer.commune}`) });
        decide('GuideCitizen', { ...doc('HD'), toBody: `Chủ tịch Ủy ban nhân dân ${filer.commune}` });
        break;
      case 'forwarded':
        classify({ content: 'petition', ...outside('Sở Công Thương') });
        decide('ForwardDon', { ...doc('CĐ'), toBody: 'Sở Công Thương' });
        break;
      case 'urged':
        classify({ content: 'denunciation', ...outside(`Chủ tịch Ủy ban nhân dân ${filer.commune}`) });
        decide('UrgeLowerLevel', { ...doc('ĐĐ'), body: `Ủy ban nhân dân ${filer.commune}` });
        break;
      case 'split':
        classify({ content: 'several', qualifying: true, competence: 'within' });
        decide('RequestDonSplit', doc('HD'));
        break;
      case 'archived':
        classify({ content: 'complaint', qualifying: false, competence: 'within', notQualifyingReason: 'Đơn không ghi rõ nội dung khiếu nại, không có chữ ký' });
        decide('ArchiveDon', { ground: 'not-qualifying', documentDate: decideOn });
        break;
      case 'archived-handled':
        classify({ content: 'complaint', ...outside(`Chủ tịch Ủy ban nhân dân ${filer.commune}`) });
        decide('ArchiveDon', { ground: 'already-handled', documentDate: decideOn });
        break;
      case 'attached':
        classify({ content: 'complaint', qualifying: true, competence: 'within' });
        if (attachTo) decide('AttachDonToCase', { caseId: attachTo.caseId });
        break;
      case 'attached-don':
        classify({ content: 'complaint', qualifying: true, competence: 'within' });
        if (previous) decide('AttachDonToDon', { toDonId: previous.donId });
        break;
      case 'classified':
        classify({ content: 'complaint', qualifying: true, competence: 'within' });
        break;
      case 'registered':
        break;
    }
    for (const [i, act] of lines.entries()) {
      const occurredAt = at(act.on, 9 * 60 + i * 10);
      if (Date.parse(occurredAt) > ctx.until.getTime()) break;
      entries.push({ line: { command: act.command, donId, actor: ctx.actor(act.role), occurredAt, idempotencyKey: key(act.command), payload: act.payload }, order: [Date.parse(occurredAt), 100_000 + n, i] });
    }
    previous = { donId, receivedOn };
  }
  return entries;
}

/**
 * The Director's periodic sessions on the 20th (the next working day when it is a day off), each planned and published
 * ten working days ahead (Luật Tiếp công dân: published at least five working days before), held with a delegation
 * and a citizen, its conclusion notice issued the next working day; the next one after the quarter published, to come.
 */
export function leaderSessions(ctx: DonContext, workingDaysBefore: (date: LocalDate, days: number) => LocalDate): DemoEntry[] {
  const entries: DemoEntry[] = [];
  const twentieths: LocalDate[] = [];
  for (let month = ctx.from.slice(0, 7); ; ) {
    const date = ctx.workingDayFrom(`${month}-20`);
    twentieths.push(date);
    if (date > ctx.to) break;
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  for (const [index, date] of twentieths.entries()) {
    const sessionId = uuidv5(`${ctx.seed}/${ctx.department}/leader-session/${date}`, NAMESPACE);
    const director = ctx.actor('director');
    const head = ctx.actor('head');
    // The session still to come is planned and published before the quarter's last day, whatever its date.
    const planOn = date > ctx.to ? minDate(workingDaysBefore(date, 10), workingDaysBefore(ctx.to, 1)) : workingDaysBefore(date, 10);
    const next = ctx.workingDayFrom(addDays(date, 1));
    const key = (what: string) => `demo-${ctx.seed}/${ctx.department}/leader-session/${date}/${what}`;
    const person = citizen(ctx.pick);
    const acts: Array<{ on: LocalDate; minutes: number; command: string; actor: DemoLine['actor']; what: string; payload: Record<string, unknown> }> = [
      { on: planOn, minutes: 9 * 60, command: 'PlanReceptionSession', actor: head, what: 'plan', payload: { department: ctx.department, kind: 'leader-periodic', date, place: LEADER_PLACE, leader: 'Giám đốc Sở' } },
      { on: planOn, minutes: 9 * 60 + 30, command: 'PublishReceptionSession', actor: head, what: 'publish', payload: { publishedOn: planOn } },
      { on: date, minutes: 7 * 60 + 30, command: 'OpenReceptionSession', actor: director, what: 'open', payload: {} },
      {
        on: date,
        minutes: 8 * 60,
        command: 'RecordVisit',
        actor: director,
        what: 'visit-1',
        payload: {
          citizens: 7,
          delegation: { size: 7, representatives: 2 },
          parties: [
            { role: 'representative', name: person.name, address: person.address, confidential: false },
            { role: 'representative', name: citizen(ctx.pick).name, address: person.address, confidential: false },
          ],
          summary: `Đoàn 7 hộ ${person.commune} khiếu nại mức bồi thường khi thu hồi đất`,
          classification: 'complaint',
          handledBefore: [`Ủy ban nhân dân ${person.commune}`],
          outcome: { kind: 'guided', toBody: 'Chủ tịch Ủy ban nhân dân tỉnh' },
        },
      },
      {
        on: date,
        minutes: 9 * 60 + 30,
        command: 'RecordVisit',
        actor: director,
        what: 'visit-2',
        payload: { citizens: 1, parties: [{ role: 'petitioner', name: citizen(ctx.pick).name, confidential: false }], summary: 'Kiến nghị xử lý ô nhiễm từ cụm công nghiệp', classification: 'petition', outcome: { kind: 'answered', note: 'Giám đốc Sở trả lời tại buổi tiếp' } },
      },
      { on: next, minutes: 10 * 60, command: 'IssueReceptionConclusion', actor: director, what: 'conclusion', payload: { documentNo: `${index + 1}/TB-STNMT`, documentDate: next, summary: 'Giao Thanh tra Sở kiểm tra việc bồi thường, trả lời đoàn công dân trong 15 ngày; yêu cầu kiểm tra nguồn thải của cụm công nghiệp.' } },
      { on: next, minutes: 16 * 60, command: 'CloseReceptionSession', actor: director, what: 'close', payload: {} },
    ];
    for (const [i, act] of acts.entries()) {
      const occurredAt = at(act.on, act.minutes);
      if (Date.parse(occurredAt) > ctx.until.getTime()) break;
      entries.push({ line: { command: act.command, sessionId, actor: act.actor, occurredAt, idempotencyKey: key(act.what), payload: act.payload }, order: [Date.parse(occurredAt), 300_000 + index, i] });
    }
  }
  entries.push(...adHocSessionToday(ctx));
  return entries;
}

/**
 * On the quarter's last day, when it is a working day other than the Sở's Thursday, the Director receives citizens ad
 * hoc (tiếp đột xuất), and the session is still open: the reception desk has today's session to show.
 */
function adHocSessionToday(ctx: DonContext): DemoEntry[] {
  if (ctx.workingDayFrom(ctx.to) !== ctx.to || dayOfWeek(ctx.to) === 4) return [];
  const sessionId = uuidv5(`${ctx.seed}/${ctx.department}/ad-hoc-session/${ctx.to}`, NAMESPACE);
  const director = ctx.actor('director');
  const key = (what: string) => `demo-${ctx.seed}/${ctx.department}/ad-hoc-session/${ctx.to}/${what}`;
  const acts: Array<[number, string, string, Record<string, unknown>]> = [
    [7 * 60 + 30, 'OpenReceptionSession', 'open', { department: ctx.department, kind: 'leader-adhoc', date: ctx.to, place: REGULAR_PLACE, leader: 'Giám đốc Sở' }],
    ...[0, 1, 4].map((n, i): [number, string, string, Record<string, unknown>] => [7 * 60 + 35 + i * 5, 'RecordVisit', `visit-${i + 1}`, { ...visitWithoutDon(ctx.pick, n) }]),
  ];
  return acts
    .map(([minutes, command, what, payload], i): DemoEntry => ({
      line: { command, sessionId, actor: director, occurredAt: at(ctx.to, minutes), idempotencyKey: key(what), payload },
      order: [Date.parse(at(ctx.to, minutes)), 400_000, i],
    }))
    .filter((entry) => entry.order[0] <= ctx.until.getTime());
}
