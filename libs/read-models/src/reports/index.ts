export * from './department-report.types';
export * from './report-period';
export * from './department-report.builder';
export * from './department-report.service';
export * from './department-report.table';
export * from './department-report.csv';
export * from './department-report.export';
export * from './report-spreadsheet.writer';
