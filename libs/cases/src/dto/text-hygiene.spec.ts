import { parseCaseCommand } from './parse-case-command';
import { CASE_ID, errorsOf, filingBody } from './testing/request-bodies';


const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['only zero-width characters', '\u200B\u200C\u200D\uFEFF'],
  ['only a word joiner and soft hyphens', '\u2060\u00AD\u00AD'],
  ['only Hangul fillers', '\u3164\u115F'],
  ['only combining marks', '\u0301\u0303'],
  ['a right-to-left override', 'Nguyễn\u202EnÁ ịhT'],
  ['a left-to-right embedding', '\u202ANguyễn Thị Ánh\u202C'],
  ['a first-strong isolate', 'Nguyễn \u2068Thị\u2069 Ánh'],
  ['a NUL', 'Nguyễn\u0000 Thị Ánh'],
  ['a bell and an escape', 'Nguyễn\u0007 Thị\u001B[2J Ánh'],
  ['a C1 control', 'Nguyễn\u0085Thị Ánh'],
  ['DEL', 'Nguyễn\u007FThị Ánh'],
  ['a lone high surrogate', 'Nguyễn \uD800 Ánh'],
  ['a lone low surrogate', '\uDC00Nguyễn Thị Ánh'],
  ['a line break in a one-line field', 'Nguyễn\nThị Ánh'],
  ['a tab in a one-line field', 'Nguyễn\tThị Ánh'],
];

describe('free text at the request boundary', () => {
  it.each(HOSTILE)('refuses a party name with %s, naming the field', (_label, name) => {
    expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({}, { name })))).toEqual([{ field: 'parties.0.name', message: expect.any(String) }]);
  });

  it.each(HOSTILE.filter(([label]) => !label.includes('one-line')))('refuses a subject, a content and an address with %s', (_label, text) => {
    for (const [field, body] of [
      ['subject', filingBody({ subject: text })],
      ['content', filingBody({ content: text })],
      ['parties.0.address', filingBody({}, { address: text })],
    ] as const) {
      expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, body)).map((e) => e.field)).toEqual([field]);
    }
  });

  it.each(HOSTILE.filter(([label]) => !label.includes('one-line')))('refuses a reason with %s', (_label, reason) => {
    expect(errorsOf(() => parseCaseCommand('WithdrawCase', CASE_ID, { reason })).map((e) => e.field)).toEqual(['reason']);
  });

  it('says in Vietnamese what is wrong', () => {
    expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({}, { name: '\u200B\u200B' })))[0]!.message).toMatch(/trống|nhìn thấy/);
    expect(errorsOf(() => parseCaseCommand('FileCase', CASE_ID, filingBody({}, { name: 'A\u202EB' })))[0]!.message).toMatch(/ký tự/);
  });

  it('keeps line breaks and tabs in long text, a Windows line break as \\n', () => {
    const command = parseCaseCommand('FileCase', CASE_ID, filingBody({ content: 'Dòng một\r\n\tDòng hai\rDòng ba' }));
    expect(command).toMatchObject({ content: 'Dòng một\n\tDòng hai\nDòng ba' });
    expect(parseCaseCommand('WithdrawCase', CASE_ID, { reason: 'Người khiếu nại\nrút đơn' })).toMatchObject({ reason: 'Người khiếu nại\nrút đơn' });
  });

  const VIETNAMESE_NAMES = ['Nguyễn Thị Ánh', 'Trần Đức Lương', 'Lê Thị Hồng Hạnh', 'Phạm Ngọc Thạch', 'Đặng Thùy Trâm', 'Hồ Xuân Hương', 'Vũ Trọng Phụng', 'Ưng Hoàng Phúc', 'Bùi Thị Xuân', 'Ngô Bảo Châu'];

  it.each(VIETNAMESE_NAMES.flatMap((name) => [[name, 'NFC'], [name, 'NFD']] as const))('accepts %s in %s, stored as NFC', (name, form) => {
    const sent = name.normalize(form);
    const command = parseCaseCommand('FileCase', CASE_ID, filingBody({ subject: `Đơn của ${sent}`, content: `Tôi là ${sent}.\nĐịa chỉ: phường Hòa Bình.` }, { name: sent, address: `Số 12 Lê Lợi, ${sent}` }));
    expect(command).toMatchObject({ subject: `Đơn của ${name.normalize('NFC')}`, parties: [{ name: name.normalize('NFC') }] });
  });

  it('accepts what people write: names with an emoji, a joined family emoji, a Zero Width Joiner between letters, quotes and dashes', () => {
    for (const name of ['Công ty TNHH Hòa Bình 🌿', 'Nhóm hộ dân 👨‍👩‍👧', 'Nguyễn “Út” Văn – Tám', "O'Brien, Jean-Pierre"]) {
      expect(parseCaseCommand('FileCase', CASE_ID, filingBody({}, { name }))).toMatchObject({ parties: [{ name }] });
    }
  });

  it('refuses hostile text in any string field, a code too, with its path', () => {
    expect(errorsOf(() => parseCaseCommand('AssignInspector', CASE_ID, { inspectorId: 'tnmt-\u0000inspector' })).map((e) => e.field)).toEqual(['inspectorId']);
  });
});
