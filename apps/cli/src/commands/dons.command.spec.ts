import * as path from 'node:path';
import { createVietnamCalendar } from '@kntc/workflow/loader';
import { UsageError } from '../shared/cli-errors';
import { donDueDate } from './dons.command';

const calendar = createVietnamCalendar(path.resolve(__dirname, '../../../../workflows/calendars'), { makeUpSaturdaysAreWorkingDays: true });

describe('kntc dons due-date', () => {
  it('prints the processing limit with the rule, its citation and the doubt about its unit', () => {
    expect(donDueDate(calendar, { received: '2026-03-04' })).toEqual({
      clock: 'processing',
      from: '2026-03-04',
      rule: expect.objectContaining({ id: 'XLD.PROCESS.10D', validFrom: '2021-11-15', validTo: null, doubt: expect.stringMatching(/unconfirmed/i) }),
      dueDate: '2026-03-16',
      provisional: false,
    });
  });

  it('prints no limit for a đơn received before TT 05/2021, and the referrer answer 7 working days after resolution', () => {
    expect(donDueDate(calendar, { received: '2014-05-12' })).toMatchObject({ rule: { id: 'XLD.NONE.BEFORE-TT05' }, dueDate: null });
    expect(donDueDate(calendar, { resolved: '2026-03-05' })).toMatchObject({ clock: 'referrer-answer', rule: { id: 'TCD.REFERRER.ANSWER' }, dueDate: '2026-03-16' });
  });

  it('refuses both or neither date, and a date that does not exist', () => {
    expect(() => donDueDate(calendar, {})).toThrow(UsageError);
    expect(() => donDueDate(calendar, { received: '2026-03-04', resolved: '2026-03-05' })).toThrow(UsageError);
    expect(() => donDueDate(calendar, { received: '2026-02-30' })).toThrow(UsageError);
  });
});
