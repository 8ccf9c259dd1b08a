import { DON_PROCESSING_RULES, donDeadline, REFERRER_ANSWER_RULES, type DonClockRule } from '@kntc/domain';
import { isLocalDate, type LocalDate, type WorkingCalendar } from '@kntc/workflow';
import type { Command } from 'commander';
import { UsageError } from '../shared/cli-errors';
import { loadEngineFiles, readConfig } from '../shared/engine-files';

interface DonDueDateOptions {
  received?: string;
  resolved?: string;
}

/** What `kntc dons due-date` prints: the rule in force, its doubt where the law is unconfirmed, and the due date. */
export interface DonDueDateAnswer {
  clock: 'processing' | 'referrer-answer';
  from: LocalDate;
  rule: { id: string; citation: string; validFrom: LocalDate; validTo: LocalDate | null; doubt: string | null };
  /** Null in a span with no limit (a đơn received before TT 05/2021). */
  dueDate: LocalDate | null;
  provisional: boolean;
}

export function registerDonsCommand(program: Command): void {
  const dons = program.command('dons').description('Đơn (TT 05/2021/TT-TTCP): the rules that time their processing.');
  dons
    .command('due-date')
    .description('Print, as one JSON object, when a đơn must be processed (--received) or its referrer answered (--resolved), by the engine\'s own rule.')
    .option('--received <YYYY-MM-DD>', 'the day the đơn was received: the processing limit (10 days; unit unconfirmed, see doubt)')
    .option('--resolved <YYYY-MM-DD>', 'the day a referred matter was resolved: the answer to the referrer (7 working days, Luật TCD art. 27(2))')
    .action((options: DonDueDateOptions) => {
      const answer = donDueDate(loadEngineFiles(readConfig()).calendar, options);
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    });
}

export function donDueDate(calendar: WorkingCalendar, options: DonDueDateOptions): DonDueDateAnswer {
  if ((options.received === undefined) === (options.resolved === undefined)) throw new UsageError('give exactly one of --received and --resolved');
  const from = (options.received ?? options.resolved)!;
  if (!isLocalDate(from)) throw new UsageError(`"${from}" is not a real date written YYYY-MM-DD`);
  const rules: readonly DonClockRule[] = options.received !== undefined ? DON_PROCESSING_RULES : REFERRER_ANSWER_RULES;
  const deadline = donDeadline(rules, calendar, from);
  if (!deadline) throw new UsageError(`no rule covers ${from}`);
  const { rule, due } = deadline;
  return {
    clock: options.received !== undefined ? 'processing' : 'referrer-answer',
    from,
    rule: { id: rule.id, citation: rule.citation, validFrom: rule.validFrom, validTo: rule.validTo ?? null, doubt: rule.doubt ?? null },
    dueDate: due?.dueDate ?? null,
    provisional: due?.basis.provisional ?? false,
  };
}
