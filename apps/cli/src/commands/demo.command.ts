import { findProjectRoot } from '@kntc/cases';
import { formatVn } from '@kntc/workflow';
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT_OK, EXIT_PROBLEMS } from '../shared/cli-errors';
import { formatSummary } from '../import/import.command';
import { demoFolder } from '../demo/demo-environment';
import { loadDemo, type DemoOutcome } from '../demo/load-demo';

/**
 * `kntc demo [--data-dir <dir>] [--seed <n>]`: a quarter of a Sở in a folder of its own (default data-demo/), for
 * trying the engine: `npm start -- --demo` runs it, then starts the engine on that folder.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Load a demo into a folder of its own (default data-demo/, never data/): the users of the users file with one password, ' +
        'printed once, and a quarter of a Sở (generated from the seed: every case kind and stage, some clocks overdue) imported ' +
        'through the command bus. A second run on the same folder imports nothing. Then: KNTC_DATA_DIR=<dir> npm start, or npm start -- --demo.',
    )
    .option('--data-dir <dir>', 'the demo folder (default: data-demo/ under the project)')
    .option('--seed <n>', 'the seed the quarter is generated from (default 1)', parseSeed)
    .action(async (options: { dataDir?: string; seed?: number }) => {
      const outcome = await loadDemo({ dir: demoFolder(findProjectRoot(), options.dataDir), ...(options.seed !== undefined ? { seed: options.seed } : {}), now: new Date() });
      process.stdout.write(formatDemo(outcome));
      process.exitCode = outcome.import.refused.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
    });
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError('a whole number, 0 or more');
  return seed;
}

/** What was loaded; the password only on the load that set it, on standard output and nowhere else. */
export function formatDemo(outcome: DemoOutcome): string {
  const { register, import: summary, users } = outcome;
  const out = [
    `Demo KNTC trong ${outcome.dir}`,
    `  quý / quarter:     ${formatVn(register.from)} – ${formatVn(register.to)} (seed ${outcome.seed}), ${register.cases} hồ sơ / cases, ${register.lines} dòng sổ / register lines`,
  ];
  if (users) {
    out.push(
      `  người dùng / users: ${users.count} accounts of the users file, each with this password (shown only now):`,
      '',
      `      ${users.password}`,
      '',
      `  e.g. sign in as ${users.examples.join(', ')}.`,
      `  Change it: KNTC_DATA_DIR=${outcome.dir} kntc users set-password <id>`,
    );
  } else {
    out.push('  người dùng / users: already in the folder (their password was shown by the first kntc demo on it)');
  }
  out.push(formatSummary(summary).trimEnd().replace(/^/gm, '  '));
  if (summary.executed === 0 && summary.refused.length === 0) {
    out.push(`  Nothing imported: this folder already holds the demo (its ${summary.alreadyImported} lines carry the same idempotency keys).`);
  }
  out.push(`Start the engine on it: npm start -- --demo${outcome.dir === demoFolder(findProjectRoot()) ? '' : ` --demo-dir ${outcome.dir}`}`);
  return `${out.join('\n')}\n`;
}
