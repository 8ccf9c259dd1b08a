import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { getQueueToken } from '@nestjs/bullmq';
import { CasesModule, ConfigError, openEngine, type KntcConfig } from '@kntc/cases';
import {
  DEADLINE_TIMERS_QUEUE,
  DEADLINE_WEBHOOKS_QUEUE,
  DEADLINE_REDIS,
  DeadlineKeys,
  DeadlineReconciler,
  DeadlinesModule,
  deadlineSettings,
  readDeadlineStatus,
  type DeadlineStatus,
} from '@kntc/deadlines';
import { readModelSettings } from '@kntc/read-models';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Command } from 'commander';
import { UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

export function registerDeadlinesCommand(program: Command): void {
  const deadlines = program.command('deadlines').description('Statutory clocks in BullMQ: pending timers, failures, and re-creating timers from the events');

  deadlines
    .command('status')
    .description('Running and overdue clocks by name, pending timers, the next to fire, failed timers and webhook deliveries')
    .option('--json', 'print JSON instead of text', false)
    .action(async (options: { json: boolean }) => {
      await withDeadlines(async (app) => {
        const status = await readDeadlineStatus({
          timers: app.get<Queue>(getQueueToken(DEADLINE_TIMERS_QUEUE)),
          webhooks: app.get<Queue>(getQueueToken(DEADLINE_WEBHOOKS_QUEUE)),
          redis: app.get<Redis>(DEADLINE_REDIS),
          keys: app.get(DeadlineKeys),
          now: new Date(),
        });
        process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
      });
    });

  deadlines
    .command('reconcile')
    .description('Re-create every missing timer from the event store and flag stalled cases (what the periodic job does), now')
    .action(async () => {
      await withDeadlines(async (app) => {
        const report = await app.get(DeadlineReconciler).reconcile();
        process.stdout.write(
          report.schedulerBehind
            ? 'the deadline scheduler could not apply every case event: nothing judged; run again\n'
            : `open cases: ${report.cases}, running clocks: ${report.runningClocks}, timers re-created: ${report.recreated} (${report.replaced} replacing failed or completed jobs), stalled cases flagged: ${report.stalledFlagged}\n`,
        );
      });
    });
}

type App = Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

async function withDeadlines(work: (app: App) => Promise<void>): Promise<void> {
  const config: KntcConfig = readConfig();
  const redisUrl = config.redisUrl;
  if (redisUrl === undefined) throw new UsageError('REDIS_URL is not set: the timers live in Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)');
  let settings;
  let keyRoot: string;
  try {
    settings = deadlineSettings();
    keyRoot = readModelSettings().keyRoot;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const engine = await openEngine(config);
  @Module({
    imports: [
      CqrsModule.forRoot(),
      CasesModule.register({ store: engine.store, workflows: engine.workflows, calendar: engine.calendar, vault: engine.vault }),
      DeadlinesModule.register({ redisUrl, keyRoot, settings, runWorkers: false, runScheduler: false }),
    ],
  })
  class DeadlinesCliModule {}
  const app = await NestFactory.createApplicationContext(DeadlinesCliModule, { logger: ['error'] });
  try {
    await work(app);
  } finally {
    await app.close();
    await engine.store.close();
    await engine.vault.close();
  }
}

function formatStatus(s: DeadlineStatus): string {
  const lines = ['Running clocks by name:'];
  const clocks = Object.keys(s.clocks).sort();
  if (clocks.length === 0) lines.push('  (none)');
  for (const clock of clocks) {
    const c = s.clocks[clock]!;
    lines.push(`  ${clock.padEnd(18)} ${c.running} running, ${c.overdue} overdue${c.nextDueAt !== undefined ? `, next due ${c.nextDueAt}` : ''}`);
  }
  lines.push(`Pending timers: ${s.pending.parked} parked (due beyond the horizon), ${s.pending.delayed} delayed in BullMQ, ${s.pending.waiting} waiting for a worker`);
  lines.push(`Next to fire: ${s.next ? `${s.next.fireAt} (${s.next.jobId})` : '-'}`);
  lines.push(`Running clocks: ${s.runningClocks}, overdue: ${s.overdue}`);
  lines.push(`Failed timers: ${s.failedTimers}`);
  lines.push(`Failed webhook deliveries: ${s.failedWebhooks.count}`);
  for (const f of s.failedWebhooks.latest) lines.push(`  ${f.jobId} → ${f.url}: ${f.reason} (${f.attempts} attempts)`);
  lines.push(`Scheduler checkpoint: ${s.schedulerCheckpoint}`);
  return `${lines.join('\n')}\n`;
}
