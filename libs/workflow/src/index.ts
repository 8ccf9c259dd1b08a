export * from './calendar';
export * from './definition/workflow.types';
export * from './loader/calendar.loader';
