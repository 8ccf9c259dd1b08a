import * as path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { StoreUnavailableError } from '../port/event-store.errors';
import type { AppendResult } from '../port/event-store.port';
import { fromWireError, type AppendRequest, type GroupOutcome, type WireError } from './sqlite-writer';

/** What the writer thread starts with (`workerData`). */
export interface WriterThreadData {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
  /** The thread's end of the channel: the thread drains it without waiting (receiveMessageOnPort). */
  port: MessagePort;
}

export type ToWriter = { kind: 'append'; requests: AppendRequest[] } | { kind: 'close' };

export type WireOutcome = { ok: true; result: AppendResult } | { ok: false; error: WireError };

export type FromWriter =
  | { kind: 'group'; appends: number; outcomes: WireOutcome[] }
  | { kind: 'group'; appends: number; failure: WireError }
  | { kind: 'closed' };

// From the TypeScript sources (Jest, `node -r register-ts.js`) the thread has no compiler of its own: it gets one.
const SOURCE_BOOTSTRAP = `
const fs = require('node:fs');
const Module = require('node:module');
const { workerData } = require('node:worker_threads');
const { transformSync } = require(workerData.compiler);
Module._extensions['.ts'] = (module, filename) => module._compile(transformSync(fs.readFileSync(filename, 'utf8'), {
  filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
}).code, filename);
require(workerData.entry);
`;

/**
 * The main-thread end of the writer thread, which owns the store's write connection: appends are posted in
 * arrival order and answered in that order, one transaction (`GroupOutcome`) at a time. The thread keeps the
 * process alive only while appends are pending.
 */
export class SqliteWriterThread<T extends { request: AppendRequest }> {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** Submitted and not yet answered, in the order the thread answers them. */
  private readonly pending: T[] = [];
  private stopped: Error | undefined;
  private readonly closed: Promise<void>;
  private closeRequested = false;
  private readonly file: string;

  constructor(
    options: Omit<WriterThreadData, 'port'>,
    private readonly onGroup: (items: T[], outcome: GroupOutcome) => void,
  ) {
    this.file = options.file;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: WriterThreadData = { ...options, port: port2 };
    const entry = path.join(__dirname, `sqlite-writer.thread${path.extname(__filename)}`);
    this.worker = entry.endsWith('.ts')
      ? new Worker(SOURCE_BOOTSTRAP, { eval: true, workerData: { ...data, entry, compiler: require.resolve('@swc/core') }, transferList: [port2] })
      : new Worker(entry, { workerData: data, transferList: [port2] });
    this.port.on('message', (message: FromWriter) => this.receive(message));
    this.closed = new Promise((resolve) => {
      this.worker.once('error', (error) => this.stop(error));
      this.worker.once('exit', (code) => {
        this.stop(new Error(`exited with code ${code}`));
        this.port.close();
        resolve();
      });
    });
    this.idle();
  }

  submit(items: T[]): void {
    if (items.length === 0) return;
    if (this.stopped !== undefined || this.closeRequested) {
      this.onGroup(items, { appends: items.length, failure: this.unavailable() });
      return;
    }
    this.pending.push(...items);
    this.worker.ref();
    this.port.ref();
    this.port.postMessage({ kind: 'append', requests: items.map((item) => item.request) } satisfies ToWriter);
  }

  /** Answers every append submitted so far (the thread commits them first), then ends the thread. */
  async close(): Promise<void> {
    if (!this.closeRequested && this.stopped === undefined) {
      this.closeRequested = true;
      this.worker.ref();
      this.port.postMessage({ kind: 'close' } satisfies ToWriter);
    }
    await this.closed;
  }

  private receive(message: FromWriter): void {
    if (message.kind === 'closed') return;
    const items = this.pending.splice(0, message.appends);
    const outcome: GroupOutcome =
      'failure' in message
        ? { appends: message.appends, failure: fromWireError(message.failure) }
        : {
            appends: message.appends,
            outcomes: message.outcomes.map((o) => (o.ok ? o : { ok: false, error: fromWireError(o.error) })),
          };
    if (this.pending.length === 0 && !this.closeRequested) this.idle();
    this.onGroup(items, outcome);
  }

  /**
   * The thread ended or failed. Its unanswered appends may or may not be on disk: they are refused as unavailable,
   * and a retry with the same event ids answers as the first write did, if there was one.
   */
  private stop(reason: Error): void {
    if (this.stopped !== undefined) return;
    this.stopped = reason;
    const unanswered = this.pending.splice(0);
    if (unanswered.length > 0) this.onGroup(unanswered, { appends: unanswered.length, failure: this.unavailable() });
  }

  private unavailable(): StoreUnavailableError {
    const why = this.stopped !== undefined ? `stopped (${this.stopped.message})` : 'closing';
    return new StoreUnavailableError(`sqlite event store ${this.file}: writer thread ${why}`);
  }

  private idle(): void {
    this.worker.unref();
    this.port.unref();
  }
}
