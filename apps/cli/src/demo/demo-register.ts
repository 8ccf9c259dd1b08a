import type { DirectoryUser } from '@kntc/auth';
import { FINDINGS } from '@kntc/domain';
import { addDays, daysBetween, vnDateOf, type LocalDate, type WorkingCalendar } from '@kntc/workflow';
import { v5 as uuidv5 } from 'uuid';
import { COMPLAINT_SUSPENSION_FROM, KINDS, paths, random, ROLE_OF, type Kind, type Step } from './case-paths';
import { at, donIntake, leaderSessions, ReceptionDesk, referrerAnswer, standaloneDons, type DemoEntry, type DemoLine, type DonContext } from './demo-dons';
import { actText, caseText, citizen, respondent, type Pick } from './demo-texts';

/** One line of a register file in the `kntc import` format: a case's, a đơn's or a reception session's act. */
export type RegisterLineJson = DemoLine;

/** A department of the demo and how many cases follow each path of each kind there. */
export interface DemoDepartment {
  code: string;
  casesPerPath: Record<Kind, number>;
  /** One more case stopped at each stage of the kind's longest path. */
  everyStage: boolean;
  /** Share of its cases opened from a registered đơn (the others filed directly). */
  viaDon: number;
  /** Đơn that open no case, one for each processing outcome in turn. */
  standaloneDons: number;
  /** Holds citizen reception: regular sessions every Thursday, the Director's on the 20th. */
  reception: boolean;
}

/** The Sở of the demo, and a second department so that cross-department views (supervisor, UBND) have two. */
export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { code: 'so-tnmt', casesPerPath: { 'complaint-first': 2, 'complaint-second': 1, denunciation: 2, petition: 2 }, everyStage: true, viaDon: 0.5, standaloneDons: 24, reception: true },
  { code: 'so-xd', casesPerPath: { 'complaint-first': 1, 'complaint-second': 0, denunciation: 1, petition: 1 }, everyStage: false, viaDon: 0.3, standaloneDons: 6, reception: false },
];

/** A quarter, in days: the register covers the 91 days up to the day the demo is loaded. */
export const QUARTER_DAYS = 91;
/** Share of cases received in the month before the quarter, still open when it starts (carried over). */
const CARRIED_OVER_SHARE = 0.15;
/** Share of cases whose path is cut short: still in progress at the quarter's end. */
const IN_PROGRESS_SHARE = 0.25;
const CHANNELS = ['in-person', 'post', 'online', 'referral'] as const;
/** Case ids are UUID v5 of the seed, department and number under this namespace: the same for the same seed. */
const DEMO_NAMESPACE = '3f0c2a57-5d0e-4b8e-9a52-6c1f4f7e2d10';

export interface DemoRegisterOptions {
  seed: number;
  /** When the demo was first loaded: the quarter ends that day, and no act is dated after that instant. */
  until: Date;
  /** The engine's working-day calendar: acts fall on working days. */
  calendar: WorkingCalendar;
  /** The users file's officers: each act is recorded as an officer of its role in the case's department. */
  users: readonly DirectoryUser[];
}

export interface DemoRegister {
  lines: RegisterLineJson[];
  cases: number;
  from: LocalDate;
  to: LocalDate;
}

/**
 * A quarter of a Sở as a register: cases of every kind received over the 91 days up to `until` (some in the
 * month before), each following one of its kind's paths (case-paths.ts) on working days, with the officers of
 * the users file as actors. Paths are drawn so that most end before `until`; those that stop early leave clocks
 * running, and the ones received early in the quarter are overdue by its end. Same seed and `until`, same lines.
 */
export function generateDemoRegister(options: DemoRegisterOptions): DemoRegister {
  const rand = random(options.seed);
  const pick: Pick = (items) => items[Math.floor(rand() * items.length)]!;
  const to = vnDateOf(options.until);
  const from = addDays(to, 1 - QUARTER_DAYS);
  const workingDayFrom = (date: LocalDate): LocalDate => {
    let day = date;
    while (!options.calendar.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  };

  const workingDaysBefore = (date: LocalDate, days: number): LocalDate => {
    let day = date;
    for (let counted = 0; counted < days; ) {
      day = addDays(day, -1);
      if (options.calendar.isWorkingDay(day)) counted++;
    }
    return day;
  };

  const entries: DemoEntry[] = [];
  let caseNo = 0;
  for (const department of DEMO_DEPARTMENTS) {
    const officers = officersOf(department.code, options.users);
    const ctx: DonContext = { seed: options.seed, department: department.code, from, to, until: options.until, rand, pick, workingDayFrom, actor: actorOf(department.code, officers) };
    const desk = department.reception ? new ReceptionDesk(ctx) : undefined;
    const openCases: Array<{ caseId: string; receivedOn: LocalDate; kind: Kind }> = [];
    let registerNo = 0;
    for (const kind of KINDS) {
      for (const { variant, cut } of casesOf(kind, department, rand)) {
        caseNo++;
        registerNo++;
        const inspector = pick(officers.inspectors);
        const whole = paths(kind, pick(FINDINGS), inspector)[variant]!;
        const path = cut === undefined ? whole : whole.slice(0, cut);
        const pathDays = path.reduce((days, s) => days + s.gap, 0);
        const latest = maxDate(from, addDays(to, -pathDays - 4));
        const earliest = rand() < CARRIED_OVER_SHARE ? addDays(from, -30) : minDate(from, latest);
        const receivedOn = workingDayFrom(addDays(earliest, Math.floor(rand() * (Math.max(0, daysBetween(earliest, latest)) + 1))));
        const viaDon = rand() < department.viaDon ? { desk } : undefined;
        const lines = caseLines({ kind, receivedOn, path, officers: { ...officers, inspector }, registerNo, caseNo, ctx, viaDon });
        for (const [stepNo, line] of lines.entries()) {
          if (Date.parse(line.occurredAt) <= options.until.getTime()) entries.push({ line, order: [Date.parse(line.occurredAt), caseNo, stepNo] });
        }
        if (path.length < 3 && lines[0]!.caseId) openCases.push({ caseId: lines[0]!.caseId, receivedOn, kind });
      }
    }
    entries.push(...standaloneDons(ctx, department.standaloneDons, openCases));
    if (desk) entries.push(...desk.lines(), ...leaderSessions(ctx, workingDaysBefore));
  }
  entries.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2]);
  return { lines: entries.map((e) => e.line), cases: caseNo, from, to };
}

/**
 * The cases of a kind in a department: each path `casesPerPath` times, some cut short after a random act (still
 * under way); with `everyStage`, the longest path once more cut after each of its acts, so that each stage has a case.
 */
function casesOf(kind: Kind, department: DemoDepartment, rand: () => number): Array<{ variant: number; cut?: number }> {
  const variants = paths(kind, FINDINGS[0], { id: '', name: '' }).map((path) => path.length);
  const cases: Array<{ variant: number; cut?: number }> = [];
  for (let copy = 0; copy < department.casesPerPath[kind]; copy++) {
    for (const [variant, length] of variants.entries()) {
      cases.push(length > 1 && rand() < IN_PROGRESS_SHARE ? { variant, cut: 1 + Math.floor(rand() * (length - 1)) } : { variant });
    }
  }
  if (department.everyStage) {
    const longest = variants.indexOf(Math.max(...variants));
    for (let cut = 1; cut < variants[longest]!; cut++) cases.push({ variant: longest, cut });
  }
  return cases;
}

type Officer = { id: string; name: string };

interface Officers {
  byRole: Map<string, Officer>;
  inspectors: Officer[];
}

/** The department's officers by role from the users file; a role it lacks is recorded under a made-up id. */
function officersOf(department: string, users: readonly DirectoryUser[]): Officers {
  const ofDepartment = users.filter((user) => user.department === department);
  const byRole = new Map<string, Officer>();
  for (const user of ofDepartment) if (!byRole.has(user.role)) byRole.set(user.role, { id: user.id, name: user.name });
  const inspectors = ofDepartment.filter((user) => user.role === 'inspector').map((user) => ({ id: user.id, name: user.name }));
  return { byRole, inspectors: inspectors.length > 0 ? inspectors : [{ id: `${department}-inspector`, name: 'Thanh tra viên' }] };
}

/** The officer of a role in the department (the case's assigned inspector for inspectors' acts). */
function actorOf(department: string, officers: Officers, inspector?: Officer): (role: string) => DemoLine['actor'] {
  return (role) => {
    const officer = role === 'inspector' ? (inspector ?? officers.inspectors[0]) : officers.byRole.get(role);
    return { id: officer?.id ?? `${department}-${role}`, role, department, ...(officer ? { name: officer.name } : {}) };
  };
}

interface CasePlan {
  kind: Kind;
  receivedOn: LocalDate;
  path: Step[];
  officers: Officers & { inspector: Officer };
  registerNo: number;
  caseNo: number;
  /** The department's seed, dates, random draws and officers. */
  ctx: DonContext;
  /** Opened from a đơn registered, classified and accepted into the case (a reception đơn at a Thursday session). */
  viaDon: { desk: ReceptionDesk | undefined } | undefined;
}

/**
 * The filing and the acts of one case, each on a working day `gap` days after the previous act; about one act in
 * five is entered a few days late with the document's own date (`documentDate`), as registers are kept.
 */
function caseLines(plan: CasePlan): RegisterLineJson[] {
  const { kind, ctx } = plan;
  const { department, rand, pick, workingDayFrom } = ctx;
  let { receivedOn } = plan;
  const caseId = uuidv5(`${ctx.seed}/${department}/${plan.caseNo}`, DEMO_NAMESPACE);
  const code = department.replace(/^so-/, 'S').replace(/-/g, '').toUpperCase();
  const actor = actorOf(department, plan.officers, plan.officers.inspector);
  /** Acts of one day in the order of their steps: 08:00, 08:35, … with a few minutes drawn. */
  const stepAt = (date: LocalDate, stepNo: number): string => at(date, 8 * 60 + stepNo * 35 + Math.floor(rand() * 20));
  const key = (what: string) => `demo-${ctx.seed}/${department}/${plan.caseNo}/${what}`;

  const filer = citizen(pick);
  const text = caseText(kind, department, filer, pick);
  const other = respondent(kind, filer, pick);
  const channel = pick(CHANNELS);
  const parties = [
    { role: kind === 'denunciation' ? 'denouncer' : kind === 'petition' ? 'petitioner' : 'complainant', name: filer.name, address: filer.address, confidential: kind === 'denunciation' },
    ...(other ? [{ ...other, confidential: false }] : []),
  ];
  const lines: RegisterLineJson[] = [];
  let recordedOn: LocalDate;
  let don: { donId: string } | undefined;
  if (plan.viaDon) {
    const intake = donIntake(ctx, plan.viaDon.desk, { kind, caseId, caseNo: plan.caseNo, channel, receivedOn, filer, subject: text.subject, content: text.content, parties });
    receivedOn = recordedOn = intake.receivedOn;
    don = intake;
    lines.push(...intake.lines);
  } else {
    recordedOn = rand() < 0.3 ? workingDayFrom(addDays(receivedOn, 1 + Math.floor(rand() * 3))) : receivedOn;
    lines.push({
      command: 'FileCase',
      caseId,
      actor: actor('intake'),
      occurredAt: stepAt(recordedOn, 0),
      idempotencyKey: key('file'),
      payload: {
        kind,
        department,
        channel,
        receivedOn,
        subject: text.subject,
        content: text.content,
        parties,
        remoteArea: rand() < 0.05,
        referenceNo: `${plan.registerNo}/ĐKN-${code}`,
        ...(channel === 'referral' ? { referredBy: 'Ban Tiếp công dân tỉnh' } : {}),
      },
    });
  }
  let actOn = receivedOn;
  for (const [i, s] of plan.path.entries()) {
    actOn = workingDayFrom(addDays(actOn, s.gap));
    let on = rand() < 0.2 ? workingDayFrom(addDays(actOn, 1 + Math.floor(rand() * 3))) : actOn;
    if (on < recordedOn) on = recordedOn;
    // An assignment carries no document: it is dated the day it is entered.
    if (s.command === 'AssignInspector') actOn = on;
    if (s.command === 'SuspendCase' && actOn < COMPLAINT_SUSPENSION_FROM) break;
    const payload: Record<string, unknown> = { ...s.payload, ...actText(s.command, kind, s.payload ?? {}) };
    if (s.command === 'AcceptCase') payload['documentNo'] = `${plan.registerNo}/TB-${code}`;
    if (s.command === 'IssueDecision') payload['decisionNo'] = `${plan.registerNo}/${kind === 'denunciation' ? 'KL' : 'QĐ'}-${code}`;
    if (on !== actOn) payload['documentDate'] = actOn;
    const stepNo = i + 1;
    lines.push({ command: s.command, caseId, actor: actor(s.role ?? ROLE_OF[s.command]!), occurredAt: stepAt(on, stepNo), idempotencyKey: key(`${stepNo}-${s.command}`), payload });
    recordedOn = on;
    if (don && channel === 'referral' && (s.command === 'IssueDecision' || s.command === 'AnswerCitizen')) lines.push(referrerAnswer(ctx, don.donId, plan.caseNo, actOn));
  }
  return lines;
}

const minDate = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);
const maxDate = (a: LocalDate, b: LocalDate): LocalDate => (a > b ? a : b);
