import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, isCollection, isNode, parseDocument, type Node as YamlNode } from 'yaml';
import type { CalendarSchedule } from '../calendar/calendar-schedule';
import { dayOfWeek, yearOf } from '../calendar/local-date';
import { VietnamCalendar, type VietnamCalendarOptions } from '../calendar/vietnam-calendar';

export const CALENDAR_SCHEMA_FILE = 'calendar.schema.json';

export interface CalendarFileProblem {
  /** JSONPath inside the file, e.g. `$.days[3].date`. */
  path: string;
  message: string;
  /** 1-based position of the offending node in the YAML text, when known. */
  line?: number;
  column?: number;
}

/** A calendar file that cannot be loaded: its name, and every problem with where it is. */
export class CalendarFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly CalendarFileProblem[],
  ) {
    super(`${file}:\n${problems.map((p) => `  ${describeProblem(p)}`).join('\n')}`);
    this.name = 'CalendarFileError';
  }
}

export interface LoadCalendarOptions {
  /** The JSON Schema the files must satisfy. Default: `calendar.schema.json` in the same folder. */
  schemaFile?: string;
}

/**
 * Reads every `<year>.yaml` in `dir`, one official schedule per year. Throws a CalendarFileError on the first
 * file that is not valid YAML, breaks the schema, or lists a date of another year, twice, or on a weekday
 * that does not fit its kind.
 */
export function loadCalendarSchedules(dir: string, options: LoadCalendarOptions = {}): CalendarSchedule[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`calendar folder not found: ${dir}`);
  const validate = compileSchema(options.schemaFile ?? path.join(dir, CALENDAR_SCHEMA_FILE));
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => loadCalendarFile(path.join(dir, name), validate));
}

export function createVietnamCalendar(
  dir: string,
  options: VietnamCalendarOptions & LoadCalendarOptions = {},
): VietnamCalendar {
  return new VietnamCalendar(loadCalendarSchedules(dir, options), options);
}

function compileSchema(schemaFile: string): ValidateFunction<CalendarSchedule> {
  let schema: unknown;
  try {
    schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the calendar schema ${schemaFile}: ${(error as Error).message}`);
  }
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv, ['date']);
  return ajv.compile<CalendarSchedule>(schema as object);
}

function loadCalendarFile(file: string, validate: ValidateFunction<CalendarSchedule>): CalendarSchedule {
  const lineCounter = new LineCounter();
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new CalendarFileError(
      file,
      doc.errors.map((e) => ({ path: '$', message: `invalid YAML: ${e.message.split('\n')[0]}`, ...position(lineCounter, e.pos[0]) })),
    );
  }
  const data: unknown = doc.toJS();
  const at = (segments: readonly (string | number)[], message: string): CalendarFileProblem => {
    const node = nodeAt(doc.contents, segments);
    return { path: jsonPath(segments), message, ...(node?.range ? position(lineCounter, node.range[0]) : {}) };
  };

  if (!validate(data)) {
    throw new CalendarFileError(file, (validate.errors ?? []).map((e) => schemaProblem(e, at)));
  }
  const problems = checkSchedule(data, path.basename(file, '.yaml'), at);
  if (problems.length > 0) throw new CalendarFileError(file, problems);
  return data;
}

/** What the schema cannot say: the file is named after its year, and each date fits the year and its kind. */
function checkSchedule(
  schedule: CalendarSchedule,
  baseName: string,
  at: (segments: readonly (string | number)[], message: string) => CalendarFileProblem,
): CalendarFileProblem[] {
  const problems: CalendarFileProblem[] = [];
  if (baseName !== String(schedule.year)) {
    problems.push(at(['year'], `year ${schedule.year} does not match the file name (expected ${schedule.year}.yaml)`));
  }
  const firstIndex = new Map<string, number>();
  schedule.days.forEach((day, i) => {
    const where = ['days', i, 'date'] as const;
    if (yearOf(day.date) !== schedule.year) problems.push(at(where, `${day.date} is not in ${schedule.year}`));
    const first = firstIndex.get(day.date);
    if (first !== undefined) problems.push(at(where, `${day.date} is already listed at ${jsonPath(['days', first])}`));
    else firstIndex.set(day.date, i);
    const weekend = [0, 6].includes(dayOfWeek(day.date));
    if (day.kind === 'make-up-workday' && !weekend) {
      problems.push(at(where, `${day.date} is a weekday; a make-up working day (làm bù) is a Saturday`));
    }
    if ((day.kind === 'swap-off' || day.kind === 'compensatory') && weekend) {
      problems.push(at(where, `${day.date} is a weekend day; a ${day.kind} day off must be a weekday`));
    }
  });
  return problems;
}

function schemaProblem(
  error: ErrorObject,
  at: (segments: readonly (string | number)[], message: string) => CalendarFileProblem,
): CalendarFileProblem {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  switch (error.keyword) {
    case 'additionalProperties':
      return at([...segments, String(error.params.additionalProperty)], 'unknown property');
    case 'required':
      return at(segments, `missing required property "${String(error.params.missingProperty)}"`);
    case 'enum':
      return at(segments, `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`);
    default:
      return at(segments, error.message ?? error.keyword);
  }
}

function nodeAt(root: unknown, segments: readonly (string | number)[]): YamlNode | undefined {
  let node: unknown = root;
  for (const segment of segments) {
    if (!isCollection(node)) return undefined;
    node = node.get(segment, true);
  }
  return isNode(node) ? node : undefined;
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function jsonPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${acc}.${s}` : `${acc}[${JSON.stringify(s)}]`),
    '$',
  );
}

function describeProblem(p: CalendarFileProblem): string {
  const where = p.line !== undefined ? ` (line ${p.line}, column ${p.column})` : '';
  return `${p.path}${where}: ${p.message}`;
}
