import { actors, at } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';
import { foldReception } from '../reception.evolve';
import type { RecordVisit } from '../reception.commands';
import { ReceptionSpecification, type ReceptionStep } from '../testing/reception-specification';

const { calendar } = loadSpecEngine('petition');
const spec = new ReceptionSpecification(calendar);
const sessionId = '0b7e1c5a-8f33-4a52-9d7b-3c4f2e1a6b70';
const department = 'so-tnmt';

const plan = (date: string): ReceptionStep => ({
  command: { type: 'PlanReceptionSession', sessionId, department, kind: 'leader-periodic', date, place: 'Trụ sở tiếp công dân Sở TN&MT', leader: 'Giám đốc Sở' },
  actor: actors.head,
  at: at('2026-02-02'),
});
const publish = (on: string): ReceptionStep => ({ command: { type: 'PublishReceptionSession', sessionId }, actor: actors.head, at: at(on) });
const open = (on: string): ReceptionStep => ({ command: { type: 'OpenReceptionSession', sessionId }, actor: actors.director, at: at(on) });
const visit = (overrides: Partial<RecordVisit> = {}): RecordVisit => ({
  type: 'RecordVisit',
  sessionId,
  citizens: 1,
  parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', idNumber: '001190012345', confidential: false }],
  summary: 'Khiếu nại việc bồi thường khi thu hồi đất',
  classification: 'complaint',
  outcome: { kind: 'guided', toBody: 'UBND xã Liêm Tuyền' },
  ...overrides,
});

describe('a leader session on Wed 25/02/2026, just after the Tết Bính Ngọ break (14/02–22/02)', () => {
  it('posted Wed 11/02 is 5 working days ahead (12, 13, 23, 24, 25/02): on time (Luật TCD art. 24(4))', () => {
    spec
      .given(spec.history([plan('2026-02-25')]))
      .when({ type: 'PublishReceptionSession', sessionId }, actors.head, at('2026-02-11'))
      .thenMatches([{ type: 'ReceptionSessionPublished', data: { publishedOn: '2026-02-11', workingDaysAhead: 5, late: false, ruleId: 'tcd-24-4-schedule-notice' } }]);
  });

  it('posted Fri 13/02 is 3 working days ahead (23, 24, 25/02): flagged late', () => {
    spec
      .given(spec.history([plan('2026-02-25')]))
      .when({ type: 'PublishReceptionSession', sessionId }, actors.head, at('2026-02-13'))
      .thenMatches([{ type: 'ReceptionSessionPublished', data: { workingDaysAhead: 3, late: true } }]);
  });

  it('counts a posting date the officer gives for a posting done earlier', () => {
    spec
      .given(spec.history([plan('2026-02-25')]))
      .when({ type: 'PublishReceptionSession', sessionId, publishedOn: '2026-02-10' }, actors.head, at('2026-02-13'))
      .thenMatches([{ type: 'ReceptionSessionPublished', data: { publishedOn: '2026-02-10', workingDaysAhead: 6, late: false } }]);
  });

  it('refuses a second posting of the same date', () => {
    spec.given(spec.history([plan('2026-02-25'), publish('2026-02-11')])).when({ type: 'PublishReceptionSession', sessionId }, actors.head, at('2026-02-12')).thenRefused('already-published');
  });

  it('postponed, is no longer posted: the new date is posted again and judged again', () => {
    const postponed = spec.history([
      plan('2026-02-25'),
      publish('2026-02-11'),
      { command: { type: 'PostponeReceptionSession', sessionId, newDate: '2026-03-04', reason: 'Giám đốc họp UBND tỉnh' }, actor: actors.head, at: at('2026-02-23') },
    ]);
    expect(postponed[2]).toMatchObject({ type: 'ReceptionSessionPostponed', data: { previousDate: '2026-02-25', newDate: '2026-03-04' } });
    const state = foldReception(postponed);
    expect(state).toMatchObject({ status: 'planned', date: '2026-03-04', schedule: { postponements: 1 } });
    expect(state.status === 'planned' && state.schedule.published).toBeUndefined();
    spec
      .given(postponed)
      .when({ type: 'PublishReceptionSession', sessionId }, actors.head, at('2026-02-26'))
      .thenMatches([{ type: 'ReceptionSessionPublished', data: { workingDaysAhead: 4, late: true } }]);
  });

  it('cancelled with a reason, takes no further command', () => {
    const cancelled = spec.history([plan('2026-02-25'), { command: { type: 'CancelReceptionSession', sessionId, reason: 'Lãnh đạo đi công tác' }, actor: actors.director, at: at('2026-02-12') }]);
    expect(foldReception(cancelled)).toMatchObject({ status: 'cancelled', reason: 'Lãnh đạo đi công tác' });
    spec.given(cancelled).when({ type: 'OpenReceptionSession', sessionId }, actors.director, at('2026-02-25')).thenRefused('command-not-allowed-in-status');
  });

  it('is opened from its schedule entry on its day, carrying the entry', () => {
    spec
      .given(spec.history([plan('2026-02-25'), publish('2026-02-11')]))
      .when({ type: 'OpenReceptionSession', sessionId }, actors.director, at('2026-02-25'))
      .thenMatches([{ type: 'ReceptionSessionOpened', data: { department, kind: 'leader-periodic', date: '2026-02-25', leader: 'Giám đốc Sở', receivedBy: 'u-director', planned: true } }]);
  });

  it('is not opened before its day', () => {
    spec.given(spec.history([plan('2026-02-25')])).when({ type: 'OpenReceptionSession', sessionId }, actors.director, at('2026-02-24')).thenRefused('session-date-not-reached');
  });

  it('refuses planning a regular session: those are the department fixed days', () => {
    spec
      .given()
      .when({ type: 'PlanReceptionSession', sessionId, department, kind: 'regular', date: '2026-02-26', place: 'Trụ sở' }, actors.head, at('2026-02-02'))
      .thenRefused('not-a-leader-session');
  });
});

describe('online reception (Luật TCD art. 3a, added by Law 136/2025/QH15, in force 01/07/2026)', () => {
  const openOnline = (date: string) => ({ type: 'OpenReceptionSession' as const, sessionId, department, kind: 'online' as const, date, place: 'Cổng tiếp công dân trực tuyến' });

  it('is refused for a session before 01/07/2026, naming the rule', () => {
    const refusal = spec.given().when(openOnline('2026-06-30'), actors.intake, at('2026-06-30')).thenRefused('reception-kind-not-in-force');
    expect(refusal.details).toMatchObject({ validFrom: '2026-07-01', ruleId: 'tcd-online' });
  });

  it('is opened from 01/07/2026', () => {
    spec.given().when(openOnline('2026-07-01'), actors.intake, at('2026-07-01')).thenMatches([{ type: 'ReceptionSessionOpened', data: { kind: 'online', planned: false, receivedBy: 'u-intake' } }]);
  });
});

describe('a session before Luật Tiếp công dân 2013 took effect (01/07/2014): Nghị định 89/2010/NĐ-CP', () => {
  const openOn = (kind: 'regular' | 'leader-periodic', date: string) => ({ type: 'OpenReceptionSession' as const, sessionId, department, kind, date, place: 'Trụ sở tiếp công dân Sở TN&MT' });

  it('opens a regular session of 15/05/2014 and a leader session of 30/06/2014 under the decree', () => {
    spec.given().when(openOn('regular', '2014-05-15'), actors.intake, at('2014-05-15')).thenMatches([{ type: 'ReceptionSessionOpened', data: { kind: 'regular', date: '2014-05-15' } }]);
    spec.given().when(openOn('leader-periodic', '2014-06-30'), actors.director, at('2014-06-30')).thenMatches([{ type: 'ReceptionSessionOpened', data: { kind: 'leader-periodic' } }]);
  });

  it('refuses a session before the decree, naming the first rule in force', () => {
    const refusal = spec.given().when(openOn('regular', '2010-09-30'), actors.intake, at('2010-09-30')).thenRefused('reception-kind-not-in-force');
    expect(refusal.details).toMatchObject({ ruleId: 'nd89-regular', validFrom: '2010-10-01', validTo: '2014-06-30', date: '2010-09-30' });
  });
});

describe('visits of an open session', () => {
  const opened = spec.history([plan('2026-02-25'), publish('2026-02-11'), open('2026-02-25')]);

  it('numbers visits in order and seals every visitor identity', () => {
    const first = spec.history([plan('2026-02-25'), publish('2026-02-11'), open('2026-02-25'), { command: visit(), actor: actors.intake, at: at('2026-02-25', '09:10') }]);
    spec
      .given(first)
      .when(visit({ outcome: { kind: 'don-received', donId: 'don-0001' } }), actors.intake, at('2026-02-25', '09:40'))
      .thenMatches([{ type: 'VisitRecorded', data: { visitNo: 2, citizens: 1, repeated: false, outcome: { kind: 'don-received', donId: 'don-0001' }, parties: [{ confidential: true }] } }]);
  });

  it('asks a delegation of 5 or more to name representatives (Luật TCD art. 29–30)', () => {
    spec.given(opened).when(visit({ citizens: 7 }), actors.intake, at('2026-02-25')).thenRefused('delegation-required');
    spec.given(opened).when(visit({ citizens: 7, delegation: { size: 7, representatives: 0 } }), actors.intake, at('2026-02-25')).thenRefused('delegation-representatives-required');
    spec.given(opened).when(visit({ citizens: 7, delegation: { size: 6, representatives: 2 } }), actors.intake, at('2026-02-25')).thenRefused('invalid-delegation');
    spec
      .given(opened)
      .when(visit({ citizens: 7, delegation: { size: 7, representatives: 2 } }), actors.intake, at('2026-02-25'))
      .thenMatches([{ type: 'VisitRecorded', data: { citizens: 7, delegation: { size: 7, representatives: 2 } } }]);
  });

  it('does not call 4 people a delegation', () => {
    spec.given(opened).when(visit({ citizens: 4, delegation: { size: 4, representatives: 1 } }), actors.intake, at('2026-02-25')).thenRefused('invalid-delegation');
  });

  it('refuses a visit only on a ground of Luật TCD art. 9', () => {
    spec.given(opened).when(visit({ outcome: { kind: 'refused' } }), actors.intake, at('2026-02-25')).thenRefused('invalid-refusal-ground');
    spec.given(opened).when(visit({ outcome: { kind: 'refused', refusalGround: 'TCD9.9' as never } }), actors.intake, at('2026-02-25')).thenRefused('invalid-refusal-ground');
    spec
      .given(opened)
      .when(visit({ outcome: { kind: 'refused', refusalGround: 'TCD9.3' } }), actors.intake, at('2026-02-25'))
      .thenMatches([{ type: 'VisitRecorded', data: { outcome: { kind: 'refused', refusalGround: 'TCD9.3' } } }]);
  });

  it('needs the đơn number of a đơn received and the body of a forwarding', () => {
    spec.given(opened).when(visit({ outcome: { kind: 'don-received' } }), actors.intake, at('2026-02-25')).thenRefused('outcome-incomplete');
    spec.given(opened).when(visit({ outcome: { kind: 'forwarded' } }), actors.intake, at('2026-02-25')).thenRefused('outcome-incomplete');
  });

  it('takes no visit before the session is opened', () => {
    spec.given(spec.history([plan('2026-02-25')])).when(visit(), actors.intake, at('2026-02-25')).thenRefused('command-not-allowed-in-status');
  });
});

describe('the leader conclusions and the end of a session', () => {
  const opened = spec.history([plan('2026-02-25'), publish('2026-02-11'), open('2026-02-25')]);
  const conclusion = { type: 'IssueReceptionConclusion' as const, sessionId, documentNo: '12/TB-STNMT', documentDate: '2026-02-27', summary: 'Giao Chi cục Quản lý đất đai kiểm tra, trả lời trước 15/3' };

  it('issues the "Thông báo kết luận tiếp công dân" once', () => {
    spec.given(opened).when(conclusion, actors.director, at('2026-02-27')).thenMatches([{ type: 'ReceptionConclusionIssued', data: { documentNo: '12/TB-STNMT', documentDate: '2026-02-27' } }]);
    const issued = [...opened, ...spec.given(opened).when(conclusion, actors.director, at('2026-02-27')).thenMatches([{ type: 'ReceptionConclusionIssued' }])];
    spec.given(issued).when(conclusion, actors.director, at('2026-02-27')).thenRefused('conclusion-already-issued');
  });

  it('closes, after which no visit is recorded', () => {
    const closed = [...opened, ...spec.given(opened).when({ type: 'CloseReceptionSession', sessionId }, actors.intake, at('2026-02-25', '17:00')).thenMatches([{ type: 'ReceptionSessionClosed' }])];
    spec.given(closed).when(visit(), actors.intake, at('2026-02-25', '17:05')).thenRefused('command-not-allowed-in-status');
  });

  it('has no conclusion notice for a regular session', () => {
    const regular = spec.history([
      { command: { type: 'OpenReceptionSession', sessionId, department, kind: 'regular', place: 'Trụ sở tiếp công dân' }, actor: actors.intake, at: at('2026-02-26') },
    ]);
    spec.given(regular).when({ ...conclusion, documentDate: '2026-02-26' }, actors.head, at('2026-02-26')).thenRefused('not-a-leader-session');
  });
});
