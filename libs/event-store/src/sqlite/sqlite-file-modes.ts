import * as fs from 'node:fs';
import * as path from 'node:path';

/** Owner-only: the store holds case text and complainants' personal data. */
export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_DIR = 0o700;

/** The files SQLite keeps for a database in WAL mode. */
export function sqliteFilesOf(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Before SQLite opens `file`: its folder exists (created 0700), and the file exists with mode 0600. SQLite creates
 * the -wal and -shm files itself with the database file's mode (and fchmods them to it, whatever the umask), so a
 * 0600 database keeps its journal files 0600 too. Files an older version left readable by others are tightened;
 * returns those, for the caller to log.
 */
export function prepareOwnerOnlySqliteFile(file: string): string[] {
  if (file === ':memory:' || file === '') return [];
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: OWNER_ONLY_DIR });
  try {
    // SQLite initialises an empty file as a new database. 'wx' leaves an existing file (and a read-only disk) alone.
    fs.closeSync(fs.openSync(file, 'wx', OWNER_ONLY_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return restrictSqliteFiles(file);
}

/** Tightens the database file and its journal files to owner-only where they exist; returns those that were looser. */
export function restrictSqliteFiles(file: string): string[] {
  if (file === ':memory:' || file === '') return [];
  return sqliteFilesOf(file).filter((own) => restrictToOwner(own));
}

/**
 * Takes away every permission of the group and of others (0644 becomes 0600, 0755 becomes 0700); true when there
 * was one to take. Missing paths are skipped.
 */
export function restrictToOwner(file: string): boolean {
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if ((mode & 0o077) === 0) return false;
  fs.chmodSync(file, mode & 0o700);
  return true;
}
