import type { RegisterDon, DonCommand } from '../don.commands';
import { decideDon, guidanceCitizenOf, openCitizenKey } from '../don.decide';
import type { DonEvent } from '../don.events';
import { foldDon } from '../don.evolve';
import type { DonState } from '../don.state';
import { DON_PROCESSING_RULES } from '../don.clocks';
import { actors, at, DEPARTMENT } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';
import { StreamSpecification } from './stream-specification';

const { calendar } = loadSpecEngine('petition');
const FAMILIES: Record<string, 'complaint' | 'denunciation' | 'petition'> = {
  'complaint-first': 'complaint',
  denunciation: 'denunciation',
  petition: 'petition',
};
const spec = new StreamSpecification<DonCommand, DonEvent, DonState>(foldDon, (command, state, now) =>
  decideDon(command, state, { calendar, now, actor: actors.intake, familyOf: (kind) => FAMILIES[kind] }),
);

const donId = 'c1f7a3de-3c51-4a57-8f0e-0a3b8d6b5e01';
const matterId = 'a2b9e2f4-0d8e-4f7d-9a57-2f3c4d5e6f70';

function register(overrides: Partial<RegisterDon> = {}): RegisterDon {
  return {
    type: 'RegisterDon',
    donId,
    department: DEPARTMENT,
    matterId,
    source: { kind: 'post' },
    receivedOn: '2026-03-02',
    signers: 1,
    anonymous: false,
    parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', idNumber: '001190012345', confidential: false }],
    citizenKey: 'ck-1',
    respondent: 'UBND xã An Bình',
    subject: 'Khiếu nại quyết định thu hồi đất',
    content: 'Đề nghị xem xét lại quyết định thu hồi đất',
    ...overrides,
  };
}

const classify = (overrides: Partial<Extract<DonCommand, { type: 'ClassifyDon' }>> = {}): DonCommand => ({
  type: 'ClassifyDon',
  donId,
  content: 'complaint',
  qualifying: true,
  competence: 'within',
  ...overrides,
});

describe('a đơn received by post', () => {
  it('is registered with its processing clock: 10 days from receipt by XLD.PROCESS.10D (due 12/03/2026)', () => {
    spec
      .given()
      .when(register(), at('2026-03-02'))
      .thenMatches([
        {
          type: 'DonRegistered',
          data: { donId, matterId, receivedOn: '2026-03-02', processingRule: 'XLD.PROCESS.10D', processingDueOn: '2026-03-12', citizenKey: 'ck-1' },
        },
      ]);
  });

  it('rolls a due date on a Saturday to Monday (calendar days, BLDS art. 148(5))', () => {
    spec
      .given()
      .when(register({ receivedOn: '2026-03-04' }), at('2026-03-04'))
      .thenMatches([{ type: 'DonRegistered', data: { processingDueOn: '2026-03-16', processingBasis: { rolledForward: true, unit: 'calendar-days' } } }]);
  });

  it('states the doubt about the unit in the rule it applies', () => {
    const rule = DON_PROCESSING_RULES.find((r) => r.id === 'XLD.PROCESS.10D')!;
    expect(rule.validFrom).toBe('2021-11-15');
    expect(rule.citation).toContain('TT 05/2021/TT-TTCP');
    expect(rule.doubt).toMatch(/unconfirmed/i);
  });

  it('gets no processing limit when received before TT 05/2021 took effect, and is not refused', () => {
    const [registered] = spec.given().when(register({ receivedOn: '2014-05-12' }), at('2026-03-02')).thenMatches([
      { type: 'DonRegistered', data: { processingRule: 'XLD.NONE.BEFORE-TT05' } },
    ]);
    expect(registered!.type === 'DonRegistered' && registered.data.processingDueOn).toBeUndefined();
  });

  it('seals a denouncer whatever the form says (Luật Tố cáo art. 47)', () => {
    spec
      .given()
      .when(register({ parties: [{ role: 'denouncer', name: 'Trần Văn B', confidential: false }] }), at('2026-03-02'))
      .thenMatches([{ type: 'DonRegistered', data: { parties: [{ role: 'denouncer', confidential: true }] } }]);
  });

  it('keeps no citizen key for an anonymous đơn', () => {
    const [event] = spec
      .given()
      .when(register({ anonymous: true, signers: 0, parties: [{ role: 'accused', name: 'Ông C', confidential: false }] }), at('2026-03-02'))
      .thenMatches([{ type: 'DonRegistered', data: { anonymous: true } }]);
    expect(event!.type === 'DonRegistered' && event.data.citizenKey).toBeUndefined();
  });

  it.each([
    ['a receipt date after today', register({ receivedOn: '2026-03-03' }), 'invalid-date'],
    ['a referral without its referrer', register({ source: { kind: 'referral' } }), 'invalid-source'],
    ['a reception đơn without its session', register({ source: { kind: 'reception' } }), 'invalid-source'],
    ['a signed đơn without a signer', register({ parties: [] }), 'invalid-parties'],
    ['an anonymous đơn that counts signers', register({ anonymous: true, signers: 1, parties: [] }), 'invalid-parties'],
  ] as const)('refuses %s', (_what, command, code) => {
    spec.given().when(command, at('2026-03-02')).thenRefused(code);
  });

  it('refuses a second registration of the same đơn', () => {
    spec.given(spec.history([[register(), at('2026-03-02')]])).when(register(), at('2026-03-02')).thenRefused('don-already-exists');
  });
});

describe('classifying a registered đơn', () => {
  const registered = () => spec.history([[register(), at('2026-03-02')]]);

  it('records content, condition and competence', () => {
    spec
      .given(registered())
      .when(classify({ competence: 'outside', competentBody: 'UBND tỉnh' }), at('2026-03-03'))
      .then([{ type: 'DonClassified', data: { donId, at: at('2026-03-03'), content: 'complaint', qualifying: true, competence: 'outside', competentBody: 'UBND tỉnh' } }]);
  });

  it('refuses a non-qualifying đơn without its reason, and outside competence without the competent body', () => {
    spec.given(registered()).when(classify({ qualifying: false }), at('2026-03-03')).thenRefused('invalid-classification');
    spec.given(registered()).when(classify({ competence: 'outside' }), at('2026-03-03')).thenRefused('invalid-classification');
  });

  it('refuses a đơn that was never registered', () => {
    spec.given().when(classify(), at('2026-03-03')).thenRefused('don-not-found');
  });
});

describe('processing outcomes', () => {
  const classified = (overrides: Parameters<typeof classify>[0] = {}, reg: Partial<RegisterDon> = {}) =>
    spec.history([
      [register(reg), at('2026-03-02')],
      [classify(overrides), at('2026-03-03')],
    ]);

  it('accepts a qualifying complaint within competence into a complaint case', () => {
    spec
      .given(classified())
      .when({ type: 'AcceptDonIntoCase', donId, caseId: 'case-1', kind: 'complaint-first' }, at('2026-03-04'))
      .then([
        {
          type: 'DonAcceptedIntoCase',
          data: { donId, at: at('2026-03-04'), caseId: 'case-1', kind: 'complaint-first', acceptedAt: at('2026-03-04'), matterId },
        },
      ]);
  });

  it.each([
    ['an unclassified đơn', () => spec.history([[register(), at('2026-03-02')]]), 'complaint-first', 'don-not-classified'],
    ['a non-qualifying đơn', () => classified({ qualifying: false, notQualifyingReason: 'Không ký tên' }), 'complaint-first', 'don-not-qualifying'],
    ['a đơn outside competence', () => classified({ competence: 'outside', competentBody: 'UBND tỉnh' }), 'complaint-first', 'don-outside-competence'],
    ['a đơn of several contents', () => classified({ content: 'several' }), 'complaint-first', 'don-several-contents'],
    ['a complaint into a denunciation case', () => classified(), 'denunciation', 'case-kind-mismatch'],
    ['an unknown case kind', () => classified(), 'no-such-kind', 'case-kind-mismatch'],
  ] as const)('refuses to accept %s', (_what, given, kind, code) => {
    spec.given(given()).when({ type: 'AcceptDonIntoCase', donId, caseId: 'case-1', kind }, at('2026-03-04')).thenRefused(code);
  });

  it('guides the citizen with the guidance document, once: a processed đơn takes no second outcome', () => {
    const guided = spec
      .given(classified({ competence: 'outside', competentBody: 'Tòa án nhân dân tỉnh' }))
      .when({ type: 'GuideCitizen', donId, documentNo: '12/HD-TTr', toBody: 'Tòa án nhân dân tỉnh' }, at('2026-03-05'))
      .then([
        {
          type: 'CitizenGuided',
          data: { donId, at: at('2026-03-05'), documentNo: '12/HD-TTr', documentDate: '2026-03-05', toBody: 'Tòa án nhân dân tỉnh', content: 'complaint' },
        },
      ]);
    spec
      .given([...classified({ competence: 'outside', competentBody: 'Tòa án nhân dân tỉnh' }), ...guided])
      .when({ type: 'ArchiveDon', donId, ground: 'already-handled' }, at('2026-03-06'))
      .thenRefused('don-already-processed');
  });

  it('refuses guidance on an anonymous đơn (no citizen to guide)', () => {
    spec
      .given(classified({}, { anonymous: true, signers: 0, parties: [] }))
      .when({ type: 'GuideCitizen', donId, documentNo: '12/HD-TTr' }, at('2026-03-05'))
      .thenRefused('don-anonymous');
  });

  it('forwards a đơn outside competence, and refuses to forward one within', () => {
    spec
      .given(classified({ content: 'denunciation', competence: 'outside', competentBody: 'Sở Xây dựng' }))
      .when({ type: 'ForwardDon', donId, toBody: 'Sở Xây dựng', documentNo: '15/CV-TTr', documentDate: '2026-03-04' }, at('2026-03-05'))
      .then([
        {
          type: 'DonForwarded',
          data: { donId, at: at('2026-03-05'), documentNo: '15/CV-TTr', documentDate: '2026-03-04', toBody: 'Sở Xây dựng', content: 'denunciation' },
        },
      ]);
    spec.given(classified()).when({ type: 'ForwardDon', donId, toBody: 'Sở Xây dựng', documentNo: '15/CV-TTr' }, at('2026-03-05')).thenRefused('don-within-competence');
  });

  it('refuses a document dated before the receipt or after today', () => {
    spec.given(classified()).when({ type: 'ArchiveDon', donId, ground: 'not-qualifying', documentDate: '2026-03-01' }, at('2026-03-05')).thenRefused('invalid-date');
    spec.given(classified()).when({ type: 'ArchiveDon', donId, ground: 'not-qualifying', documentDate: '2026-03-06' }, at('2026-03-05')).thenRefused('invalid-date');
  });

  it('urges a lower level, again while it stays overdue', () => {
    const first = spec.history([
      [register(), at('2026-03-02')],
      [classify({ competence: 'outside', competentBody: 'UBND xã An Bình' }), at('2026-03-03')],
      [{ type: 'UrgeLowerLevel', donId, body: 'UBND xã An Bình', documentNo: '20/CV-TTr' }, at('2026-03-04')],
    ]);
    spec
      .given(first)
      .when({ type: 'UrgeLowerLevel', donId, body: 'UBND xã An Bình', documentNo: '25/CV-TTr' }, at('2026-03-10'))
      .then([{ type: 'LowerLevelUrged', data: { donId, at: at('2026-03-10'), documentNo: '25/CV-TTr', documentDate: '2026-03-10', body: 'UBND xã An Bình' } }]);
    expect(foldDon(first)).toMatchObject({ status: 'processed', outcome: { type: 'LowerLevelUrged', on: '2026-03-04' }, urged: 1 });
  });

  it('asks to split only a đơn of several contents', () => {
    spec
      .given(classified({ content: 'several' }))
      .when({ type: 'RequestDonSplit', donId }, at('2026-03-05'))
      .then([{ type: 'DonSplitRequested', data: { donId, at: at('2026-03-05'), documentDate: '2026-03-05' } }]);
    spec.given(classified()).when({ type: 'RequestDonSplit', donId }, at('2026-03-05')).thenRefused('don-not-several-contents');
  });

  it('archives with a ground of TT 05/2021 art. 28, and refuses an unknown ground', () => {
    spec
      .given(classified({ qualifying: false, notQualifyingReason: 'Không ghi địa chỉ' }))
      .when({ type: 'ArchiveDon', donId, ground: 'not-qualifying' }, at('2026-03-05'))
      .then([{ type: 'DonArchived', data: { donId, at: at('2026-03-05'), ground: 'not-qualifying', documentDate: '2026-03-05' } }]);
    spec.given(classified()).when({ type: 'ArchiveDon', donId, ground: 'tired' }, at('2026-03-05')).thenRefused('invalid-ground');
  });

  it('attaches a repeat to an existing case or an earlier đơn, joining their matter', () => {
    spec
      .given(spec.history([[register(), at('2026-03-02')]]))
      .when({ type: 'AttachDonToCase', donId, caseId: 'case-9', matterId: 'matter-9' }, at('2026-03-03'))
      .then([{ type: 'DonAttachedToCase', data: { donId, at: at('2026-03-03'), caseId: 'case-9', matterId: 'matter-9' } }]);
    spec
      .given(spec.history([[register(), at('2026-03-02')]]))
      .when({ type: 'AttachDonToDon', donId, toDonId: 'don-0', matterId: 'matter-0' }, at('2026-03-03'))
      .then([{ type: 'DonAttachedToDon', data: { donId, at: at('2026-03-03'), toDonId: 'don-0', matterId: 'matter-0' } }]);
    spec
      .given(spec.history([[register(), at('2026-03-02')]]))
      .when({ type: 'AttachDonToDon', donId, toDonId: donId, matterId }, at('2026-03-03'))
      .thenRefused('invalid-attachment');
  });
});

describe('a referred đơn', () => {
  const referrer = { body: 'Đoàn ĐBQH tỉnh', documentNo: '45/ĐĐBQH', documentDate: '2026-02-27' };
  const guided = () =>
    spec.history([
      [register({ source: { kind: 'referral', referrer } }), at('2026-03-02')],
      [classify({ competence: 'outside', competentBody: 'UBND tỉnh' }), at('2026-03-03')],
      [{ type: 'GuideCitizen', donId, documentNo: '12/HD-TTr' }, at('2026-03-05')],
    ]);

  it('answers the referrer within 7 working days of resolution (Luật TCD art. 27(2)): due 16/03/2026', () => {
    spec
      .given(guided())
      .when({ type: 'AnswerReferrer', donId, documentNo: '30/TB-TTr' }, at('2026-03-16'))
      .then([
        {
          type: 'ReferrerAnswered',
          data: { donId, at: at('2026-03-16'), documentNo: '30/TB-TTr', documentDate: '2026-03-16', resolvedOn: '2026-03-05', dueOn: '2026-03-16', late: false, rule: 'TCD.REFERRER.ANSWER' },
        },
      ]);
  });

  it('flags an answer after the due date as late, and refuses a second answer', () => {
    const [answered] = spec.given(guided()).when({ type: 'AnswerReferrer', donId, documentNo: '30/TB-TTr' }, at('2026-03-17')).thenMatches([{ type: 'ReferrerAnswered', data: { late: true } }]);
    spec.given([...guided(), answered!]).when({ type: 'AnswerReferrer', donId, documentNo: '31/TB-TTr' }, at('2026-03-18')).thenRefused('referrer-already-answered');
  });

  it('needs the resolution date of the case a đơn was accepted into', () => {
    const accepted = spec.history([
      [register({ source: { kind: 'referral', referrer } }), at('2026-03-02')],
      [classify(), at('2026-03-03')],
      [{ type: 'AcceptDonIntoCase', donId, caseId: 'case-1', kind: 'complaint-first' }, at('2026-03-04')],
    ]);
    spec.given(accepted).when({ type: 'AnswerReferrer', donId, documentNo: '30/TB-TTr' }, at('2026-04-20')).thenRefused('invalid-date');
    spec
      .given(accepted)
      .when({ type: 'AnswerReferrer', donId, documentNo: '30/TB-TTr', resolvedOn: '2026-04-10' }, at('2026-04-20'))
      .thenMatches([{ type: 'ReferrerAnswered', data: { resolvedOn: '2026-04-10', dueOn: '2026-04-21', late: false } }]);
  });

  it('refuses to answer before processing, or for a đơn nobody referred', () => {
    spec
      .given(spec.history([[register({ source: { kind: 'referral', referrer } }), at('2026-03-02')]]))
      .when({ type: 'AnswerReferrer', donId, documentNo: '30/TB-TTr' }, at('2026-03-05'))
      .thenRefused('don-not-processed');
    spec.given(spec.history([[register(), at('2026-03-02')]])).when({ type: 'AnswerReferrer', donId, documentNo: '30/TB-TTr' }, at('2026-03-05')).thenRefused('don-not-referred');
  });
});

describe('the citizen key of a confidential signer', () => {
  const complainant = { role: 'complainant', name: 'Nguyễn Thị Ánh', confidential: false };

  it('is matched for an open signer, and for nobody when the signer is a denouncer or asked for secrecy', () => {
    expect(openCitizenKey('ck-1', [{ role: 'respondent', name: 'UBND xã', confidential: false }, complainant])).toBe('ck-1');
    expect(openCitizenKey('ck-1', [{ role: 'denouncer', name: '[bí mật]', confidential: true }])).toBeUndefined();
    // A form that forgot the flag: a denouncer is confidential whatever it says (Luật Tố cáo 2018, art. 47).
    expect(openCitizenKey('ck-1', [{ role: 'denouncer', name: 'Phan Văn Khải', confidential: false }])).toBeUndefined();
    expect(openCitizenKey('ck-1', [{ ...complainant, confidential: true }])).toBeUndefined();
  });

  it('records guidance for the content alone, the same for every confidential signer', () => {
    expect(guidanceCitizenOf('ck-1', [complainant])).toBe('ck-1');
    expect(guidanceCitizenOf('ck-1', [{ role: 'denouncer', name: '[bí mật]', confidential: true }])).toBe(guidanceCitizenOf('ck-2', [{ role: 'denouncer', name: '[bí mật]', confidential: true }]));
  });
});
