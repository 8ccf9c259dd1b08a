import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG 2.0 and 2.1 rules of levels A and AA. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** What fails a test; moderate and minor findings are printed by {@link axeFindings} but let through. */
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the whole page as it is now. The page must come from a context made with
 * `bypassCSP: true`: axe is added as an inline script, which the UI's Content-Security-Policy forbids.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.addScriptTag({ content: axe.source });
  return page.evaluate(
    async (tags) => {
      const runner = (globalThis as unknown as { axe: typeof axe }).axe;
      const results = await runner.run({ exclude: [] }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? 'unknown',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      }));
    },
    TAGS,
  );
}

/**
 * The serious and critical violations of WCAG 2.1 A/AA on the page, one line each (rule, help, the elements),
 * for `expect(...).toEqual([])`; the lesser ones go to the console so they are seen without failing the test.
 */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const findings = await axeFindings(page);
  const line = (finding: AxeFinding) => `${where}: ${finding.id} (${finding.impact}) – ${finding.help} – ${finding.targets.join(', ')}`;
  const lesser = findings.filter((finding) => !BLOCKING.has(finding.impact));
  if (lesser.length > 0) console.info(`axe, not blocking:\n${lesser.map(line).join('\n')}`);
  return findings.filter((finding) => BLOCKING.has(finding.impact)).map(line);
}
