/**
 * Durable append throughput of the embedded SQLite event store (group commit, synchronous=FULL) with 1, 8 and 64
 * concurrent appenders, each printed beside this machine's limit measured for 1 s just before it (raw better-sqlite3,
 * one single-row transaction per commit, WAL, synchronous=FULL: one fsync per append) and beside Emmett's SQLite
 * event store (`@event-driven-io/emmett-sqlite`, WAL, SQLite's default synchronous=FULL) in the same process.
 * Run with `npm run bench`; KNTC_BENCH_SECONDS sets each measurement's length (default 3).
 */
import Database from 'better-sqlite3';
import { NO_STREAM, SqliteEventStore, type NewEvent } from '@kntc/event-store';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const CONCURRENCY = [1, 8, 64] as const;

interface Figure {
  what: string;
  appends: number;
  seconds: number;
  /** Transactions committed, where the store tells. */
  commits?: number;
  failed?: number;
  note?: string;
  /** The machine limit measured just before this figure (raw single-row commits/s). */
  limit?: number;
}

/** Emmett's store as far as this bench uses it. */
interface EmmettStore {
  appendToStream(stream: string, events: Array<{ type: string; data: Record<string, unknown> }>): Promise<unknown>;
}

/** A filing-sized event (about 1 KB of JSON), as the command handler appends. */
function filingData(i: number): Record<string, unknown> {
  return {
    caseId: randomUUID(),
    kind: 'complaint-first',
    department: 'so-tnmt',
    channel: 'in-person',
    receivedOn: '2026-03-02',
    subject: `Khiếu nại quyết định thu hồi đất số ${i} tại phường Hòa Bình`,
    content: 'Đề nghị xem xét lại mức bồi thường khi thu hồi 120 m² đất ở. '.repeat(8),
    parties: [{ role: 'complainant', ref: randomUUID(), confidential: false }],
  };
}

function newEvent(i: number): NewEvent {
  return { id: randomUUID(), type: 'CaseFiled', schemaVersion: 1, data: filingData(i), metadata: { correlationId: randomUUID(), actor: { id: 'tnmt-intake' } } };
}

/** `appenders` loops appending one-event new streams until `seconds` passed; counts the appends that succeeded. */
async function drive(appenders: number, seconds: number, append: (appender: number, i: number) => Promise<unknown>): Promise<{ appends: number; failed: number; seconds: number; error?: string }> {
  let appends = 0;
  let failed = 0;
  let error: string | undefined;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: appenders }, async (_, appender) => {
      for (let i = 0; performance.now() < end; i++) {
        try {
          await append(appender, i);
          appends += 1;
        } catch (caught) {
          failed += 1;
          error ??= caught instanceof Error ? caught.message.split('\n')[0] : String(caught);
        }
      }
    }),
  );
  return { appends, failed, seconds: (performance.now() - start) / 1000, ...(error !== undefined ? { error } : {}) };
}

function measureRawCommits(dir: string, seconds: number, when: string): Figure {
  const db = new Database(path.join(dir, `raw-${when}.sqlite`));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, data TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO events (event_id, data) VALUES (?, ?)');
    let appends = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    // Autocommit: each INSERT is its own transaction and its own fsync.
    while (performance.now() < end) {
      insert.run(randomUUID(), JSON.stringify(filingData(appends)));
      appends += 1;
    }
    return { what: `raw better-sqlite3, 1 row per commit (machine limit, ${when})`, appends, seconds: (performance.now() - start) / 1000, commits: appends };
  } finally {
    db.close();
  }
}

async function measureStore(dir: string, appenders: number, seconds: number): Promise<Figure> {
  let commits = 0;
  const store = SqliteEventStore.open(path.join(dir, `kntc-${appenders}.sqlite`), { onCommit: () => (commits += 1) });
  try {
    const run = await drive(appenders, seconds, (appender, i) => store.append(`case-${appender}-${i}`, [newEvent(i)], NO_STREAM));
    return { what: `KNTC SqliteEventStore, ${appenders} appender(s)`, appends: run.appends, seconds: run.seconds, commits, failed: run.failed, ...(run.error ? { note: run.error } : {}) };
  } finally {
    await store.close();
  }
}

async function loadEmmett(): Promise<((file: string) => EmmettStore) | string> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const emmett = require('@event-driven-io/emmett-sqlite') as { getSQLiteEventStore(options: { fileName: string }): EmmettStore };
    return (file) => emmett.getSQLiteEventStore({ fileName: file });
  } catch (error) {
    return `not run: @event-driven-io/emmett-sqlite cannot be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

async function measureEmmett(open: (file: string) => EmmettStore, dir: string, appenders: number, seconds: number): Promise<Figure> {
  const store = open(path.join(dir, `emmett-${appenders}.sqlite`));
  // Emmett logs every failed transaction with console.log: counted in the table instead of printed.
  const log = console.log;
  console.log = () => undefined;
  let run: Awaited<ReturnType<typeof drive>>;
  try {
    await store.appendToStream('warmup-1', [{ type: 'Warmup', data: {} }]);
    run = await drive(appenders, seconds, (appender, i) => store.appendToStream(`case-${appender}-${i}`, [{ type: 'CaseFiled', data: filingData(i) }]));
  } finally {
    console.log = log;
  }
  return { what: `Emmett SQLite event store, ${appenders} appender(s)`, appends: run.appends, seconds: run.seconds, failed: run.failed, ...(run.error ? { note: run.error } : {}) };
}

export async function main(): Promise<void> {
  const seconds = Number(process.env['KNTC_BENCH_SECONDS'] ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-bench-commit-'));
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    // fsync latency drifts with what else the disk does: each figure is set beside the limit measured just before it.
    let probes = 0;
    const beside = async (measure: () => Promise<Figure>): Promise<void> => {
      const probe = measureRawCommits(dir, 1, `probe ${++probes}`);
      figures.push({ ...(await measure()), limit: probe.appends / probe.seconds });
    };
    figures.push(measureRawCommits(dir, seconds, 'alone'));
    for (const appenders of CONCURRENCY) await beside(() => measureStore(dir, appenders, seconds));
    const emmett = await loadEmmett();
    if (typeof emmett === 'string') notes.push(`Emmett ${emmett}`);
    else for (const appenders of CONCURRENCY) await beside(() => measureEmmett(emmett, dir, appenders, seconds));
    print(figures, notes, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function print(figures: readonly Figure[], notes: readonly string[], dir: string): void {
  const rows = figures.map((f) => {
    const rate = f.appends / f.seconds;
    const limit = f.limit ?? rate;
    return [
      f.what,
      fmt(f.appends),
      f.seconds.toFixed(2),
      `${fmt(Math.round(rate))}/s`,
      `${fmt(Math.round(limit))}/s`,
      `${(rate / limit).toFixed(2)}x`,
      f.commits === undefined ? '' : (f.appends / Math.max(f.commits, 1)).toFixed(1),
      f.failed ? `${fmt(f.failed)} failed: ${f.note ?? ''}` : '',
    ];
  });
  const all = [['measure (1 event of ~1 KB per append, synchronous=FULL)', 'appends', 'seconds', 'rate', 'limit just before', 'vs limit', 'appends/commit', ''], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  process.stdout.write(`\nKNTC group commit benchmark: Node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), files in ${path.dirname(dir)}\n`);
  for (const row of all) process.stdout.write(`  ${row.map((c, i) => (i === 0 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`.trimEnd() + '\n');
  for (const note of notes) process.stdout.write(`  ${note}\n`);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
