import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { addDays } from '../calendar/local-date';
import { isNoClockRule, type CaseCommandType, type ClockEventType, type ClockRuleEntry, type Role, type WorkflowDefinition } from '../definition/workflow.types';

export const WORKFLOW_SCHEMA_FILE = 'workflow.schema.json';
const WORKFLOW_FILE = /\.ya?ml$/;

/** One thing wrong with a workflow file. */
export interface WorkflowProblem {
  file: string;
  /** JSON pointer into the file's data, e.g. `/commands/AcceptCase/from/0`; empty for the whole document. */
  path: string;
  message: string;
  /** 1-based position in the YAML text, when known. */
  line?: number;
  column?: number;
}

/**
 * Workflow files that cannot be used. The message lists every problem found, one per line, as
 * `<file>: <path>: <what is wrong>`; `file` and `path` are those of the first problem.
 */
export class WorkflowValidationError extends Error {
  readonly file: string;
  readonly path: string;
  readonly problems: readonly WorkflowProblem[];

  constructor(problems: readonly WorkflowProblem[]) {
    if (problems.length === 0) throw new RangeError('WorkflowValidationError needs at least one problem');
    super(problems.map(formatProblem).join('\n'));
    this.name = 'WorkflowValidationError';
    this.file = problems[0].file;
    this.path = problems[0].path;
    this.problems = problems;
  }
}

export interface LoadWorkflowOptions {
  /**
   * The JSON Schema the files must satisfy. Default: `workflows/workflow.schema.json` of the source tree this
   * code belongs to (found from `src/` and from `dist/`), because the schema describes what this code reads,
   * whichever folder the workflow files come from.
   */
  schemaFile?: string;
}

/**
 * Every `*.yaml` / `*.yml` file directly in `dir` (subfolders such as `calendars/` are not read), validated.
 * Throws a WorkflowValidationError listing the problems of every broken file, and when two files define the
 * same id and version; a broken workflow must stop start-up.
 */
export function loadWorkflows(dir: string, options: LoadWorkflowOptions = {}): WorkflowDefinition[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`workflow folder not found: ${dir}`);
  const files = fs
    .readdirSync(dir)
    .filter((name) => WORKFLOW_FILE.test(name))
    .sort()
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile());
  if (files.length === 0) throw new Error(`no workflow files (*.yaml, *.yml) in ${dir}`);

  const validate = compileSchema(options.schemaFile ?? findWorkflowSchemaFile());
  const problems: WorkflowProblem[] = [];
  const loaded: ParsedWorkflow[] = [];
  for (const file of files) {
    const result = parseWorkflowFile(file, validate);
    if (result.ok) loaded.push(result.workflow);
    else problems.push(...result.problems);
  }

  const firstFile = new Map<string, string>();
  for (const { definition, file, at } of loaded) {
    const key = `${definition.id}@${definition.version}`;
    const other = firstFile.get(key);
    if (other === undefined) firstFile.set(key, file);
    else problems.push(at(['id'], `"${definition.id}" version ${definition.version} is already defined in ${other}`));
  }

  if (problems.length > 0) throw new WorkflowValidationError(problems);
  return loaded.map((w) => w.definition);
}

/** One workflow file, validated against the schema and the rules the schema cannot express. */
export function loadWorkflowFile(file: string, options: LoadWorkflowOptions = {}): WorkflowDefinition {
  const result = parseWorkflowFile(file, compileSchema(options.schemaFile ?? findWorkflowSchemaFile()));
  if (!result.ok) throw new WorkflowValidationError(result.problems);
  return result.workflow.definition;
}

/** `workflows/workflow.schema.json` in the nearest folder above `start` that has one. */
export function findWorkflowSchemaFile(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'workflows', WORKFLOW_SCHEMA_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find workflows/${WORKFLOW_SCHEMA_FILE} in any folder above ${start}; pass options.schemaFile`);
    }
  }
}

type Segments = readonly (string | number)[];
type At = (segments: Segments, message: string) => WorkflowProblem;

interface ParsedWorkflow {
  definition: WorkflowDefinition;
  file: string;
  at: At;
}

type ParseResult = { ok: true; workflow: ParsedWorkflow } | { ok: false; problems: WorkflowProblem[] };

function compileSchema(schemaFile: string): ValidateFunction<WorkflowDefinition> {
  let schema: unknown;
  try {
    schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the workflow schema ${schemaFile}: ${(error as Error).message}`);
  }
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  addFormats(ajv, ['date']);
  return ajv.compile<WorkflowDefinition>(schema as object);
}

function parseWorkflowFile(file: string, validate: ValidateFunction<WorkflowDefinition>): ParseResult {
  const text = fs.readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const at: At = (segments, message) => {
    const node = nodeAt(doc, segments);
    return { file, path: toPointer(segments), message, ...(node?.range ? position(node.range[0]) : {}) };
  };

  const yamlIssues = [...doc.errors, ...doc.warnings];
  if (yamlIssues.length > 0) {
    // The tree of a document with syntax errors is a guess, so a syntax error is placed by line and column only.
    return {
      ok: false,
      problems: yamlIssues.map((e) => ({
        file,
        path: '',
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
        ...position(e.pos[0]),
      })),
    };
  }
  if (doc.contents === null) return { ok: false, problems: [{ file, path: '', message: 'the file is empty' }] };

  const data: unknown = doc.toJS();
  if (!validate(data)) {
    return { ok: false, problems: dedupe((validate.errors ?? []).filter((e) => ofChosenRuleShape(e, data)).flatMap((e) => schemaProblem(e, at))) };
  }
  const problems = checkWorkflow(data, at);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, workflow: { definition: data, file, at } };
}

/** The event each command records, for checking that a clock can start and stop at all. */
const EVENT_RECORDED_BY: Record<ClockEventType, CaseCommandType> = {
  CaseFiled: 'FileCase',
  CaseAccepted: 'AcceptCase',
  CaseRejected: 'RejectCase',
  CaseForwarded: 'ForwardCase',
  VerificationStarted: 'StartVerification',
  VerificationReported: 'ReportVerification',
  DecisionIssued: 'IssueDecision',
  DecisionSent: 'SendDecision',
  ConclusionHandled: 'RecordHandling',
  ConclusionPublished: 'PublishConclusion',
  CitizenAnswered: 'AnswerCitizen',
  CaseWithdrawn: 'WithdrawCase',
  CaseTerminated: 'TerminateCase',
  CaseClosed: 'CloseCase',
};

/** Escalations go to people who work cases; the workers, the importer and the queue operator cannot act on them. */
const NOT_ESCALATION_TARGETS: readonly Role[] = ['system', 'importer', 'admin'];

/** What the schema cannot express: references between keys, graph shape, rule dates. */
function checkWorkflow(wf: WorkflowDefinition, at: At): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const stageNames = Object.keys(wf.stages);
  const isStage = (name: string): boolean => Object.hasOwn(wf.stages, name);
  let brokenReference = false;
  const unknownStage = (segments: Segments, name: string): void => {
    brokenReference = true;
    problems.push(at(segments, `unknown stage "${name}"; the stages are: ${stageNames.join(', ')}`));
  };
  const commands = Object.entries(wf.commands) as [CaseCommandType, NonNullable<WorkflowDefinition['commands'][CaseCommandType]>][];

  if (!isStage(wf.initialStage)) unknownStage(['initialStage'], wf.initialStage);
  else if (wf.stages[wf.initialStage].final) problems.push(at(['initialStage'], `"${wf.initialStage}" is a final stage; a new case could never progress`));

  for (const [type, rule] of commands) {
    rule.from.forEach((stage, i) => {
      if (!isStage(stage)) unknownStage(['commands', type, 'from', i], stage);
    });
    if (rule.to !== undefined && !isStage(rule.to)) unknownStage(['commands', type, 'to'], rule.to);
    if (type !== 'FileCase' && rule.from.length === 0) {
      problems.push(at(['commands', type, 'from'], 'is empty, so the command is allowed in no stage (only FileCase has from: [])'));
    }
    if (rule.validFrom !== undefined && rule.validTo !== undefined && rule.validTo < rule.validFrom) {
      problems.push(at(['commands', type, 'validTo'], `${rule.validTo} is before validFrom ${rule.validFrom}, so the command is never in force`));
    }
    if ((rule.validFrom !== undefined || rule.validTo !== undefined) && rule.citation === undefined) {
      const key = rule.validFrom !== undefined ? 'validFrom' : 'validTo';
      problems.push(at(['commands', type, key], 'needs a citation: the legal text that limits the command in time (citation: ...)'));
    }
  }

  const fileCase = wf.commands.FileCase;
  if (fileCase === undefined) {
    problems.push(at(['commands'], 'FileCase is missing, so no case of this kind could be filed'));
  } else {
    if (fileCase.from.length > 0) problems.push(at(['commands', 'FileCase', 'from'], 'must be [] (FileCase creates the case)'));
    if (fileCase.to !== wf.initialStage) {
      problems.push(
        at(fileCase.to === undefined ? ['commands', 'FileCase'] : ['commands', 'FileCase', 'to'], `must lead to the initial stage "${wf.initialStage}" (to: ${wf.initialStage})`),
      );
    }
  }

  // With a broken stage reference, every stage after it would also be reported unreachable.
  if (!brokenReference) {
    const reached = new Set([wf.initialStage]);
    for (const queue = [wf.initialStage]; queue.length > 0; ) {
      const stage = queue.shift()!;
      for (const [, rule] of commands) {
        if (rule.to !== undefined && isStage(rule.to) && rule.from.includes(stage) && !reached.has(rule.to)) {
          reached.add(rule.to);
          queue.push(rule.to);
        }
      }
    }
    for (const stage of stageNames) {
      if (!reached.has(stage)) problems.push(at(['stages', stage], `is unreachable: no chain of commands leads here from "${wf.initialStage}"`));
    }
  }
  for (const stage of stageNames) {
    const leaves = commands.some(([, rule]) => rule.from.includes(stage) && rule.to !== undefined && rule.to !== stage);
    if (!wf.stages[stage].final && !leaves) {
      problems.push(at(['stages', stage], 'is not final, but no command leads out of it (mark it final: true or add a command)'));
    }
  }

  const suspend = wf.commands.SuspendCase;
  const resume = wf.commands.ResumeCase;
  if (suspend !== undefined) {
    if (resume === undefined) {
      problems.push(at(['commands', 'SuspendCase'], 'ResumeCase is missing, so a suspended case could never resume'));
    } else {
      suspend.from.forEach((stage, i) => {
        const suspendedIn = suspend.to ?? stage;
        if (!resume.from.includes(suspendedIn)) {
          problems.push(at(['commands', 'SuspendCase', 'from', i], `a case suspended here stays in "${suspendedIn}", where ResumeCase is not allowed`));
        }
      });
      // A case suspended on any day SuspendCase is in force must be able to resume on that day or any later one.
      if (resume.validFrom !== undefined && (suspend.validFrom === undefined || resume.validFrom > suspend.validFrom)) {
        problems.push(
          at(['commands', 'ResumeCase', 'validFrom'], `${resume.validFrom} is after SuspendCase's validFrom ${suspend.validFrom ?? '(none)'}: a case suspended in between could not resume`),
        );
      }
      if (resume.validTo !== undefined) {
        problems.push(at(['commands', 'ResumeCase', 'validTo'], 'must be left out while SuspendCase exists: a suspended case must be able to resume at any later date'));
      }
    }
  }

  const ruleIds = new Map<string, string>();
  let extensible: Segments | undefined;
  let complexVariant: Segments | undefined;
  for (const [clock, definition] of Object.entries(wf.clocks)) {
    const here = ['clocks', clock] as const;
    const needs = (segments: Segments, event: ClockEventType, what: string): void => {
      const command = EVENT_RECORDED_BY[event];
      if (wf.commands[command] === undefined) problems.push(at(segments, `${what} ${event}, but ${command} (the command that records it) is not in commands`));
    };
    needs([...here, 'startsOn'], definition.startsOn, 'the clock starts on');
    definition.stopsOn.forEach((event, i) => {
      if (event === definition.startsOn) problems.push(at([...here, 'stopsOn', i], `${event} also starts the clock`));
      else needs([...here, 'stopsOn', i], event, 'the clock stops on');
    });

    definition.rules.forEach((rule, i) => {
      const where = [...here, 'rules', i] as const;
      const previousUse = ruleIds.get(rule.id);
      if (previousUse !== undefined) problems.push(at([...where, 'id'], `rule id "${rule.id}" is already used at ${previousUse}`));
      else ruleIds.set(rule.id, toPointer(where));

      if (rule.validTo !== undefined && rule.validTo < rule.validFrom) {
        problems.push(at([...where, 'validTo'], `${rule.validTo} is before validFrom ${rule.validFrom}`));
      }
      if (i > 0) problems.push(...checkRuleSequence(definition.rules[i - 1], rule, where, at));
      if (isNoClockRule(rule)) return;
      for (const variant of ['complex', 'remoteArea', 'complexRemoteArea'] as const) {
        const length = rule.length[variant];
        if (length !== undefined && length < rule.length.default) {
          problems.push(at([...where, 'length', variant], `${length} is shorter than the default period (${rule.length.default})`));
        }
      }
      if (rule.extension !== undefined) extensible ??= [...where, 'extension'];
      if (rule.length.complex !== undefined) complexVariant ??= [...where, 'length', 'complex'];
      else if (rule.length.complexRemoteArea !== undefined) complexVariant ??= [...where, 'length', 'complexRemoteArea'];
      else if (rule.extension?.max.complex !== undefined || rule.extension?.max.especiallyComplex !== undefined) {
        complexVariant ??= [...where, 'extension', 'max'];
      }

    });
  }
  if (extensible !== undefined && wf.commands.ExtendDeadline === undefined) {
    problems.push(at(extensible, 'ExtendDeadline is not in commands, so this extension could never be granted'));
  }
  if (extensible === undefined && wf.commands.ExtendDeadline !== undefined) {
    problems.push(at(['commands', 'ExtendDeadline'], 'no clock rule has an extension, so ExtendDeadline could never succeed'));
  }
  if (complexVariant !== undefined && wf.commands.DetermineComplexity === undefined) {
    problems.push(at(complexVariant, 'DetermineComplexity is not in commands, so a case could never be found complex'));
  }

  wf.escalation.chain.forEach((role, i) => {
    if (NOT_ESCALATION_TARGETS.includes(role)) problems.push(at(['escalation', 'chain', i], `"${role}" cannot receive escalations; name a person's role`));
  });

  const stallAt = new Map<string, number>();
  wf.stalls.forEach((stall, i) => {
    const where = ['stalls', i, 'stage'] as const;
    if (!isStage(stall.stage)) unknownStage(where, stall.stage);
    else if (wf.stages[stall.stage].final) problems.push(at(where, `"${stall.stage}" is a final stage; a finished case cannot stall`));
    const first = stallAt.get(stall.stage);
    if (first !== undefined) problems.push(at(where, `"${stall.stage}" already has a stall rule at /stalls/${first}`));
    else stallAt.set(stall.stage, i);
  });

  return problems;
}

/**
 * Rules are chosen by the date of the event that starts the clock, so exactly one must cover each date from
 * the first rule's validFrom on: listed in date order, each closed by a validTo the day before the next begins.
 */
function checkRuleSequence(previous: ClockRuleEntry, rule: ClockRuleEntry, where: Segments, at: At): WorkflowProblem[] {
  if (rule.validFrom <= previous.validFrom) {
    return [at([...where, 'validFrom'], `rules must be in date order: ${rule.validFrom} is not after the previous rule's validFrom ${previous.validFrom}`)];
  }
  if (previous.validTo === undefined || previous.validTo >= rule.validFrom) {
    const span = `${previous.validFrom} to ${previous.validTo ?? 'open end'}`;
    return [at([...where, 'validFrom'], `overlaps rule ${previous.id} (${span}): both would apply on ${rule.validFrom}`)];
  }
  const dayAfter = addDays(previous.validTo, 1);
  if (dayAfter < rule.validFrom) {
    return [at([...where, 'validFrom'], `leaves a gap after rule ${previous.id}: no rule applies from ${dayAfter} to ${addDays(rule.validFrom, -1)}`)];
  }
  return [];
}

/**
 * A clock rule is either a period or a span with no clock (`noClock: true`); the schema tries both shapes, and only
 * the errors of the shape the entry has (by its `noClock` key) say what is wrong with it.
 */
function ofChosenRuleShape(error: ErrorObject, data: unknown): boolean {
  if (error.keyword === 'oneOf') return false;
  const rulePath = /^\/clocks\/[^/]+\/rules\/\d+/.exec(error.instancePath)?.[0];
  if (rulePath === undefined) return true;
  const rule = fromPointer(rulePath).reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], data);
  const noClock = typeof rule === 'object' && rule !== null && 'noClock' in rule;
  // Errors inside the entry (its length, extension) come from the period's shape only.
  if (error.instancePath !== rulePath) return !noClock;
  const properties = (error.parentSchema as { properties?: object } | undefined)?.properties ?? {};
  return noClock === 'noClock' in properties;
}

const DEF_NOUNS: Record<string, string> = {
  role: 'role',
  family: 'family',
  commandType: 'command',
  clockEventType: 'event',
  unit: 'unit',
  onResume: 'onResume value',
};

function schemaProblem(error: ErrorObject, at: At): WorkflowProblem[] {
  const segments = fromPointer(error.instancePath);
  const def = /^#\/\$defs\/([^/]+)\//.exec(error.schemaPath)?.[1];
  const named = error.propertyName;
  switch (error.keyword) {
    case 'propertyNames':
      // The error of the name's own schema, reported with the name, says what is wrong.
      return [];
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return [at([...segments, key], `unknown key "${key}"${allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : ''}`)];
    }
    case 'required':
      return [at(segments, `missing required key "${String(error.params.missingProperty)}"`)];
    case 'enum': {
      const value = named ?? error.data;
      const allowed = (error.params.allowedValues as unknown[]).join(', ');
      const noun = def !== undefined ? (DEF_NOUNS[def] ?? 'value') : 'value';
      return [at(named !== undefined ? [...segments, named] : segments, `${JSON.stringify(value)} is not a known ${noun}; expected one of: ${allowed}`)];
    }
    case 'pattern':
    case 'format': {
      const value = JSON.stringify(named ?? error.data);
      const where = named !== undefined ? [...segments, named] : segments;
      if (def === 'localDate') return [at(where, `${value} is not a valid date (YYYY-MM-DD)`)];
      if (def === 'name') return [at(where, `${value} is not a kebab-case name (lower-case letters and digits joined by hyphens)`)];
      if (segments.at(-1) === 'id') return [at(where, `${value} is not a rule id (upper-case parts joined by dots, e.g. KN.ACCEPT.7WD)`)];
      return [at(where, `${value} ${error.message ?? 'does not match'}`)];
    }
    case 'type':
      return [at(segments, `must be ${String(error.params.type)}, not ${describeType(error.data)}`)];
    default:
      return [at(segments, error.message ?? error.keyword)];
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

function dedupe(problems: WorkflowProblem[]): WorkflowProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The node a path points at; for a mapping entry, its key, which is where an editor should jump. */
function nodeAt(doc: Document, segments: Segments): YamlNode | undefined {
  let node: unknown = doc.contents;
  let found: YamlNode | undefined = isNode(node) ? node : undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return found;
      found = isNode(pair.key) ? pair.key : found;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (!isNode(node)) return found;
      found = node;
    } else {
      return found;
    }
  }
  return found;
}

function toPointer(segments: Segments): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function fromPointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function formatProblem(p: WorkflowProblem): string {
  const where = p.line !== undefined ? ` (line ${p.line}, column ${p.column})` : '';
  return `${p.file}: ${p.path === '' ? '(document)' : p.path}: ${p.message}${where}`;
}
