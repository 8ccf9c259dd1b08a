export * from './calendar';
export * from './definition/workflow.types';
export * from './loader/calendar.loader';
export * from './definition/workflow-registry';
export * from './loader/workflow.loader';
