export * from './department-scope';
