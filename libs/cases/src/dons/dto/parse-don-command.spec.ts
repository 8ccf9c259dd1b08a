import { CommandValidationError } from '../../dto/command-validation.error';
import { parseDonCommand, parseRegisterDon } from './parse-don-command';

const body = {
  department: 'so-tnmt',
  source: { kind: 'referral', referrer: { body: 'Đoàn ĐBQH tỉnh', documentNo: '45/ĐĐBQH', documentDate: '2026-02-27' } },
  receivedOn: '2026-03-02',
  signers: 1,
  anonymous: false,
  parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh'.normalize('NFD'), confidential: false }],
  subject: '  Khiếu nại quyết định thu hồi đất ',
  content: 'Nội dung',
};

const errorsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandValidationError) return error.errors.map((e) => e.field);
    throw error;
  }
  return [];
};

describe('a đơn registration body', () => {
  it('becomes a RegisterDon with every string NFC and trimmed', () => {
    const command = parseRegisterDon(body);
    expect(command).toMatchObject({ type: 'RegisterDon', subject: 'Khiếu nại quyết định thu hồi đất', parties: [{ name: 'Nguyễn Thị Ánh'.normalize('NFC') }] });
    expect(command.source.referrer?.documentDate).toBe('2026-02-27');
  });

  it('is refused field by field: an unknown source, negative signers, a malformed referrer date, an unknown field', () => {
    expect(errorsOf(() => parseRegisterDon({ ...body, source: { kind: 'fax' } }))).toEqual(['source.kind']);
    expect(errorsOf(() => parseRegisterDon({ ...body, signers: -1 }))).toEqual(['signers']);
    expect(errorsOf(() => parseRegisterDon({ ...body, source: { kind: 'referral', referrer: { ...body.source.referrer, documentDate: '27/02/2026' } } }))).toEqual([
      'source.referrer.documentDate',
    ]);
    expect(errorsOf(() => parseRegisterDon({ ...body, matterId: 'x' }))).toEqual(['matterId']);
  });
});

describe('a command on a registered đơn', () => {
  it('names its đơn from the route and takes only its own fields', () => {
    expect(parseDonCommand('guide', 'C1F7A3DE-3C51-4A57-8F0E-0A3B8D6B5E01', { documentNo: '12/HD-TTr' })).toEqual({
      type: 'GuideCitizen',
      donId: 'c1f7a3de-3c51-4a57-8f0e-0a3b8d6b5e01',
      documentNo: '12/HD-TTr',
    });
    expect(errorsOf(() => parseDonCommand('archive', 'c1f7a3de-3c51-4a57-8f0e-0a3b8d6b5e01', { ground: 'tired' }))).toEqual(['ground']);
    expect(errorsOf(() => parseDonCommand('classify', 'c1f7a3de-3c51-4a57-8f0e-0a3b8d6b5e01', { content: 'complaint', qualifying: 'yes', competence: 'within' }))).toEqual([
      'qualifying',
    ]);
  });
});
