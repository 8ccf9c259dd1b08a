import { CommandRefused, computeClockDeadline, type LengthVariant } from '@kntc/domain';
import { UnknownWorkflowError, isLocalDate, type LocalDate, type PeriodUnit } from '@kntc/workflow';
import type { Command } from 'commander';
import { UsageError } from '../shared/cli-errors';
import { loadEngineFiles, readConfig, type EngineFiles } from '../shared/engine-files';

export interface DueDateOptions {
  workflow: string;
  clock: string;
  from?: string;
  received?: string;
  complex?: boolean;
  remoteArea?: boolean;
}

/** What `kntc due-date` prints: the due date a clock gets when it starts on `from`, by the engine's own code. */
export interface DueDateAnswer {
  workflow: string;
  clock: string;
  from: LocalDate;
  dueDate: LocalDate;
  /** The last instant of the period (24:00 Asia/Ho_Chi_Minh of dueDate), in UTC. */
  dueAt: string;
  provisional: boolean;
  rolledForward: boolean;
  unit: PeriodUnit;
  length: number;
  variant: LengthVariant;
  rule: { id: string; citation: string; validFrom: LocalDate; validTo: LocalDate | null };
}

export function registerDueDateCommand(program: Command): void {
  program
    .command('due-date')
    .description('Print the due date a statutory clock gets when it starts on a given day, as one JSON object.')
    .requiredOption('--workflow <kind>', 'case kind (workflow id), e.g. complaint-first')
    .requiredOption('--clock <clock>', 'clock name, e.g. acceptance, resolution, screening, reply')
    .option('--from <YYYY-MM-DD>', 'the day the clock starts (the start day itself is not counted)')
    .option(
      '--received <YYYY-MM-DD>',
      'the day the đơn was received; for a clock that starts on receipt (acceptance, screening, reply) it is the start day and selects the rule',
    )
    .option('--complex', 'the case was determined complex', false)
    .option('--remote-area', 'the complainant lives in a remote area (vùng sâu, vùng xa)', false)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  kntc due-date --workflow complaint-first --clock acceptance --received 2026-02-10\n' +
        '  kntc due-date --workflow complaint-first --clock resolution --from 2026-03-02 --complex --remote-area',
    )
    .action((options: DueDateOptions) => {
      const answer = dueDate(loadEngineFiles(readConfig()), options);
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    });
}

export function dueDate(files: EngineFiles, options: DueDateOptions): DueDateAnswer {
  for (const [flag, value] of [['--from', options.from], ['--received', options.received]] as const) {
    if (value !== undefined && !isLocalDate(value)) throw new UsageError(`${flag}: "${value}" is not a real date written YYYY-MM-DD`);
  }
  const workflow = latestWorkflow(files, options.workflow);
  const definition = Object.hasOwn(workflow.clocks, options.clock) ? workflow.clocks[options.clock] : undefined;
  if (!definition) {
    throw new UsageError(`workflow ${workflow.id} has no clock "${options.clock}"; its clocks: ${Object.keys(workflow.clocks).join(', ')}`);
  }

  // The engine starts a clock on the business date of its start event: the receipt date for a filing.
  const startsOnReceipt = definition.startsOn === 'CaseFiled';
  let from: LocalDate;
  if (options.from !== undefined && options.received !== undefined && startsOnReceipt && options.from !== options.received) {
    throw new UsageError(`the ${options.clock} clock starts on receipt: --from (${options.from}) must equal --received (${options.received}), or give only one`);
  } else if (options.from !== undefined) {
    from = options.from;
  } else if (options.received !== undefined && startsOnReceipt) {
    from = options.received;
  } else if (options.received !== undefined) {
    throw new UsageError(`the ${options.clock} clock starts on ${definition.startsOn}, not on receipt: give the day it starts with --from`);
  } else {
    throw new UsageError('give the day the clock starts with --from (or --received for a clock that starts on receipt)');
  }
  if (options.received !== undefined && from < options.received) {
    throw new UsageError(`--from (${from}) is before --received (${options.received}): a clock cannot start before the đơn arrives`);
  }

  let computed: ReturnType<typeof computeClockDeadline>;
  try {
    computed = computeClockDeadline(workflow, files.calendar, options.clock, {
      startedOn: from,
      complexity: options.complex ? 'complex' : 'none',
      remoteArea: options.remoteArea === true,
    });
  } catch (error) {
    if (error instanceof CommandRefused && error.code === 'no-clock-rule') {
      throw new UsageError(`no rule of the ${options.clock} clock of ${workflow.id} applies to a clock started on ${from}`);
    }
    throw error;
  }
  const { rule, basis } = computed;
  return {
    workflow: workflow.id,
    clock: options.clock,
    from,
    dueDate: computed.dueDate,
    dueAt: computed.dueAt,
    provisional: basis.provisional,
    rolledForward: basis.rolledForward,
    unit: basis.unit,
    length: basis.length,
    variant: basis.variant,
    rule: { id: rule.id, citation: rule.citation, validFrom: rule.validFrom, validTo: rule.validTo ?? null },
  };
}

function latestWorkflow(files: EngineFiles, kind: string) {
  try {
    return files.workflows.latest(kind);
  } catch (error) {
    if (error instanceof UnknownWorkflowError) throw new UsageError(error.message);
    throw error;
  }
}
