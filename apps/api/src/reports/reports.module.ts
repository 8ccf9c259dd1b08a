import { Module } from '@nestjs/common';
import { EVENT_STORE, WORKFLOW_REGISTRY } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import {
  DepartmentReportFromFacts,
  DepartmentReportService,
  READ_MODEL_REDIS,
  READ_MODEL_SETTINGS,
  ReadModelKeys,
  REPORT_SPREADSHEET_WRITER,
  excelJsSpreadsheetWriter,
  type DepartmentReports,
  type ReadModelSettings,
} from '@kntc/read-models';
import type { WorkflowRegistry } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { DepartmentReportHttpController } from './department-report.http.controller';
import { DEPARTMENT_REPORTS } from './reports.module.tokens';

/**
 * Department reports over HTTP. With the read models (REDIS_URL) they come from the report-facts projection, a
 * department's cases only; without Redis, from a paged scan of the event store (slow on a large store, but it
 * yields to other requests between pages).
 */
@Module({
  controllers: [DepartmentReportHttpController],
  providers: [
    {
      provide: DEPARTMENT_REPORTS,
      useFactory: (store: EventStore, workflows: WorkflowRegistry, redis?: Redis, keys?: ReadModelKeys, settings?: ReadModelSettings): DepartmentReports =>
        redis && keys && settings
          ? new DepartmentReportFromFacts({ store, redis, keys, workflows, waitTimeoutMs: settings.waitTimeoutMs })
          : new DepartmentReportService(store, workflows),
      inject: [
        EVENT_STORE,
        WORKFLOW_REGISTRY,
        { token: READ_MODEL_REDIS, optional: true },
        { token: ReadModelKeys, optional: true },
        { token: READ_MODEL_SETTINGS, optional: true },
      ],
    },
    { provide: REPORT_SPREADSHEET_WRITER, useValue: excelJsSpreadsheetWriter },
  ],
})
export class ReportsModule {}
