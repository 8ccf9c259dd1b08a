/**
 * The writer thread of a SQLite store opened with `writer: 'thread'`: it owns the write connection, so the
 * transaction and its fsync never hold the main thread's event loop. Group commit: every append that arrived while
 * the last transaction was committing goes into the next one (up to MAX_GROUP_COMMIT_APPENDS), and each
 * transaction is answered as one message, in arrival order.
 */
import Database from 'better-sqlite3';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { MAX_GROUP_COMMIT_APPENDS, SqliteWriter, toWireError, type AppendRequest, type GroupOutcome } from './sqlite-writer';
import type { FromWriter, ToWriter, WriterThreadData } from './sqlite-writer-thread';

const { file, synchronous, busyTimeoutMs, port } = workerData as WriterThreadData;
const db = new Database(file, { timeout: busyTimeoutMs });
db.pragma(`synchronous = ${synchronous}`);
const writer = new SqliteWriter(db);
const queue: AppendRequest[] = [];
let closing = false;

port.on('message', (message: ToWriter) => {
  take(message);
  work();
});

function take(message: ToWriter): void {
  if (message.kind === 'close') closing = true;
  else for (const request of message.requests) queue.push(request);
}

function work(): void {
  for (;;) {
    for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) take(next.message as ToWriter);
    if (queue.length === 0) break;
    port.postMessage(toWire(writer.commit(queue.splice(0, MAX_GROUP_COMMIT_APPENDS))));
  }
  if (closing) {
    db.close();
    port.postMessage({ kind: 'closed' } satisfies FromWriter);
    port.close();
  }
}

function toWire(outcome: GroupOutcome): FromWriter {
  if ('failure' in outcome) return { kind: 'group', appends: outcome.appends, failure: toWireError(outcome.failure) };
  return {
    kind: 'group',
    appends: outcome.appends,
    outcomes: outcome.outcomes.map((o) => (o.ok ? o : { ok: false, error: toWireError(o.error) })),
  };
}
