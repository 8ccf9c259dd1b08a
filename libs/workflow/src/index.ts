export * from './calendar';
export * from './definition/workflow.types';
