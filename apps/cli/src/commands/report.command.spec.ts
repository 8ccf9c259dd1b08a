import { main } from '../main';
import { EXIT_USAGE } from '../shared/cli-errors';

/** `kntc <args>` in process: its exit code and what it wrote on standard error. */
async function kntc(args: string[]): Promise<{ code: number; stderr: string }> {
  const written: string[] = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    return { code: await main(['node', 'kntc', ...args]), stderr: written.join('') };
  } finally {
    write.mockRestore();
  }
}

// The window is checked before any store is opened, so these need no data folder.
describe('kntc report with a period or date the engine cannot count', () => {
  it.each([
    [['--period', '0000-year'], /^kntc: --period: .*1801.*2199/],
    [['--period', '0001-Q1'], /^kntc: --period: /],
    [['--period', '0000-6M'], /^kntc: --period: /],
    [['--period', '9999-9M'], /^kntc: --period: /],
    [['--from', '0000-01-01', '--to', '2026-01-31'], /^kntc: --from: /],
    [['--from', '2026-01-01', '--to', '9999-12-31'], /^kntc: --to: /],
    [['--period', '2026-Q1', '--as-of', '2200-01-01'], /^kntc: --as-of: /],
  ])('%j is a usage error (exit 2) naming the option', async (options, message) => {
    const { code, stderr } = await kntc(['report', '--department', 'so-tnmt', ...options]);
    expect(stderr).toMatch(message);
    expect(code).toBe(EXIT_USAGE);
  });
});
