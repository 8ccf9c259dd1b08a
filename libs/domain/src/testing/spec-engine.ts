import * as path from 'node:path';
import { WorkflowRegistry, type WorkflowDefinition, type WorkingCalendar } from '@kntc/workflow';
import { createVietnamCalendar, loadWorkflows } from '@kntc/workflow/loader';

const WORKFLOWS_DIR = path.resolve(__dirname, '../../../../workflows');

let cached: { registry: WorkflowRegistry; calendar: WorkingCalendar } | undefined;

/** The real workflow files and official calendars, as the engine loads them; tests only. */
export function loadSpecEngine(kind: string): { workflow: WorkflowDefinition; calendar: WorkingCalendar } {
  cached ??= {
    registry: new WorkflowRegistry(loadWorkflows(WORKFLOWS_DIR)),
    calendar: createVietnamCalendar(path.join(WORKFLOWS_DIR, 'calendars'), { makeUpSaturdaysAreWorkingDays: true }),
  };
  return { workflow: cached.registry.latest(kind), calendar: cached.calendar };
}
