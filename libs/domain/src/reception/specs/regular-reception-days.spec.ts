import { loadSpecEngine } from '../../testing/spec-engine';
import { regularSessionsBetween, type RegularReceptionDays } from '../regular-reception-days';

const { calendar } = loadSpecEngine('petition');
const soTnmt: RegularReceptionDays = { weekly: ['thursday'], monthly: [{ day: 20, place: 'Ban Tiếp công dân tỉnh' }] };

describe("Sở TN&MT's fixed days: every Thursday, and the 20th at the provincial reception office", () => {
  it('lists the Thursdays and the 20th of March 2026', () => {
    expect(regularSessionsBetween(soTnmt, '2026-03-01', '2026-03-31', calendar)).toEqual([
      { date: '2026-03-05', place: 'Trụ sở tiếp công dân' },
      { date: '2026-03-12', place: 'Trụ sở tiếp công dân' },
      { date: '2026-03-19', place: 'Trụ sở tiếp công dân' },
      { date: '2026-03-20', place: 'Ban Tiếp công dân tỉnh' },
      { date: '2026-03-26', place: 'Trụ sở tiếp công dân' },
    ]);
  });

  it('moves Thursday 19/02/2026 and Friday 20/02 (Tết) to Monday 23/02, and Thursday 30/04 to Monday 04/05', () => {
    // The Tết Bính Ngọ break runs 14/02–22/02/2026: Thursday 19/02 and the 20th both move to Monday 23/02.
    expect(regularSessionsBetween(soTnmt, '2026-02-16', '2026-02-28', calendar)).toEqual([
      { date: '2026-02-23', place: 'Ban Tiếp công dân tỉnh', movedFrom: '2026-02-20', movedBecause: expect.stringContaining('Tết') },
      { date: '2026-02-23', place: 'Trụ sở tiếp công dân', movedFrom: '2026-02-19', movedBecause: expect.stringContaining('Tết') },
      { date: '2026-02-26', place: 'Trụ sở tiếp công dân' },
    ]);
    expect(regularSessionsBetween(soTnmt, '2026-04-27', '2026-05-08', calendar).map((s) => [s.date, s.movedFrom])).toEqual([
      ['2026-05-04', '2026-04-30'],
      ['2026-05-07', undefined],
    ]);
  });

  it('moves a 20th on a Sunday to Monday the 21st (September 2026)', () => {
    expect(regularSessionsBetween({ weekly: [], monthly: [{ day: 20 }] }, '2026-09-01', '2026-09-30', calendar)).toEqual([
      { date: '2026-09-21', place: 'Trụ sở tiếp công dân', movedFrom: '2026-09-20', movedBecause: 'Nghỉ cuối tuần' },
    ]);
  });
});
