import { WorkflowRegistry } from '@kntc/workflow';
import { CalendarFileError, WorkflowValidationError, loadCalendarSchedules, loadWorkflows } from '@kntc/workflow/loader';
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

export interface WorkflowsReport {
  dir: string;
  ok: boolean;
  /** `complaint-first v1`, ... when the workflows load. */
  workflows: string[];
  /** Years with an official schedule, when the calendars load. */
  calendarYears: number[];
  problems: string[];
}

export function registerWorkflowsCommand(program: Command): void {
  const workflows = program.command('workflows').description('Workflow definitions and calendars');
  workflows
    .command('validate')
    .description('Load every workflow and calendar file as the engine does at start-up; print OK or every problem found.')
    .argument('[dir]', 'workflows folder (default: KNTC_WORKFLOWS_DIR, else ./workflows)')
    .action((dir: string | undefined) => {
      const report = validateWorkflows(dir ?? readConfig().workflowsDir);
      process.stdout.write(formatReport(report));
      process.exitCode = report.ok ? EXIT_OK : EXIT_PROBLEMS;
    });
}

export function validateWorkflows(dir: string): WorkflowsReport {
  const resolved = path.resolve(dir);
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) throw new UsageError(`not a folder: ${resolved}`);
  const report: WorkflowsReport = { dir: resolved, ok: true, workflows: [], calendarYears: [], problems: [] };

  try {
    const registry = new WorkflowRegistry(loadWorkflows(resolved));
    report.workflows = registry.kinds().flatMap((kind) => registry.versions(kind).map((version) => `${kind} v${version}`));
  } catch (error) {
    report.problems.push(...(error instanceof WorkflowValidationError ? error.message.split('\n') : [(error as Error).message]));
  }
  try {
    report.calendarYears = loadCalendarSchedules(path.join(resolved, 'calendars')).map((schedule) => schedule.year);
  } catch (error) {
    if (!(error instanceof CalendarFileError)) report.problems.push((error as Error).message);
    else {
      for (const p of error.problems) {
        const where = p.line !== undefined ? ` (line ${p.line}, column ${p.column})` : '';
        report.problems.push(`${error.file}: ${p.path}: ${p.message}${where}`);
      }
    }
  }
  report.ok = report.problems.length === 0;
  return report;
}

export function formatReport(report: WorkflowsReport): string {
  if (!report.ok) return `Problems in ${report.dir}:\n${report.problems.map((p) => `  ${p}`).join('\n')}\n`;
  const years = report.calendarYears.length > 0 ? report.calendarYears.join(', ') : 'none (every year provisional)';
  return `OK ${report.dir}\n  workflows: ${report.workflows.join(', ')}\n  official calendars: ${years}\n`;
}
