import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkflowRegistry } from '../definition/workflow-registry';
import { clockRuleOn } from '../definition/workflow.types';
import { WorkflowValidationError, findWorkflowSchemaFile, loadWorkflowFile, loadWorkflows } from './workflow.loader';

const WORKFLOWS_DIR = path.dirname(findWorkflowSchemaFile());
const COMPLAINT_FIRST = fs.readFileSync(path.join(WORKFLOWS_DIR, 'complaint-first.yaml'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-wf-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** complaint-first.yaml with each `[find, replace]` applied; a `find` that is not in the file fails the test. */
function variant(edits: readonly (readonly [string, string])[]): string {
  return edits.reduce((text, [find, replace]) => {
    if (!text.includes(find)) throw new Error(`complaint-first.yaml no longer contains ${JSON.stringify(find)}`);
    return text.replace(find, replace);
  }, COMPLAINT_FIRST);
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function validationError(action: () => unknown): WorkflowValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error;
    throw error;
  }
  throw new Error('expected a WorkflowValidationError');
}

function lineOf(text: string, fragment: string): number {
  return text.slice(0, text.indexOf(fragment)).split('\n').length;
}

describe('the workflow files in workflows/', () => {
  const definitions = loadWorkflows(WORKFLOWS_DIR);
  const registry = new WorkflowRegistry(definitions);

  it('all load, one definition per file', () => {
    const files = fs.readdirSync(WORKFLOWS_DIR).filter((name) => /\.ya?ml$/.test(name));
    expect(definitions).toHaveLength(files.length);
  });

  it('define the four case kinds', () => {
    expect(registry.kinds()).toEqual(['complaint-first', 'complaint-second', 'denunciation', 'petition']);
  });

  it('give complaint acceptance 10 working days until 2026-06-30 and 7 from 2026-07-01 (NĐ 155/2026)', () => {
    for (const kind of ['complaint-first', 'complaint-second']) {
      expect(registry.latest(kind).clocks['acceptance'].rules).toEqual([
        expect.objectContaining({ id: 'KN.ACCEPT.10WD', validFrom: '2012-07-01', validTo: '2026-06-30', unit: 'working-days', length: { default: 10 } }),
        expect.objectContaining({ id: 'KN.ACCEPT.7WD', validFrom: '2026-07-01', unit: 'working-days', length: { default: 7 } }),
      ]);
      expect(registry.latest(kind).clocks['acceptance'].rules[1].validTo).toBeUndefined();
    }
  });

  it('allow a complex denunciation one 30-day extension and an especially complex one two (Luật Tố cáo art. 30)', () => {
    expect(registry.latest('denunciation').clocks['resolution'].rules.find((r) => r.id === 'TC.RESOLVE')).toMatchObject({
      validFrom: '2019-01-01',
      extension: { length: 30, max: { default: 0, complex: 1, especiallyComplex: 2 } },
    });
  });

  it('follow Luật Tố cáo 2011 for a denunciation received from 2012-07-01 to 2018-12-31', () => {
    const clocks = registry.latest('denunciation').clocks;
    expect(clockRuleOn(clocks['screening'], '2018-12-31')).toMatchObject({ id: 'TC2011.SCREEN', unit: 'calendar-days', length: { default: 10 } });
    expect(clockRuleOn(clocks['screening'], '2019-01-01')).toMatchObject({ id: 'TC.SCREEN' });
    expect(clockRuleOn(clocks['resolution'], '2014-05-12')).toMatchObject({ id: 'TC2011.RESOLVE', length: { default: 60, complex: 90 } });
    expect(clockRuleOn(clocks['handling'], '2016-03-01')).toMatchObject({ id: 'TC2011.HANDLE.NONE', noClock: true });
    expect(clockRuleOn(clocks['screening'], '2012-06-30')).toBeUndefined();
  });

  it('set no reply clock for a kiến nghị received before Luật Tiếp công dân 2013 took effect (2014-07-01)', () => {
    const reply = registry.latest('petition').clocks['reply'];
    expect(clockRuleOn(reply, '2014-06-30')).toMatchObject({ id: 'TCD.NOTIFY.NONE', noClock: true, citation: expect.stringContaining('Luật Tiếp công dân 2013') });
    expect(clockRuleOn(reply, '2014-07-01')).toMatchObject({ id: 'TCD.NOTIFY', length: { default: 10 } });
  });

  it('allow complaint suspension and resumption from 2026-07-01 only (NĐ 155/2026), denunciation suspension from the start (Luật Tố cáo 2018)', () => {
    for (const kind of ['complaint-first', 'complaint-second']) {
      for (const command of ['SuspendCase', 'ResumeCase'] as const) {
        expect(registry.latest(kind).commands[command]).toMatchObject({ validFrom: '2026-07-01', citation: expect.stringContaining('NĐ 155/2026') });
        expect(registry.latest(kind).commands[command]?.validTo).toBeUndefined();
      }
    }
    for (const kind of ['denunciation', 'petition']) {
      expect(registry.latest(kind).commands.SuspendCase?.validFrom).toBeUndefined();
      expect(registry.latest(kind).commands.ResumeCase?.validFrom).toBeUndefined();
    }
  });

  it('keep labels that contain a comma whole', () => {
    expect(registry.latest('complaint-first').stages['reviewed']).toEqual({ label: 'Đã kiểm tra, xem xét lại', final: true });
    expect(registry.latest('complaint-second').commands.ReviewCase?.label).toBe('Kiểm tra, xem xét lại');
  });
});

describe('a folder of workflow files', () => {
  it('reads .yaml and .yml files directly in it, not calendars/ or other subfolders, nor other files', () => {
    write('complaint-first.yaml', COMPLAINT_FIRST);
    write('petition.yml', fs.readFileSync(path.join(WORKFLOWS_DIR, 'petition.yaml'), 'utf8'));
    write('calendars/2026.yaml', 'year: 2026\ndays: []\n');
    write('README.md', '# not a workflow\n');
    expect(loadWorkflows(dir).map((w) => w.id)).toEqual(['complaint-first', 'petition']);
  });

  it('fails when two files define the same id and version, naming the second file and the first', () => {
    write('a.yaml', COMPLAINT_FIRST);
    const second = write('b.yaml', COMPLAINT_FIRST);
    const error = validationError(() => loadWorkflows(dir));
    expect(error).toMatchObject({ file: second, path: '/id' });
    expect(error.message).toBe(
      `${second}: /id: "complaint-first" version 1 is already defined in ${path.join(dir, 'a.yaml')} (line ${lineOf(COMPLAINT_FIRST, 'id: complaint-first')}, column 1)`,
    );
  });

  it('accepts the same id under another version', () => {
    write('a.yaml', COMPLAINT_FIRST);
    write('b.yaml', variant([['version: 1', 'version: 2']]));
    expect(new WorkflowRegistry(loadWorkflows(dir)).latest('complaint-first').version).toBe(2);
  });

  it('reports the problems of every broken file at once', () => {
    const first = write('a.yaml', variant([['roles: [intake] }', 'roles: [clerk] }']]));
    write('b.yaml', variant([['version: 1', 'version: 2']]));
    const third = write('c.yaml', variant([['id: complaint-first', 'id: complaint-third'], ['from: [filed], to: accepted', 'from: [filled], to: accepted']]));
    const error = validationError(() => loadWorkflows(dir));
    expect(error.problems.map((p) => [p.file, p.path])).toEqual([
      [first, '/commands/FileCase/roles/0'],
      [third, '/commands/AcceptCase/from/0'],
    ]);
    expect(error.message.split('\n')).toHaveLength(2);
  });

  it('fails when it holds no workflow file', () => {
    expect(() => loadWorkflows(dir)).toThrow(`no workflow files (*.yaml, *.yml) in ${dir}`);
  });

  it('fails when it does not exist', () => {
    expect(() => loadWorkflows(path.join(dir, 'missing'))).toThrow(`workflow folder not found: ${path.join(dir, 'missing')}`);
  });
});

describe('the schema file', () => {
  it('is found above the compiled dist/ folder as above src/', () => {
    const root = path.dirname(WORKFLOWS_DIR);
    expect(findWorkflowSchemaFile(path.join(root, 'dist/libs/workflow/src/loader'))).toBe(path.join(WORKFLOWS_DIR, 'workflow.schema.json'));
  });

  it('is required: without one above the code, loading stops and says how to pass it', () => {
    expect(() => findWorkflowSchemaFile(dir)).toThrow(`cannot find workflows/workflow.schema.json in any folder above ${dir}; pass options.schemaFile`);
  });

  it('can be given explicitly', () => {
    const schemaFile = write('schemas/workflow.schema.json', fs.readFileSync(path.join(WORKFLOWS_DIR, 'workflow.schema.json'), 'utf8'));
    const file = write('complaint-first.yaml', COMPLAINT_FIRST);
    expect(loadWorkflowFile(file, { schemaFile }).id).toBe('complaint-first');
  });
});

describe('a workflow file with one mistake', () => {
  it.each([
    [
      'an unknown key',
      [['filed: { label: Đã tiếp nhận đơn }', 'filed: { label: Đã tiếp nhận đơn, colour: red }']],
      '/stages/filed/colour',
      'unknown key "colour"; allowed keys: label, final',
    ],
    [
      'a missing required key',
      [['    remindBefore: [1, 0]\n', '']],
      '/clocks/decision-sending',
      'missing required key "remindBefore"',
    ],
    [
      'an unknown stage in from',
      [['AcceptCase: { label: Thụ lý, from: [filed]', 'AcceptCase: { label: Thụ lý, from: [filled]']],
      '/commands/AcceptCase/from/0',
      'unknown stage "filled"; the stages are: filed, accepted, rejected, forwarded, verifying, verification-reported, dialogue-held, decision-drafted, decision-issued, decision-sent, closed, withdrawn, terminated, reviewed',
    ],
    [
      'an unknown stage in to',
      [['to: verification-reported', 'to: verification-report']],
      '/commands/ReportVerification/to',
      'unknown stage "verification-report"; the stages are: filed, accepted, rejected, forwarded, verifying, verification-reported, dialogue-held, decision-drafted, decision-issued, decision-sent, closed, withdrawn, terminated, reviewed',
    ],
    [
      'a role that does not exist',
      [['roles: [intake] }', 'roles: [clerk] }']],
      '/commands/FileCase/roles/0',
      '"clerk" is not a known role; expected one of: intake, inspector, head, director, ubnd, supervisor, system, importer, admin',
    ],
    [
      'a command that does not exist',
      [['  CloseCase:', '  ArchiveCase:']],
      '/commands/ArchiveCase',
      expect.stringMatching(/^"ArchiveCase" is not a known command; expected one of: FileCase, AcceptCase, /),
    ],
    [
      'a clock event that does not exist',
      [['startsOn: CaseAccepted', 'startsOn: CaseAcepted']],
      '/clocks/resolution/startsOn',
      expect.stringMatching(/^"CaseAcepted" is not a known event; expected one of: CaseFiled, /),
    ],
    [
      'a date that does not exist',
      [['        validFrom: 2026-07-01', '        validFrom: 2026-02-30']],
      '/clocks/acceptance/rules/1/validFrom',
      '"2026-02-30" is not a valid date (YYYY-MM-DD)',
    ],
    [
      'a date not written YYYY-MM-DD',
      [['        validFrom: 2026-07-01', '        validFrom: 01/07/2026']],
      '/clocks/acceptance/rules/1/validFrom',
      '"01/07/2026" is not a valid date (YYYY-MM-DD)',
    ],
    [
      'a period of zero days',
      [['length: { default: 3 }', 'length: { default: 0 }']],
      '/clocks/decision-sending/rules/0/length/default',
      'must be >= 1',
    ],
    [
      'a period that is not a whole number of days',
      [['length: { default: 3 }', 'length: { default: 2.5 }']],
      '/clocks/decision-sending/rules/0/length/default',
      'must be integer, not number 2.5',
    ],
    [
      'overlapping rules',
      [['validTo: 2026-06-30', 'validTo: 2026-07-15']],
      '/clocks/acceptance/rules/1/validFrom',
      'overlaps rule KN.ACCEPT.10WD (2012-07-01 to 2026-07-15): both would apply on 2026-07-01',
    ],
    [
      'an open-ended rule followed by another',
      [['        validTo: 2026-06-30\n', '']],
      '/clocks/acceptance/rules/1/validFrom',
      'overlaps rule KN.ACCEPT.10WD (2012-07-01 to open end): both would apply on 2026-07-01',
    ],
    [
      'a gap between rules',
      [['validTo: 2026-06-30', 'validTo: 2026-06-15']],
      '/clocks/acceptance/rules/1/validFrom',
      'leaves a gap after rule KN.ACCEPT.10WD: no rule applies from 2026-06-16 to 2026-06-30',
    ],
    [
      'rules out of date order',
      [['        validFrom: 2026-07-01', '        validFrom: 2011-07-01']],
      '/clocks/acceptance/rules/1/validFrom',
      "rules must be in date order: 2011-07-01 is not after the previous rule's validFrom 2012-07-01",
    ],
    [
      'a rule that ends before it starts',
      [['        validFrom: 2026-07-01\n', '        validFrom: 2026-07-01\n        validTo: 2026-01-01\n']],
      '/clocks/acceptance/rules/1/validTo',
      '2026-01-01 is before validFrom 2026-07-01',
    ],
    [
      'a command validFrom that does not exist',
      [['    validFrom: 2026-07-01\n', '    validFrom: 2026-06-31\n']],
      '/commands/SuspendCase/validFrom',
      '"2026-06-31" is not a valid date (YYYY-MM-DD)',
    ],
    [
      'a command validTo not written YYYY-MM-DD',
      [['    validFrom: 2026-07-01\n', '    validFrom: 2026-07-01\n    validTo: 31/12/2030\n']],
      '/commands/SuspendCase/validTo',
      '"31/12/2030" is not a valid date (YYYY-MM-DD)',
    ],
    [
      'a command in force until before it starts',
      [['  AcceptCase: { label: Thụ lý, from: [filed], to: accepted, roles: [head, director] }', '  AcceptCase: { label: Thụ lý, from: [filed], to: accepted, roles: [head, director], validFrom: 2026-07-01, validTo: 2026-06-30, citation: NĐ 155/2026 }']],
      '/commands/AcceptCase/validTo',
      '2026-06-30 is before validFrom 2026-07-01, so the command is never in force',
    ],
    [
      'a command limited in time without a citation',
      [['  AcceptCase: { label: Thụ lý, from: [filed], to: accepted, roles: [head, director] }', '  AcceptCase: { label: Thụ lý, from: [filed], to: accepted, roles: [head, director], validTo: 2030-12-31 }']],
      '/commands/AcceptCase/validTo',
      'needs a citation: the legal text that limits the command in time (citation: ...)',
    ],
    [
      'a resumption in force later than the suspension',
      [['    roles: [head, director]\n    validFrom: 2026-07-01\n    citation: NĐ 155/2026, Điều 12 (Điều 28a, 28b NĐ 124/2020), hiệu lực từ 01/7/2026; Điều 22 áp dụng cả cho khiếu nại đã thụ lý trước ngày này\n  TerminateCase:',
        '    roles: [head, director]\n    validFrom: 2026-08-01\n    citation: NĐ 155/2026, Điều 12 (Điều 28a, 28b NĐ 124/2020), hiệu lực từ 01/7/2026; Điều 22 áp dụng cả cho khiếu nại đã thụ lý trước ngày này\n  TerminateCase:']],
      '/commands/ResumeCase/validFrom',
      "2026-08-01 is after SuspendCase's validFrom 2026-07-01: a case suspended in between could not resume",
    ],
    [
      'a resumption that ends',
      [['    roles: [head, director]\n    validFrom: 2026-07-01\n    citation: NĐ 155/2026, Điều 12 (Điều 28a, 28b NĐ 124/2020), hiệu lực từ 01/7/2026; Điều 22 áp dụng cả cho khiếu nại đã thụ lý trước ngày này\n  TerminateCase:',
        '    roles: [head, director]\n    validFrom: 2026-07-01\n    validTo: 2030-12-31\n    citation: NĐ 155/2026, Điều 12 (Điều 28a, 28b NĐ 124/2020), hiệu lực từ 01/7/2026; Điều 22 áp dụng cả cho khiếu nại đã thụ lý trước ngày này\n  TerminateCase:']],
      '/commands/ResumeCase/validTo',
      'must be left out while SuspendCase exists: a suspended case must be able to resume at any later date',
    ],
    [
      'a span with no clock that also gives a period',
      [['        onResume: restart\n', '        onResume: restart\n      - id: KN.SEND.NONE\n        citation: none\n        validFrom: 2030-01-01\n        noClock: true\n        unit: working-days\n']],
      '/clocks/resolution/rules/1/unit',
      'unknown key "unit"; allowed keys: id, citation, validFrom, validTo, noClock',
    ],
    [
      'a period without its unit',
      [['        unit: calendar-days\n', '']],
      '/clocks/resolution/rules/0',
      'missing required key "unit"',
    ],
    [
      'FileCase leading elsewhere than the initial stage',
      [['from: [], to: filed', 'from: [], to: accepted']],
      '/commands/FileCase/to',
      'must lead to the initial stage "filed" (to: filed)',
    ],
    [
      'an initial stage that does not exist',
      [['initialStage: filed', 'initialStage: received']],
      '/initialStage',
      expect.stringMatching(/^unknown stage "received"/),
    ],
    [
      'a stage no command leads to',
      [['  verifying: { label: Đang xác minh }', '  verifying: { label: Đang xác minh }\n  on-hold: { label: Tạm dừng, final: true }']],
      '/stages/on-hold',
      'is unreachable: no chain of commands leads here from "filed"',
    ],
    [
      'a stall rule on a final stage',
      [['- { stage: verifying,', '- { stage: closed,']],
      '/stalls/2/stage',
      '"closed" is a final stage; a finished case cannot stall',
    ],
    [
      'a stall rule on a stage that does not exist',
      [['- { stage: verifying,', '- { stage: verify,']],
      '/stalls/2/stage',
      expect.stringMatching(/^unknown stage "verify"/),
    ],
    [
      'an empty escalation chain',
      [['chain: [inspector, head, director]', 'chain: []']],
      '/escalation/chain',
      'must NOT have fewer than 1 items',
    ],
    [
      'a clock stopping on an event no command records',
      [['stopsOn: [DecisionSent]', 'stopsOn: [ConclusionPublished]']],
      '/clocks/decision-sending/stopsOn/0',
      'the clock stops on ConclusionPublished, but PublishConclusion (the command that records it) is not in commands',
    ],
  ] as const)('with %s fails, naming the file, the path and what is wrong', (_mistake, edits, pointer, message) => {
    const file = write('complaint-first.yaml', variant(edits));
    const error = validationError(() => loadWorkflowFile(file));
    expect(error.file).toBe(file);
    expect(error.path).toBe(pointer);
    expect(error.problems[0]).toEqual(expect.objectContaining({ file, path: pointer, message }));
    expect(error.message.split('\n')[0]).toMatch(new RegExp(`^${escapeRegExp(`${file}: ${pointer}: `)}.+ \\(line \\d+, column \\d+\\)$`));
  });

  it('with a command that can suspend but not resume fails at SuspendCase', () => {
    const resume = COMPLAINT_FIRST.slice(COMPLAINT_FIRST.indexOf('  ResumeCase:\n'), COMPLAINT_FIRST.indexOf('  TerminateCase:\n'));
    const file = write('complaint-first.yaml', variant([[resume, '']]));
    expect(validationError(() => loadWorkflowFile(file)).message).toBe(
      `${file}: /commands/SuspendCase: ResumeCase is missing, so a suspended case could never resume (line ${lineOf(COMPLAINT_FIRST, '  SuspendCase:')}, column 3)`,
    );
  });

  it('points at the line and column of the offending value', () => {
    const file = write('complaint-first.yaml', variant([['roles: [intake] }', 'roles: [clerk] }']]));
    const problem = validationError(() => loadWorkflowFile(file)).problems[0];
    const line = lineOf(COMPLAINT_FIRST, 'FileCase:');
    expect(problem).toMatchObject({ line, column: COMPLAINT_FIRST.split('\n')[line - 1].indexOf('[intake]') + 2 });
  });
});

describe('a workflow file with several mistakes', () => {
  it('lists every one, one per line', () => {
    const file = write(
      'complaint-first.yaml',
      variant([
        ['AcceptCase: { label: Thụ lý, from: [filed]', 'AcceptCase: { label: Thụ lý, from: [filled]'],
        ['- { stage: verifying,', '- { stage: closed,'],
      ]),
    );
    const error = validationError(() => loadWorkflowFile(file));
    expect(error.message.split('\n').map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      `${file}: /commands/AcceptCase/from/0`,
      `${file}: /stalls/2/stage`,
    ]);
  });
});

describe('a workflow file that is not valid YAML', () => {
  it('fails with the line and column of the syntax error', () => {
    const file = write('complaint-first.yaml', variant([['AcceptCase: { label: Thụ lý, from: [filed]', 'AcceptCase: { label: Thụ lý, from: [filed']]));
    const error = validationError(() => loadWorkflowFile(file));
    expect(error.file).toBe(file);
    expect(error.path).toBe('');
    expect(error.problems[0]).toMatchObject({ line: lineOf(COMPLAINT_FIRST, 'AcceptCase:'), column: expect.any(Number) });
    expect(error.message).toMatch(new RegExp(`^${escapeRegExp(file)}: \\(document\\): invalid YAML: .+ \\(line ${lineOf(COMPLAINT_FIRST, 'AcceptCase:')}, column \\d+\\)`));
  });

  it('fails on a key given twice', () => {
    const file = write('complaint-first.yaml', variant([['version: 1', 'version: 1\nversion: 2']]));
    expect(validationError(() => loadWorkflowFile(file)).message).toBe(
      `${file}: (document): invalid YAML: Map keys must be unique (line ${lineOf(COMPLAINT_FIRST, 'version: 1') + 1}, column 1)`,
    );
  });

  it('fails when empty', () => {
    const file = write('complaint-first.yaml', '# nothing yet\n');
    expect(validationError(() => loadWorkflowFile(file)).message).toBe(`${file}: (document): the file is empty`);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
