// Pure code only: the domain imports this entry. File loaders live in `@kntc/workflow/loader`.
export * from './calendar';
export * from './definition/workflow.types';
export * from './definition/workflow-registry';
