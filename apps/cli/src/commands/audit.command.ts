import { accessStream, caseStream, CHAINED_STREAM_PREFIXES } from '@kntc/cases';
import { createEventStore, verifyStoreChains, type ChainBreak, type StoreChainReport } from '@kntc/event-store';
import { isUUID } from 'class-validator';
import type { Command } from 'commander';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';


/** `kntc audit verify [--case <id>]`: re-computes every hash chain in the store and names the first event that does not match. */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('Audit tools over the event store.');
  audit
    .command('verify')
    .description(
      'Re-compute the hash chain of every case stream and identity access stream (or of one case) and report, per stream, ' +
        'the first event that does not match: stream, revision, position, expected and actual hash. Exit code 1 when a chain is broken.',
    )
    .option('--case <id>', 'verify this case only (its case stream and access stream)')
    .option('--json', 'print the report as JSON', false)
    .action(async (options: { case?: string; json: boolean }) => {
      if (options.case !== undefined && !isUUID(options.case)) throw new UsageError(`--case must be a case id (UUID), got "${options.case}"`);
      const caseId = options.case?.toLowerCase();
      const config = readConfig();
      const store = await createEventStore(
        config.eventStore === 'kurrentdb' ? { kind: 'kurrentdb', connectionString: config.kurrentDbConnectionString! } : { kind: 'sqlite', file: config.sqliteFile },
      );
      let report: StoreChainReport;
      try {
        report = await verifyStoreChains(store, {
          streamPrefixes: CHAINED_STREAM_PREFIXES,
          ...(caseId !== undefined ? { streams: [caseStream(caseId), accessStream(caseId)] } : {}),
        });
      } finally {
        await store.close();
      }
      if (caseId !== undefined && report.events === 0) throw new UsageError(`no case ${caseId} in the store`);
      process.stdout.write(options.json ? `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n` : format(report, caseId));
      process.exitCode = report.breaks.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
    });
}

function format(report: StoreChainReport, caseId: string | undefined): string {
  const scope = caseId !== undefined ? `case ${caseId}` : `${report.streams} streams (${CHAINED_STREAM_PREFIXES.map((p) => `${p}*`).join(', ')})`;
  if (report.breaks.length === 0) {
    return `audit chain verified: ${report.events} events in ${scope}, up to position ${report.headPosition}\n`;
  }
  const lines = [`audit chain BROKEN in ${report.breaks.length} of ${report.streams} streams (${report.events} events read):`];
  for (const broken of report.breaks) lines.push(...describe(broken));
  return `${lines.join('\n')}\n`;
}

const PROBLEMS: Record<ChainBreak['problem'], string> = {
  'hash-mismatch': 'its content does not match its hash (the event was changed after it was written)',
  'prev-hash-mismatch': 'its link to the event before it does not match (an event before it was changed, removed or inserted)',
  'missing-hash': 'it carries no hash (written outside the engine)',
  'revision-gap': 'its revision is out of sequence (an event before it is missing)',
};

function describe(broken: ChainBreak): string[] {
  return [
    `  ${broken.stream} revision ${broken.revision} (position ${broken.position}, event ${broken.eventId}, ${broken.type}): ${PROBLEMS[broken.problem]}`,
    `    expected: ${broken.expected}`,
    `    actual:   ${broken.actual}`,
  ];
}
