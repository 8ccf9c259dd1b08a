import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerDueDateCommand } from './due-date/due-date.command';
import { registerImportCommand } from './import/import.command';
import { EXIT_PROBLEMS, EXIT_USAGE, UsageError } from './shared/cli-errors';
import { registerTokenCommand } from './token/token.command';
import { registerWorkflowsCommand } from './workflows/validate-workflows.command';
import { registerAuditCommand } from './commands/audit.command';
import { registerCasesCommand } from './commands/cases.command';
import { registerProjectionsCommand } from './commands/projections.command';
import { registerReportCommand } from './commands/report.command';
import { registerUsersCommand } from './commands/users.command';
import { registerDeadlinesCommand } from './commands/deadlines.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerDonsCommand } from './commands/dons.command';

export function buildProgram(): Command {
  const program = new Command('kntc')
    .description('KNTC engine operator tools. Configuration comes from the same environment variables as the API (see README).')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerDueDateCommand(program);
  registerImportCommand(program);
  registerTokenCommand(program);
  registerWorkflowsCommand(program);
  registerUsersCommand(program);
  registerAuditCommand(program);
  registerCasesCommand(program);
  registerReportCommand(program);
  registerProjectionsCommand(program);
  registerDeadlinesCommand(program);
  registerDemoCommand(program);
  registerDonsCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // Whatever the shell's umask: stores, keys and exports the CLI creates are owner-only.
  process.umask(0o077);
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help ends with 0; a usage mistake (unknown option, missing argument, no command) is bad input: 2.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`kntc: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    process.stderr.write(`kntc: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
    return EXIT_PROBLEMS;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
