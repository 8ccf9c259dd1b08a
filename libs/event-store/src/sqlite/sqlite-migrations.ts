import type Database from 'better-sqlite3';

/**
 * Brings a SQLite file to the last of `migrations`; `PRAGMA user_version` records how many it has had. One
 * transaction per step, re-reading the version inside it, so two processes opening the file agree. A file from
 * a newer build is refused. Never edit a released step: add one.
 */
export function applySqliteMigrations(db: Database.Database, migrations: readonly string[], what: string): void {
  const step = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw new Error(`${what} ${db.name} has schema version ${version}; this build knows up to ${migrations.length}`);
    }
    if (version === migrations.length) return false;
    db.exec(migrations[version]!);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  let stepped = true;
  while (stepped) stepped = step.immediate();
}
