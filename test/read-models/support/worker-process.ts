import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './read-model-fixtures';

const REGISTER = path.join(__dirname, 'register-ts.js');
const WORKER_ENTRY = path.join(REPO_ROOT, 'apps', 'worker', 'src', 'main.ts');

/** Variables that would point the worker at a store or Redis the test did not create. */
const INHERITED = ['KNTC_EVENT_STORE', 'KURRENTDB_CONNECTION_STRING', 'KNTC_SQLITE_FILE', 'KNTC_DATA_DIR', 'KNTC_REDIS_PREFIX'];

/** The worker entry (apps/worker/src/main.ts) as a child process, from the sources. */
export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const name of INHERITED) delete childEnv[name];
    this.child = spawn(process.execPath, ['-r', REGISTER, WORKER_ENTRY], {
      cwd: REPO_ROOT,
      // The projection tests replay histories whose deadlines passed long ago: no deadline worker appends to them.
      env: { ...childEnv, KNTC_EVENT_STORE: 'sqlite', KNTC_RUN_DEADLINES: 'false', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** What the worker printed, for a failing test's message. */
  log(): string {
    return this.output.join('');
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}
