import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const FILLER = 'filler.bin';

/** A small tmpfs the test can fill to the last byte, to see what the engine does on a full disk. */
export interface TinyDisk {
  dir: string;
  /** Writes a filler file until the disk has no space left. */
  fill(): void;
  /** Removes the filler: the disk has room again. */
  free(): void;
  close(): void;
}

/**
 * Mounts a tmpfs of `bytes` on a fresh temporary folder. Needs root (CAP_SYS_ADMIN): a tmpfs mounted in a user
 * namespace of its own is out of reach here, since SQLite resolves /proc/<pid>/root back to this namespace.
 */
export function mountTinyDisk(bytes: number): TinyDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-tiny-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch (error) {
    fs.rmdirSync(dir);
    throw error;
  }
  const filler = path.join(dir, FILLER);
  return {
    dir,
    fill: () => {
      const fd = fs.openSync(filler, 'a');
      const chunk = Buffer.alloc(4096);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
    },
    free: () => fs.rmSync(filler, { force: true }),
    close: () => {
      execFileSync('umount', ['--lazy', dir], { stdio: 'ignore' });
      fs.rmdirSync(dir);
    },
  };
}

/** Whether this process may mount a tmpfs (root in the initial namespace, as in the CI container). */
export function canMountTinyDisk(): boolean {
  try {
    mountTinyDisk(64 * 1024).close();
    return true;
  } catch {
    return false;
  }
}
