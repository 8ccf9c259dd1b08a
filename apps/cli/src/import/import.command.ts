import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  BusinessTimeNotAllowedError,
  CaseNotFoundError,
  CommandValidationError,
  DepartmentNotAllowedError,
  DonNotFoundError,
  ExecuteCaseCommand,
  ExecuteDonCommand,
  ExecuteReceptionCommand,
  IdempotencyKeyReusedError,
  openEngine,
  ReceptionSessionNotFoundError,
} from '@kntc/cases';
import { AuthorizationError } from '@kntc/auth';
import { CommandRefused, ReceptionCommandRefused } from '@kntc/domain';
import { ConcurrencyError } from '@kntc/event-store';
import { UnknownWorkflowError } from '@kntc/workflow';
import type { Command } from 'commander';
import * as fs from 'node:fs';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';
import { RegisterImportModule } from './register-import.module';
import { createsStream, isRefusal, parseRegisterLine, type LineRefusal, type RegisterAct, type RegisterLine, type RegisterStream } from './register-line';

export interface ImportSummary {
  file: string;
  dryRun: boolean;
  /** Non-blank lines. */
  linesRead: number;
  executed: number;
  /** Lines whose idempotency key was already in the store: an earlier import recorded them. */
  alreadyImported: number;
  refused: LineRefusal[];
  /** Dry run: lines that passed every check that does not need the store. */
  valid: number;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'Import a register (JSON Lines, one command per line: cases, đơn, reception sessions) through the command bus, in file order. ' +
        'Idempotency keys make a second run import nothing twice.',
    )
    .argument('<file>', 'register file (.jsonl)')
    .option('--dry-run', 'check every line (JSON, fields, payload) without opening the event store', false)
    .addHelpText(
      'after',
      '\nEach line:\n' +
        '  {"command": "FileCase", "caseId": "<uuid>", "actor": {"id", "role", "department", "name"?},\n' +
        '   "occurredAt": "2026-03-02T09:30:00+07:00", "idempotencyKey": "register-2026/45", "payload": {...}}\n' +
        '  {"command": "RegisterDon", "donId": "<uuid>", ...}     đơn commands name their đơn (ClassifyDon, GuideCitizen, AcceptDonIntoCase…)\n' +
        '  {"command": "RecordVisit", "sessionId": "<uuid>", ...} reception commands name their session (OpenReceptionSession…)\n' +
        'The payload is the body of the API request that runs the same command.\n' +
        'Exit code 1 when any line is refused.',
    )
    .action(async (file: string, options: { dryRun: boolean }) => {
      const summary = await importRegister(file, options.dryRun);
      process.stdout.write(formatSummary(summary));
      process.exitCode = summary.refused.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
    });
}

export async function importRegister(file: string, dryRun: boolean): Promise<ImportSummary> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const now = new Date();
  const parsed = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, index) => ({ line, lineNo: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, lineNo }) => parseRegisterLine(line, lineNo, now));

  const summary: ImportSummary = {
    file,
    dryRun,
    linesRead: parsed.length,
    executed: 0,
    alreadyImported: 0,
    refused: parsed.filter(isRefusal),
    valid: 0,
  };
  const lines = parsed.filter((p): p is RegisterLine => !isRefusal(p));
  if (dryRun) {
    summary.valid = lines.length;
    return summary;
  }
  if (lines.length === 0) return summary;

  const engine = await openEngine(readConfig());
  try {
    const app = await NestFactory.createApplicationContext(RegisterImportModule.register(engine), {
      logger: ['error', 'warn'],
      abortOnError: false,
    });
    try {
      await executeLines(app.get(CommandBus), lines, summary);
    } finally {
      await app.close();
    }
  } finally {
    await engine.store.close();
  }
  summary.refused.sort((a, b) => a.lineNo - b.lineNo);
  return summary;
}

/** In file order, one at a time: later lines act on the cases, đơn and sessions earlier lines created. */
async function executeLines(commandBus: CommandBus, lines: RegisterLine[], summary: ImportSummary): Promise<void> {
  const kinds = new Map<string, string>();
  /** Streams whose creating line was refused: their later lines are reported against that line, not as `…-not-found`. */
  const uncreated = new Map<string, LineRefusal>();
  for (const line of lines) {
    const { act } = line;
    const created = createdStreams(act);
    if (act.stream === 'case' && act.command.type === 'FileCase') kinds.set(act.id, act.command.kind);
    if (act.stream === 'don' && act.request.type === 'AcceptDonIntoCase' && act.request.caseId !== undefined) kinds.set(act.request.caseId, act.request.kind);
    const refusedCreation = createsStream(act) ? undefined : uncreated.get(streamKey(act.stream, act.id));
    if (refusedCreation) {
      summary.refused.push({
        lineNo: line.lineNo,
        code: NOT_IMPORTED[act.stream],
        message: `${act.stream === 'reception' ? 'session' : act.stream} ${act.id} was not imported: its ${CREATION[act.stream]} on line ${refusedCreation.lineNo} was refused (${refusedCreation.code})`,
      });
      continue;
    }
    try {
      const result = await execute(commandBus, line);
      if (result.replayed) summary.alreadyImported++;
      else summary.executed++;
      for (const key of created) uncreated.delete(key);
    } catch (error) {
      // A refused line is reported and the import goes on; anything else (store down, a bug) stops it.
      if (!isRefusalError(error)) {
        throw new Error(
          `line ${line.lineNo}: ${(error as Error).message}\n` +
            `import stopped there; before it: ${summary.executed} executed, ${summary.alreadyImported} already imported. ` +
            'Run it again once fixed: imported lines are skipped.',
          { cause: error },
        );
      }
      const refusal = lineRefusal(line, error, act.stream === 'case' ? kinds.get(act.id) : undefined);
      summary.refused.push(refusal);
      if (!error.code.endsWith('-already-exists')) for (const key of created) uncreated.set(key, refusal);
    }
  }
}

/** Each line through the command bus, as the API sends the same command, with the importer as principal. */
function execute(commandBus: CommandBus, { act, envelope }: RegisterLine): Promise<{ replayed: boolean }> {
  switch (act.stream) {
    case 'case':
      return commandBus.execute(new ExecuteCaseCommand(act.command, envelope));
    case 'don':
      return commandBus.execute(new ExecuteDonCommand(act.request, envelope));
    case 'reception':
      return commandBus.execute(new ExecuteReceptionCommand(act.command, envelope));
  }
}

const NOT_IMPORTED: Record<RegisterStream, string> = { case: 'case-not-imported', don: 'don-not-imported', reception: 'session-not-imported' };
const CREATION: Record<RegisterStream, string> = { case: 'filing', don: 'registration', reception: 'planning or opening' };

function streamKey(stream: RegisterStream, id: string): string {
  return `${stream}:${id}`;
}

/** The streams a line creates: its own, and the case a đơn accepted into a case files under the id the register names. */
function createdStreams(act: RegisterAct): string[] {
  const keys = createsStream(act) ? [streamKey(act.stream, act.id)] : [];
  if (act.stream === 'don' && act.request.type === 'AcceptDonIntoCase' && act.request.caseId !== undefined) keys.push(streamKey('case', act.request.caseId));
  return keys;
}

/**
 * A rule with nothing in force on the act's date is a gap in the rules for that date, not a fault of the line: the
 * refusal (`no-rule-in-force`) names what has no rule and the date, so the rule can be added (workflows/README.md).
 */
function lineRefusal(line: RegisterLine, error: InstanceType<(typeof REFUSALS)[number]>, kind: string | undefined): LineRefusal {
  const gap = (message: string): LineRefusal => ({ lineNo: line.lineNo, code: 'no-rule-in-force', message: `${message} (${error.message})` });
  if (error instanceof CommandRefused && error.code === 'no-clock-rule') {
    const { act } = line;
    if (act.stream === 'don') {
      const [clock, date] = act.request.type === 'RegisterDon' ? ['processing', act.request.receivedOn] : ['referrer answer', act.request.type === 'AnswerReferrer' ? act.request.resolvedOn : undefined];
      return gap(`no rule of the đơn ${clock} clock is in force on ${date ?? 'the date of the đơn\'s outcome'}; add one to libs/domain/src/don/don.clocks.ts`);
    }
    const { clock, date } = error.details as { clock?: string; date?: string };
    return gap(`no rule of the ${kind ?? 'case'} clock "${clock ?? '?'}" is in force on ${date ?? '?'}; add one to the workflow`);
  }
  if (error instanceof ReceptionCommandRefused && error.code === 'reception-kind-not-in-force') {
    const { date } = error.details as { date?: string };
    const kindOfSession = line.act.stream === 'reception' && 'kind' in line.act.command ? line.act.command.kind : undefined;
    return gap(`no rule makes a "${kindOfSession ?? '?'}" reception session a legal form on ${date ?? '?'}; add one to libs/domain/src/reception/reception.values.ts`);
  }
  return { lineNo: line.lineNo, code: error.code, message: error.message };
}

/** Errors that refuse one command and leave the store as it was; each carries a stable `code`. */
const REFUSALS = [
  CommandRefused,
  CommandValidationError,
  CaseNotFoundError,
  DonNotFoundError,
  ReceptionCommandRefused,
  ReceptionSessionNotFoundError,
  IdempotencyKeyReusedError,
  BusinessTimeNotAllowedError,
  DepartmentNotAllowedError,
  AuthorizationError,
  ConcurrencyError,
  UnknownWorkflowError,
] as const;

function isRefusalError(error: unknown): error is InstanceType<(typeof REFUSALS)[number]> {
  return REFUSALS.some((type) => error instanceof type);
}

export function formatSummary(summary: ImportSummary): string {
  const out: string[] = [`${summary.dryRun ? 'Dry run of' : 'Import of'} ${summary.file}`];
  out.push(`  lines read:        ${summary.linesRead}`);
  if (summary.dryRun) {
    out.push(`  valid:             ${summary.valid}`);
  } else {
    out.push(`  executed:          ${summary.executed}`);
    out.push(`  already imported:  ${summary.alreadyImported}`);
  }
  out.push(`  refused:           ${summary.refused.length}`);
  for (const refusal of summary.refused) out.push(`  line ${refusal.lineNo}: ${refusal.code}: ${refusal.message}`);
  if (summary.dryRun) out.push('Nothing was written (dry run).');
  return `${out.join('\n')}\n`;
}
