import { Module } from '@nestjs/common';
import { EVENT_STORE, WORKFLOW_REGISTRY } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { DepartmentReportService, REPORT_SPREADSHEET_WRITER, excelJsSpreadsheetWriter } from '@kntc/read-models';
import type { WorkflowRegistry } from '@kntc/workflow';
import { DepartmentReportHttpController } from './department-report.http.controller';

/** Department reports over HTTP, computed from the event store that CasesModule provides. */
@Module({
  controllers: [DepartmentReportHttpController],
  providers: [
    {
      provide: DepartmentReportService,
      useFactory: (store: EventStore, workflows: WorkflowRegistry) => new DepartmentReportService(store, workflows),
      inject: [EVENT_STORE, WORKFLOW_REGISTRY],
    },
    { provide: REPORT_SPREADSHEET_WRITER, useValue: excelJsSpreadsheetWriter },
  ],
})
export class ReportsModule {}
