import { OWNER_ONLY_DIR, restrictSqliteFiles, restrictToOwner } from '@kntc/event-store';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KntcConfig } from './kntc.config';

/**
 * The data folder holds case text and complainants' personal data: it is created 0700, and a folder or file an
 * older version left readable by other local accounts (0755, 0644) is tightened at start-up, with one warning
 * that names the folder and how many paths changed, never their content. Returns the paths tightened.
 */
export function secureDataDir(config: Pick<KntcConfig, 'dataDir' | 'sqliteFile'> & { security: { keyStoreFile: string } }): string[] {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: OWNER_ONLY_DIR });
  const tightened = [...tightenTree(config.dataDir), ...restrictSqliteFiles(config.sqliteFile), ...restrictSqliteFiles(config.security.keyStoreFile)];
  const unique = [...new Set(tightened)];
  if (unique.length > 0) {
    process.emitWarning(`${unique.length} path(s) in or beside the data folder ${config.dataDir} were readable by other accounts; now owner-only`, {
      code: 'KNTC_DATA_PERMISSIONS',
    });
  }
  return unique;
}

/** The folder, and everything under it, owner-only. Symbolic links are left alone: they may point anywhere. */
function tightenTree(dir: string): string[] {
  const tightened = restrictToOwner(dir) ? [dir] : [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) tightened.push(...tightenTree(full));
    else if (entry.isFile() && restrictToOwner(full)) tightened.push(full);
  }
  return tightened;
}
