import { DeadlineJobRegistry, JobHandlersMisconfiguredError, type DeadlineJobHandler } from './deadline-job-handler';
import { DEADLINE_JOB_NAMES, type DeadlineQueueName } from '../queues';

const handler = (queue: DeadlineQueueName, jobName: string): DeadlineJobHandler =>
  ({ queue, jobName, handle: () => Promise.resolve({ done: true }) }) as DeadlineJobHandler;
const everyName = (): DeadlineJobHandler[] =>
  (Object.entries(DEADLINE_JOB_NAMES) as Array<[DeadlineQueueName, readonly string[]]>).flatMap(([queue, names]) => names.map((name) => handler(queue, name)));

describe('the deadline worker at boot', () => {
  it('starts when every job name has exactly one handler', () => {
    expect(() => new DeadlineJobRegistry(everyName())).not.toThrow();
  });

  it('refuses to boot when a job name has two handlers', () => {
    expect(() => new DeadlineJobRegistry([...everyName(), handler('deadline-timers', 'deadline-due')])).toThrow(
      new JobHandlersMisconfiguredError(['deadline-timers/deadline-due has 2 handlers, expected exactly 1']),
    );
  });

  it('refuses to boot when a job name has none, or a handler serves an undeclared name', () => {
    const missing = everyName().filter((h) => h.jobName !== 'webhook-delivery');
    expect(() => new DeadlineJobRegistry(missing)).toThrow(/webhook-delivery has 0 handlers/);
    expect(() => new DeadlineJobRegistry([...everyName(), handler('deadline-timers', 'deadline-surprise')])).toThrow(/deadline-surprise is not a declared job name/);
  });
});
