#!/usr/bin/env node
// Usage: node scripts/with-redis.js <command> [args...]
//
// Runs the command with REDIS_URL set. When REDIS_URL is already set it is passed through untouched; otherwise a
// private redis-server (from PATH) is started on a free 127.0.0.1 port with its own temporary folder and no
// persistence, so nothing outside that folder is read or written. That redis is stopped by its PID and the
// folder removed when the command ends, fails, or this process gets SIGINT/SIGTERM/SIGHUP. Exits with the
// command's exit code (128 + signal number when the command was killed by a signal).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 3;
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function fail(message, code = 1) {
  process.stderr.write(`with-redis: ${message}\n`);
  process.exit(code);
}

function findOnPath(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `PING` is answered with `+PONG`; rejects after the timeout or when redis exits. */
function waitUntilReady(port, redis) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let exited = false;
    const onExit = (code, signal) => {
      exited = true;
      reject(new Error(`redis-server exited before it was ready (${signal || `exit code ${code}`})`));
    };
    redis.once('exit', onExit);
    const attempt = () => {
      if (exited) return;
      const socket = net.connect({ host: '127.0.0.1', port });
      let reply = '';
      const retry = () => {
        socket.destroy();
        if (exited) return;
        if (Date.now() > deadline) {
          redis.off('exit', onExit);
          reject(new Error(`redis-server did not answer PING on port ${port} within ${READY_TIMEOUT_MS} ms`));
        } else {
          setTimeout(attempt, 50);
        }
      };
      socket.setTimeout(1_000, retry);
      socket.on('error', retry);
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        reply += chunk.toString('latin1');
        if (!reply.includes('\r\n')) return;
        if (reply.startsWith('+PONG')) {
          socket.end();
          redis.off('exit', onExit);
          resolve();
        } else {
          retry(); // -LOADING while it starts
        }
      });
    };
    attempt();
  });
}

class PrivateRedis {
  constructor(binary) {
    this.binary = binary;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-redis-'));
    this.process = undefined;
  }

  get logFile() {
    return path.join(this.dir, 'redis.log');
  }

  async start() {
    let lastError;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      // Another process may take the port between freePort() and redis binding it: then try another one.
      const port = await freePort();
      const args = [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--dir', this.dir,
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'no',
        '--logfile', this.logFile,
      ];
      // Its own process group: a Ctrl-C in the terminal reaches the command, which may still need Redis while
      // it shuts down; this script stops Redis afterwards.
      const child = spawn(this.binary, args, { stdio: 'ignore', detached: true });
      child.on('error', () => {}); // reported through 'exit' / waitUntilReady
      this.process = child;
      try {
        await waitUntilReady(port, child);
        return `redis://127.0.0.1:${port}`;
      } catch (error) {
        lastError = error;
        await this.stopProcess();
      }
    }
    let log = '';
    try {
      log = fs.readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    } catch {
      // no log written
    }
    throw new Error(`${lastError.message}${log ? `\n${log}` : ''}`);
  }

  /** SIGTERM by PID (Redis shuts down cleanly on it), SIGKILL if it is still there after the timeout. */
  async stopProcess() {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  async stop() {
    await this.stopProcess();
    this.removeDir();
  }

  /** Last resort on a synchronous exit: no waiting possible, so SIGKILL. */
  stopNow() {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
      try {
        process.kill(this.process.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.process = undefined;
    this.removeDir();
  }

  removeDir() {
    try {
      fs.rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // best effort: the folder is under the OS temp folder
    }
  }
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) fail('usage: node scripts/with-redis.js <command> [args...]', 2);

  let child;
  const received = [];
  // Installed before Redis starts: a signal's default action would skip the cleanup below.
  for (const signal of FORWARDED_SIGNALS) {
    process.on(signal, () => {
      received.push(signal);
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }

  let redis;
  const env = { ...process.env };
  if (!env.REDIS_URL) {
    const binary = findOnPath('redis-server');
    if (!binary) {
      fail(
        'REDIS_URL is not set and redis-server is not on PATH.\n' +
          '  Install it (Debian/Ubuntu): sudo apt-get install -y redis-server\n' +
          '  or point REDIS_URL at a running Redis, e.g. REDIS_URL=redis://127.0.0.1:6379',
      );
    }
    redis = new PrivateRedis(binary);
    process.on('exit', () => redis.stopNow());
    try {
      env.REDIS_URL = await redis.start();
    } catch (error) {
      await redis.stop();
      fail(`could not start redis-server: ${error.message}`);
    }
  }

  if (received.length > 0) {
    // Interrupted while Redis was starting: do not start the command at all.
    if (redis) await redis.stop();
    process.exit(128 + os.constants.signals[received[0]]);
  }

  child = spawn(command, args, { stdio: 'inherit', env });
  const outcome = await new Promise((resolve) => {
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  if (redis) await redis.stop();
  if (outcome.error) {
    fail(`cannot run ${command}: ${outcome.error.code === 'ENOENT' ? 'command not found' : outcome.error.message}`, 127);
  }
  process.exit(outcome.signal ? 128 + os.constants.signals[outcome.signal] : outcome.code);
}

main().catch((error) => fail(error.stack || String(error)));
