export * from './local-date';
export * from './working-calendar';
export * from './lunar';
export * from './calendar-schedule';
export * from './vietnam-calendar';
