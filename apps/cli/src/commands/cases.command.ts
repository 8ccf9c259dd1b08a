import { caseStream, IdentityAccessLog, openEngine } from '@kntc/cases';
import { isUUID } from 'class-validator';
import type { Command } from 'commander';
import * as os from 'node:os';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

interface ShredOptions {
  reason: string;
  operator?: string;
  yes: boolean;
}

/**
 * `kntc cases shred <caseId>`: crypto-shredding. Erases the case's data key, so the confidential identities
 * sealed in its events can never be decrypted again, by anyone; the events, their hash chain and the rest
 * of the history stay as they are. Recorded in the case's identity access log.
 */
export function registerCasesCommand(program: Command): void {
  const cases = program.command('cases').description('Operations on single cases.');
  cases
    .command('shred')
    .description(
      "Erase a case's data key for good: its confidential identities (denouncers, parties who asked for secrecy) become " +
        'unreadable everywhere, while its history stays valid and its audit chain still verifies. Irreversible.',
    )
    .argument('<caseId>', 'case id (UUID)')
    .requiredOption('--reason <text>', 'why, e.g. the retention period ended (recorded in the access log)')
    .option('--operator <name>', 'who is erasing it (default: the operating-system user)')
    .option('--yes', 'confirm: the identities cannot be recovered afterwards', false)
    .action(async (caseId: string, options: ShredOptions) => {
      if (!isUUID(caseId)) throw new UsageError(`case id must be a UUID, got "${caseId}"`);
      const reason = options.reason.normalize('NFC').trim();
      if (reason.length < 5) throw new UsageError('--reason needs at least 5 characters');
      if (!options.yes) throw new UsageError('shredding cannot be undone; add --yes to confirm');
      const id = caseId.toLowerCase();
      const operator = options.operator?.trim() || os.userInfo().username;
      const engine = await openEngine(readConfig());
      try {
        const events = await engine.store.readStream(caseStream(id));
        if (!events.some((e) => e.type === 'CaseFiled')) throw new UsageError(`no case ${id} in the store`);
        const outcome = await engine.vault.shred(id);
        if (outcome === 'absent') {
          process.stdout.write(`case ${id} has no data key (no sealed identity): nothing erased\n`);
          process.exitCode = EXIT_PROBLEMS;
          return;
        }
        if (outcome === 'already-shredded') {
          process.stdout.write(`the data key of case ${id} was already erased\n`);
          process.exitCode = EXIT_OK;
          return;
        }
        const shreddedAt = new Date().toISOString();
        await new IdentityAccessLog(engine.store).record(
          { type: 'CaseKeyShredded', data: { caseId: id, shreddedAt, operator, reason } },
          { actor: { id: operator, role: 'operator' } },
        );
        process.stdout.write(`the data key of case ${id} is erased: its confidential identities are unreadable from now on (recorded by ${operator})\n`);
        process.exitCode = EXIT_OK;
      } finally {
        await engine.store.close();
        await engine.vault.close();
      }
    });
}
