export * from './calendar.loader';
export * from './workflow.loader';
