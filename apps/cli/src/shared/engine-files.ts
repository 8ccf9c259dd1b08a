import { ConfigError, loadConfig, type KntcConfig } from '@kntc/cases';
import { WorkflowRegistry, type VietnamCalendar } from '@kntc/workflow';
import { createVietnamCalendar, loadWorkflows } from '@kntc/workflow/loader';
import * as path from 'node:path';
import { UsageError } from './cli-errors';

/** The configuration from the environment; an invalid variable is the operator's input, so exit code 2. */
export function readConfig(): KntcConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

export interface EngineFiles {
  workflows: WorkflowRegistry;
  calendar: VietnamCalendar;
}

/** The workflows and calendars the engine would load, without opening the event store. */
export function loadEngineFiles(config: KntcConfig): EngineFiles {
  return {
    workflows: new WorkflowRegistry(loadWorkflows(config.workflowsDir)),
    calendar: createVietnamCalendar(path.join(config.workflowsDir, 'calendars'), {
      makeUpSaturdaysAreWorkingDays: config.makeUpSaturdaysAreWorkingDays,
    }),
  };
}
