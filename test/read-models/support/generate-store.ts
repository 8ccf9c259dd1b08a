import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@kntc/event-store';
import { CaseHistoryGenerator, toNewEvents } from './case-history.generator';
import { loadEngineFiles } from './read-model-fixtures';

const CASES_PER_CHUNK = 2_000;

/**
 * Fills a SQLite store file with `target` realistic case events (the generator's histories, run through the real
 * decider), written straight into the events table in large transactions: a benchmark's or test's set-up, not a figure.
 */
export function generateStore(file: string, target: number, seed = 20261122): { events: number; cases: number; seconds: number } {
  SqliteEventStore.open(file).close();
  const started = performance.now();
  const files = loadEngineFiles();
  const generator = new CaseHistoryGenerator(files.workflows, files.calendar, { seed, receivedSpanDays: 600, firstReceivedOn: '2025-01-02' });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Map<string, number>();
  let events = 0;
  const writeChunk = db.transaction((steps: ReturnType<CaseHistoryGenerator['cases']>) => {
    for (const step of steps) {
      const stream = `case-${step.caseId}`;
      for (const event of toNewEvents(step)) {
        if (events >= target) return;
        const revision = (revisions.get(stream) ?? -1) + 1;
        revisions.set(stream, revision);
        insert.run(event.id, stream, revision, event.type, event.schemaVersion, JSON.stringify(event.data), JSON.stringify(event.metadata), step.occurredAt);
        events += 1;
      }
    }
  });
  while (events < target) {
    writeChunk(generator.cases(CASES_PER_CHUNK));
    if (process.stderr.isTTY) process.stderr.write(`\rgenerating: ${events} events`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  db.close();
  return { events, cases: revisions.size, seconds: (performance.now() - started) / 1000 };
}
