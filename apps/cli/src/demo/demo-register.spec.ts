import * as path from 'node:path';
import { UsersDirectory } from '@kntc/auth';
import { vnDateOf } from '@kntc/workflow';
import { createVietnamCalendar } from '@kntc/workflow/loader';
import { KINDS } from './case-paths';
import { generateDemoRegister, type RegisterLineJson } from './demo-register';

const ROOT = path.resolve(__dirname, '../../../..');
const calendar = createVietnamCalendar(path.join(ROOT, 'workflows/calendars'), { makeUpSaturdaysAreWorkingDays: true });
const users = UsersDirectory.load(path.join(ROOT, 'config/users.yaml')).list();
const UNTIL = new Date('2026-12-04T09:30:00+07:00');

const generate = (seed: number, until = UNTIL) => generateDemoRegister({ seed, until, calendar, users });

/** Each case's lines, oldest first: filed directly, or opened from a đơn accepted into it. */
function byCase(lines: RegisterLineJson[]): Map<string, RegisterLineJson[]> {
  const cases = new Map<string, RegisterLineJson[]>();
  for (const line of lines) {
    const caseId = line.caseId ?? (line.command === 'AcceptDonIntoCase' ? (line.payload['caseId'] as string) : undefined);
    if (caseId) cases.set(caseId, [...(cases.get(caseId) ?? []), line]);
  }
  return cases;
}

describe('the demo register of a quarter', () => {
  it('is the same for the same seed and day, and another for another seed', () => {
    expect(JSON.stringify(generate(1).lines)).toBe(JSON.stringify(generate(1).lines));
    expect(JSON.stringify(generate(2).lines)).not.toBe(JSON.stringify(generate(1).lines));
  });

  it('covers the 91 days up to its day, every act on a working day and none after its instant, filings first', () => {
    const { lines, from, to } = generate(1);
    expect([from, to]).toEqual(['2026-09-05', '2026-12-04']);
    for (const line of lines) {
      expect(Date.parse(line.occurredAt)).toBeLessThanOrEqual(UNTIL.getTime());
      expect(calendar.isWorkingDay(vnDateOf(line.occurredAt))).toBe(true);
    }
    for (const caseLines of byCase(lines).values()) expect(['FileCase', 'AcceptDonIntoCase']).toContain(caseLines[0]!.command);
    const sorted = [...lines].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    expect(lines.map((l) => l.occurredAt)).toEqual(sorted.map((l) => l.occurredAt));
  });

  it("has cases of every kind in the Sở, stopped at every act of each kind's longest path, and a second department", () => {
    const cases = [...byCase(generate(1).lines).values()];
    const tnmt = cases.filter((c) => c[0]!.actor.department === 'so-tnmt');
    expect(new Set(tnmt.map((c) => c[0]!.payload['kind']))).toEqual(new Set(KINDS));
    const lastActs = new Set(tnmt.map((c) => c.filter((l) => l.caseId).at(-1)?.command ?? 'FileCase'));
    for (const act of ['FileCase', 'AcceptCase', 'AssignInspector', 'StartVerification', 'ReportVerification', 'RecordDialogue', 'DraftDecision', 'IssueDecision', 'SendDecision', 'RecordHandling', 'PublishConclusion', 'CloseCase', 'ReviewCase', 'AnswerCitizen', 'RejectCase', 'ForwardCase', 'WithdrawCase', 'TerminateCase', 'SuspendCase']) {
      expect(lastActs).toContain(act);
    }
    expect(cases.some((c) => c[0]!.actor.department === 'so-xd')).toBe(true);
  });

  it('names the officers of the users file, and keeps a denouncer confidential', () => {
    const { lines } = generate(1);
    const ids = new Set(users.map((u) => u.id));
    for (const line of lines) expect(ids).toContain(line.actor.id);
    const denunciations = lines.filter((l) => l.command === 'FileCase' && l.payload['kind'] === 'denunciation');
    for (const filing of denunciations) expect(filing.payload['parties']).toContainEqual(expect.objectContaining({ role: 'denouncer', confidential: true }));
  });

  it('has đơn from every source with every processing outcome, some cases opened from them', () => {
    const { lines } = generate(1);
    const sources = new Set(lines.filter((l) => l.command === 'RegisterDon').map((l) => (l.payload['source'] as { kind: string }).kind));
    expect(sources).toEqual(new Set(['post', 'reception', 'online', 'referral', 'box']));
    const commands = new Set(lines.map((l) => l.command));
    for (const outcome of ['AcceptDonIntoCase', 'AttachDonToCase', 'AttachDonToDon', 'GuideCitizen', 'ForwardDon', 'UrgeLowerLevel', 'RequestDonSplit', 'ArchiveDon', 'AnswerReferrer']) {
      expect(commands).toContain(outcome);
    }
  });

  it("holds the Sở's Thursday sessions with visits of every outcome and a delegation, and the Director's sessions published ahead", () => {
    const { lines, to } = generate(1);
    const opened = lines.filter((l) => l.command === 'OpenReceptionSession' && l.payload['kind'] === 'regular');
    expect(opened.length).toBeGreaterThanOrEqual(12);
    for (const session of opened) expect(new Date(`${session.payload['date'] as string}T00:00:00Z`).getUTCDay()).toBe(4);
    const visits = lines.filter((l) => l.command === 'RecordVisit');
    expect(new Set(visits.map((v) => (v.payload['outcome'] as { kind: string }).kind))).toEqual(new Set(['guided', 'don-received', 'forwarded', 'refused', 'answered']));
    expect(visits.some((v) => v.payload['delegation'] !== undefined)).toBe(true);
    const planned = lines.filter((l) => l.command === 'PlanReceptionSession');
    const published = new Set(lines.filter((l) => l.command === 'PublishReceptionSession').map((l) => l.sessionId));
    expect(planned.length).toBeGreaterThanOrEqual(3);
    for (const plan of planned) expect(published).toContain(plan.sessionId);
    expect(planned.some((plan) => (plan.payload['date'] as string) > to)).toBe(true);
    expect(lines.filter((l) => l.command === 'IssueReceptionConclusion').length).toBeGreaterThanOrEqual(2);
  });
});
