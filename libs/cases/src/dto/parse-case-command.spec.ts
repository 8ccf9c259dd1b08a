import { parseCaseCommand } from './parse-case-command';
import { CASE_ID, errorsOf, filingBody } from './testing/request-bodies';


describe('parseCaseCommand: a valid body', () => {
  it('becomes the command with its type and the case id', () => {
    expect(parseCaseCommand('AcceptCase', CASE_ID, { documentNo: '12/TB-TTr', documentDate: '2026-03-02' })).toEqual({
      type: 'AcceptCase',
      caseId: CASE_ID,
      documentNo: '12/TB-TTr',
      documentDate: '2026-03-02',
    });
  });

  it('leaves absent optional fields absent', () => {
    expect(parseCaseCommand('CloseCase', CASE_ID, {})).toEqual({ type: 'CloseCase', caseId: CASE_ID });
  });

  it('normalises every string, nested ones too, to trimmed NFC', () => {
    const command = parseCaseCommand('FileCase', CASE_ID, filingBody({
      subject: ' Khiếu nại '.normalize('NFD'),
      parties: [{ role: 'complainant', name: '  Nguyễn Thị Ánh'.normalize('NFD'), confidential: false }],
    }));
    expect(command).toMatchObject({ subject: 'Khiếu nại'.normalize('NFC'), parties: [{ name: 'Nguyễn Thị Ánh'.normalize('NFC') }] });
  });
});

describe('parseCaseCommand: a filing and its case id', () => {
  it('uses the fallback id when the body names none', () => {
    expect(parseCaseCommand('FileCase', CASE_ID, filingBody()).caseId).toBe(CASE_ID);
  });

  it("uses the body's id, in lower case, when it names one", () => {
    const own = 'A1B2C3D4-0000-4000-8000-000000000001';
    expect(parseCaseCommand('FileCase', CASE_ID, filingBody({ caseId: own })).caseId).toBe(own.toLowerCase());
  });

  it('refuses a body id that is not a UUID', () => {
    expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({ caseId: 'case-1' })))).toEqual([{ field: 'caseId', message: 'Phải là UUID.' }]);
  });

  it('refuses a case id that is not a UUID for any other command', () => {
    expect(errorsOf(() => parseCaseCommand('AcceptCase', 'case-1', {}))).toEqual([{ field: 'caseId', message: 'Mã hồ sơ phải là UUID.' }]);
  });
});

describe('parseCaseCommand: an invalid body', () => {
  it('refuses unknown fields, nested ones by their path', () => {
    const errors = errorsOf(() =>
      parseCaseCommand('FileCase', CASE_ID, filingBody({ priority: 'high', parties: [{ role: 'complainant', name: 'A', confidential: false, age: 40 }] })),
    );
    expect(errors).toEqual([
      { field: 'priority', message: 'Trường này không được phép.' },
      { field: 'parties.0.age', message: 'Trường này không được phép.' },
    ]);
  });

  it('refuses null for an optional field: absent is the way to leave it out', () => {
    expect(errorsOf(() => parseCaseCommand('AcceptCase', CASE_ID, { documentDate: null }))).toEqual([
      { field: 'documentDate', message: 'Phải là một ngày có thật, dạng YYYY-MM-DD.' },
    ]);
  });

  it('refuses dates that do not exist and other formats', () => {
    for (const date of ['2026-02-29', '2026-13-01', '02/03/2026', '2026-3-2']) {
      expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({ receivedOn: date })))).toEqual([
        { field: 'receivedOn', message: 'Phải là một ngày có thật, dạng YYYY-MM-DD.' },
      ]);
    }
  });

  it('refuses texts that are empty once trimmed, or over their limit', () => {
    expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({ subject: '   ', content: 'x'.repeat(20_001) })))).toEqual([
      { field: 'subject', message: 'Không được để trống.' },
      { field: 'content', message: 'Tối đa 20000 ký tự.' },
    ]);
  });

  it('refuses values outside the domain enums', () => {
    expect(errorsOf(() => parseCaseCommand('DetermineComplexity', CASE_ID, { criteria: ['a', 'z'], reason: 'x' }))).toEqual([
      { field: 'criteria', message: 'Mỗi phần tử phải là một trong: a, b, c, d, e, f, g.' },
    ]);
    expect(errorsOf(() => parseCaseCommand('ReportVerification', CASE_ID, { summary: 'x', finding: 'maybe' }))).toEqual([
      { field: 'finding', message: 'Phải là một trong: right, partly-right, wrong.' },
    ]);
  });

  it('refuses a filing without parties and a party that is not an object', () => {
    expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({ parties: [] })))).toEqual([{ field: 'parties', message: 'Cần ít nhất 1 phần tử.' }]);
    expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({ parties: ['Nguyễn Thị Ánh'] })))).toEqual([
      { field: 'parties.0', message: 'Phải là một đối tượng JSON.' },
    ]);
  });

  it('refuses a body that is not a JSON object', () => {
    for (const body of [undefined, null, [], 'text', 42]) {
      expect(errorsOf(() => parseCaseCommand('AcceptCase', CASE_ID, body))).toEqual([{ field: '', message: 'Nội dung yêu cầu phải là một đối tượng JSON.' }]);
    }
  });

  it('refuses keys that reach an object prototype', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(errorsOf(() => parseCaseCommand('AcceptCase', CASE_ID, body))).toEqual([{ field: '__proto__', message: 'Trường này không được phép.' }]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses nesting deeper than any command, without exhausting the stack', () => {
    const deep = JSON.parse(`{"note": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(errorsOf(() => parseCaseCommand('AcceptCase', CASE_ID, deep))[0]).toEqual({ field: expect.stringMatching(/^note(\.0)+$/), message: 'Dữ liệu lồng nhau quá sâu.' });
  });
});
