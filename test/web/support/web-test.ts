import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DESKTOP, launchChromium, newContext, newPage, type ConsoleWatch, type ContextOptions, type LaunchedBrowser } from './browser';
import { PASSWORD, startWebEngine, type WebEngine } from './web-engine';

/** The officers of config/users.yaml the browser tests act as. */
export const USERS = {
  intake: 'tnmt-tiepdan-lan',
  inspector: 'tnmt-thanhtra-minh',
  head: 'tnmt-chanhtt-hung',
  director: 'tnmt-giamdoc-vinh',
  ubnd: 'ubnd-chuyenvien-dung',
  supervisor: 'ttt-giamsat-yen',
  otherIntake: 'xd-tiepdan-mai',
} as const;

/** One signed-in (or not yet) user: a browser context of their own, its first page and the page's console watch. */
export interface UserTab {
  context: BrowserContext;
  page: Page;
  watch: ConsoleWatch;
}

/**
 * One engine and one browser per test file; every tab opened through it is watched, and {@link closeTabs}
 * asserts none of them logged an error or warning.
 */
export class WebTest {
  private tabs: UserTab[] = [];

  private constructor(
    readonly engine: WebEngine,
    private readonly launched: LaunchedBrowser,
  ) {}

  static async start(options: Parameters<typeof startWebEngine>[0] = {}): Promise<WebTest> {
    const engine = await startWebEngine(options);
    try {
      return new WebTest(engine, await launchChromium());
    } catch (error) {
      await engine.stop();
      throw error;
    }
  }

  get browser(): Browser {
    return this.launched.browser;
  }

  url(pathname: string): string {
    return `${this.engine.base}${pathname}`;
  }

  /** A fresh context (nothing stored) at the given viewport, with one page. */
  async open(viewport: { width: number; height: number } = DESKTOP, options: ContextOptions = {}): Promise<UserTab> {
    const context = await newContext(this.browser, viewport, options);
    const { page, watch } = await newPage(context);
    const tab = { context, page, watch };
    this.tabs.push(tab);
    return tab;
  }

  /** A fresh context signed in as the user, on the page they land on. */
  async openAs(userId: string, viewport: { width: number; height: number } = DESKTOP, landing = '/', options: ContextOptions = {}): Promise<UserTab> {
    const tab = await this.open(viewport, options);
    await tab.page.goto(this.url(landing));
    await signIn(tab.page, userId);
    return tab;
  }

  /** Asserts that no open tab logged an error or warning since the last check. */
  expectNoProblems(): void {
    expect(this.tabs.flatMap((tab) => tab.watch.drain())).toEqual([]);
  }

  /** Closes the tabs opened since the last call, then asserts none of their pages logged a problem. */
  async closeTabs(): Promise<void> {
    const tabs = this.tabs;
    this.tabs = [];
    await Promise.all(tabs.map((tab) => tab.context.close()));
    expect(tabs.flatMap((tab) => tab.watch.drain())).toEqual([]);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.tabs.map((tab) => tab.context.close()));
    await this.launched.close().catch(() => undefined);
    await this.engine.stop();
  }
}

/** Signs in on the sign-in page the tab shows, and waits for the header (on a phone: its menu button). */
export async function signIn(page: Page, userId: string, password: string = PASSWORD): Promise<void> {
  await page.getByLabel('Mã người dùng').fill(userId);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await currentUser(page).or(page.getByRole('button', { name: 'Mở menu' })).waitFor();
}

/** The header block with the signed-in user's name, role and department (inside the drawer on a phone). */
export function currentUser(page: Page) {
  return page.getByTestId('current-user').first();
}

/**
 * Screenshots for the README: into KNTC_SCREENSHOTS_DIR when set (e.g. docs/screenshots), else into a temporary
 * folder removed by {@link Screenshots.dispose}, so the same code runs in every test run.
 */
export class Screenshots {
  readonly dir: string;
  private readonly temporary: boolean;

  constructor() {
    const wanted = process.env['KNTC_SCREENSHOTS_DIR'];
    this.temporary = !wanted;
    this.dir = wanted ? path.resolve(wanted) : fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-shots-'));
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** `<name>.png`, e.g. `case-page-desktop`; the whole page, after fonts and pending requests settled. */
  async take(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
    await page.waitForLoadState('networkidle');
    await page.evaluate('document.fonts.ready.then(() => { document.activeElement?.blur(); window.scrollTo(0, 0); return true; })');
    await page.screenshot({ path: path.join(this.dir, `${name}.png`), fullPage: options.fullPage ?? true, animations: 'disabled', caret: 'hide' });
  }

  dispose(): void {
    if (this.temporary) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The visible text of the whole page (body.innerText), to assert what is never shown. */
export function pageText(page: Page): Promise<string> {
  return page.evaluate<string>('document.body.innerText');
}

/** Whether the element has the keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

/** How wide the page's content is, in CSS pixels (more than the viewport means a sideways scroll). */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}
