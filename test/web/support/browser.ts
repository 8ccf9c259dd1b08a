import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's chromium (scripts/ensure-chromium.js installs it), or KNTC_CHROMIUM. */
export const CHROMIUM = process.env['KNTC_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * The flags that keep chromium quiet on a machine with a closed network (reference/toolchain.md): without the
 * background-networking ones it keeps trying to reach Google's hosts.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** A headless chromium; playwright gives each launch a fresh, empty profile folder of its own and removes it on close. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: run "node scripts/ensure-chromium.js" (npm test does)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return { browser, close: () => browser.close() };
}

export const DESKTOP = { width: 1366, height: 768 } as const;
/** A common phone (360 × 740 CSS pixels). */
export const PHONE = { width: 360, height: 740 } as const;

/**
 * A browser context as an officer in Vietnam has it: Vietnamese locale, Vietnam's time zone. Reduced motion
 * makes the charts draw at once (recharts honours it), so screenshots never catch a bar half-grown.
 */
export function newContext(browser: Browser, viewport: { width: number; height: number } = DESKTOP, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', reducedMotion: 'reduce', acceptDownloads: true, bypassCSP: options.bypassCSP ?? false });
}

export interface ContextOptions {
  /**
   * Lets the test add a script of its own to the page (the UI's Content-Security-Policy forbids inline scripts):
   * only for the accessibility check, which injects axe-core.
   */
  bypassCSP?: boolean;
}

/**
 * Every console error and warning, uncaught page error and 5xx answer of a page, so a test can assert there
 * were none. A refused request the test provokes on purpose (chromium logs a 4xx answer as a console error) is
 * let through by its status with {@link allow}.
 */
export class ConsoleWatch {
  readonly problems: string[] = [];
  private readonly allowed = new Set<number>();

  constructor(page: Page) {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      const text = message.text();
      const status = /status of (\d{3})/.exec(text)?.[1];
      if (status !== undefined && this.allowed.has(Number(status))) return;
      const where = message.location().url;
      this.problems.push(`${message.type()}: ${text}${where ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (error) => {
      const where = error.stack?.split('\n').find((line) => line.includes(' at '))?.trim();
      this.problems.push(`pageerror on ${page.url()}: ${error.message}${where ? ` (${where})` : ''}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 500) this.problems.push(`HTTP ${response.status()} from ${response.request().method()} ${response.url()}`);
    });
  }

  /** The page may now log failed requests with these statuses (e.g. 401 for a wrong password, 409 for a stale revision). */
  allow(...statuses: number[]): this {
    for (const status of statuses) this.allowed.add(status);
    return this;
  }

  /** The problems logged since the last call. */
  drain(): string[] {
    return this.problems.splice(0);
  }
}

export async function newPage(context: BrowserContext): Promise<{ page: Page; watch: ConsoleWatch }> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  return { page, watch: new ConsoleWatch(page) };
}
