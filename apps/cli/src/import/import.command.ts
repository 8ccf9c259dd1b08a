import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  BusinessTimeNotAllowedError,
  CaseNotFoundError,
  CommandValidationError,
  ExecuteCaseCommand,
  IdempotencyKeyReusedError,
  openEngine,
} from '@kntc/cases';
import { CommandRefused } from '@kntc/domain';
import { ConcurrencyError } from '@kntc/event-store';
import { UnknownWorkflowError } from '@kntc/workflow';
import type { Command } from 'commander';
import * as fs from 'node:fs';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';
import { RegisterImportModule } from './register-import.module';
import { isRefusal, parseRegisterLine, type LineRefusal, type RegisterLine } from './register-line';

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
      'Import a register (JSON Lines, one command per line) through the command bus, in file order. ' +
        'Idempotency keys make a second run import nothing twice.',
    )
    .argument('<file>', 'register file (.jsonl)')
    .option('--dry-run', 'check every line (JSON, fields, payload) without opening the event store', false)
    .addHelpText(
      'after',
      '\nEach line:\n' +
        '  {"command": "FileCase", "caseId": "<uuid>", "actor": {"id", "role", "department", "name"?},\n' +
        '   "occurredAt": "2026-03-02T09:30:00+07:00", "idempotencyKey": "register-2026/45", "payload": {...}}\n' +
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

/** In file order, one at a time: later lines act on the cases earlier lines filed. */
async function executeLines(commandBus: CommandBus, lines: RegisterLine[], summary: ImportSummary): Promise<void> {
  const kinds = new Map<string, string>();
  /** Cases whose filing was refused: their later lines are reported against that line, not as `case-not-found`. */
  const unfiled = new Map<string, LineRefusal>();
  for (const line of lines) {
    const { command } = line;
    if (command.type === 'FileCase') kinds.set(command.caseId, command.kind);
    const refusedFiling = command.type === 'FileCase' ? undefined : unfiled.get(command.caseId);
    if (refusedFiling) {
      summary.refused.push({
        lineNo: line.lineNo,
        code: 'case-not-imported',
        message: `case ${command.caseId} was not imported: its filing on line ${refusedFiling.lineNo} was refused (${refusedFiling.code})`,
      });
      continue;
    }
    try {
      const result = await commandBus.execute(new ExecuteCaseCommand(command, line.envelope));
      if (result.replayed) summary.alreadyImported++;
      else summary.executed++;
      if (command.type === 'FileCase') unfiled.delete(command.caseId);
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
      const refusal = lineRefusal(line, error, kinds.get(command.caseId));
      summary.refused.push(refusal);
      if (command.type === 'FileCase' && !(error instanceof CommandRefused && error.code === 'case-already-exists')) {
        unfiled.set(command.caseId, refusal);
      }
    }
  }
}

/**
 * A statutory clock with no rule on the act's date is a gap in the workflow's rules for that date, not a fault of
 * the line: the refusal names the kind, the clock and the date so the rule can be added (workflows/README.md).
 */
function lineRefusal(line: RegisterLine, error: InstanceType<(typeof REFUSALS)[number]>, kind: string | undefined): LineRefusal {
  if (error instanceof CommandRefused && error.code === 'no-clock-rule') {
    const { clock, date } = error.details as { clock?: string; date?: string };
    return {
      lineNo: line.lineNo,
      code: 'no-rule-in-force',
      message: `no rule of the ${kind ?? 'case'} clock "${clock ?? '?'}" is in force on ${date ?? '?'}; add one to the workflow (${error.message})`,
    };
  }
  return { lineNo: line.lineNo, code: error.code, message: error.message };
}

/** Errors that refuse one command and leave the store as it was; each carries a stable `code`. */
const REFUSALS = [
  CommandRefused,
  CommandValidationError,
  CaseNotFoundError,
  IdempotencyKeyReusedError,
  BusinessTimeNotAllowedError,
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
