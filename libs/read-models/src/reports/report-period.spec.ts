import { parseReportPeriod, resolveReportWindow, ReportRequestError } from './report-period';

describe('an official reporting period asked by name (TT 01/2024/TT-TTCP data cut-off)', () => {
  it.each([
    ['2026-Q1', '2025-12-15', '2026-03-14'],
    ['2026-Q2', '2026-03-15', '2026-06-14'],
    ['2026-Q3', '2026-06-15', '2026-09-14'],
    ['2026-Q4', '2026-09-15', '2026-12-14'],
    ['2026-6M', '2025-12-15', '2026-06-14'],
    ['2026-9M', '2025-12-15', '2026-09-14'],
    ['2026-year', '2025-12-15', '2026-12-14'],
  ])('%s runs from %s to %s', (name, from, to) => {
    expect(parseReportPeriod(name)).toEqual({ name, from, to });
  });

  it('takes the name in any letter case and answers with its official spelling', () => {
    expect(parseReportPeriod('2027-q1')).toEqual({ name: '2027-Q1', from: '2026-12-15', to: '2027-03-14' });
    expect(parseReportPeriod('2026-YEAR').name).toBe('2026-year');
  });

  it.each(['2026-Q5', '2026', 'Q1-2026', '26-Q1', '2026-12M', ''])('refuses "%s" with invalid-period and the accepted forms', (name) => {
    let error: unknown;
    try {
      parseReportPeriod(name);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReportRequestError);
    expect(error).toMatchObject({ code: 'invalid-period', field: 'period' });
    expect((error as Error).message).toContain('2026-9M');
  });

  // Years the working calendar cannot count were a RangeError (a 500 from the API, exit 1 from the CLI).
  it.each(['0000-year', '0001-Q1', '0000-6M', '0099-Q4', '1800-Q1', '2200-Q1', '9999-year', '0100-9M'])(
    'refuses "%s", a year the engine cannot count, with invalid-period naming the years it can',
    (name) => {
      expect(() => parseReportPeriod(name)).toThrow(expect.objectContaining({ name: 'ReportRequestError', code: 'invalid-period', field: 'period' }));
      expect(() => parseReportPeriod(name)).toThrow(/1801.*2199/);
    },
  );

  it('takes the first and last years the engine can count', () => {
    expect(parseReportPeriod('1801-Q1')).toEqual({ name: '1801-Q1', from: '1800-12-15', to: '1801-03-14' });
    expect(parseReportPeriod('2199-year')).toEqual({ name: '2199-year', from: '2198-12-15', to: '2199-12-14' });
  });
});

describe('the window of a report request', () => {
  it('is the named period, taken as of its last day unless asOf is given', () => {
    expect(resolveReportWindow({ period: '2026-Q2' })).toEqual({ name: '2026-Q2', from: '2026-03-15', to: '2026-06-14', asOf: '2026-06-14' });
    expect(resolveReportWindow({ period: '2026-Q2', asOf: '2026-05-01' }).asOf).toBe('2026-05-01');
  });

  it('is the given dates, with no name', () => {
    expect(resolveReportWindow({ from: '2026-01-01', to: '2026-01-31', asOf: '2026-12-31' })).toEqual({
      name: null,
      from: '2026-01-01',
      to: '2026-01-31',
      asOf: '2026-12-31',
    });
  });

  it.each([
    [{ period: '2026-Q1', from: '2026-01-01' }, 'invalid-period', 'period'],
    [{}, 'invalid-period', 'from'],
    [{ from: '2026-01-01' }, 'invalid-period', 'to'],
    [{ from: '2026-02-01', to: '2026-01-31' }, 'invalid-period', 'to'],
    [{ from: '2026-02-30', to: '2026-03-31' }, 'invalid-date', 'from'],
    [{ from: '2026-01-01', to: '31/03/2026' }, 'invalid-date', 'to'],
    [{ period: '2026-Q2', asOf: '2026-6-1' }, 'invalid-date', 'asOf'],
    [{ period: '2026-Q2', asOf: '2026-03-14' }, 'invalid-date', 'asOf'],
    [{ from: '0000-01-01', to: '2026-01-31' }, 'invalid-date', 'from'],
    [{ from: '1799-12-31', to: '2026-01-31' }, 'invalid-date', 'from'],
    [{ from: '2026-01-01', to: '2200-01-01' }, 'invalid-date', 'to'],
    [{ from: '2026-01-01', to: '9999-12-31' }, 'invalid-date', 'to'],
    [{ period: '2026-Q2', asOf: '2200-01-01' }, 'invalid-date', 'asOf'],
    [{ period: '2026-Q2', asOf: '9999-12-31' }, 'invalid-date', 'asOf'],
  ])('refuses %j with %s on %s', (request, code, field) => {
    expect(() => resolveReportWindow(request)).toThrow(expect.objectContaining({ code, field }));
  });
});
