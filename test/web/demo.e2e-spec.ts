import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vnDateOf } from '@kntc/workflow';
import { createVietnamCalendar } from '@kntc/workflow/loader';
import type { Locator, Page } from 'playwright-core';
import { eventually, timelineEntry } from './support/case-page';
import { pageText, Screenshots, signIn, USERS, WebTest } from './support/web-test';

jest.setTimeout(60_000);

/** The demo loads before the engine starts: a quarter through the importer, then the projections catch up. */
const DEMO_START_MS = 240_000;
const ADMIN = 'qtht-admin';
const calendar = createVietnamCalendar(path.resolve(__dirname, '../../workflows/calendars'), { makeUpSaturdaysAreWorkingDays: true });

/** Waits until the locator's rows number at least `min`, and returns how many there are. */
function rowsOf(table: Locator, min: number, what: string): Promise<number> {
  return eventually(() => table.locator('tbody tr.ant-table-row').count(), (rows) => rows >= min, what);
}

/** No antd empty state anywhere on the page ("Sổ chưa có hồ sơ nào.", "Không có thông báo", …). */
async function expectNoEmptyState(page: Page): Promise<void> {
  expect(await page.locator('.ant-empty').count()).toBe(0);
}

describe('npm start -- --demo on a fresh folder: every page has something to show', () => {
  let web: WebTest;
  let dir: string;
  let password: string;
  const shots = new Screenshots();

  const as = async (userId: string, landing = '/'): Promise<Page> => {
    const { page } = await web.open();
    await page.goto(web.url(landing));
    await signIn(page, userId, password);
    return page;
  };
  /** The head's tab, signed in once (a sign-in hashes the password: seconds on a busy machine). */
  let headTab: Page | undefined;
  const asHead = async (landing: string): Promise<Page> => {
    if (!headTab) headTab = await as(USERS.head, landing);
    else await headTab.goto(web.url(landing));
    return headTab;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-demo-'));
    web = await WebTest.start({ launcherArgs: ['--demo', '--demo-dir', path.join(dir, 'data-demo')], readyTimeoutMs: DEMO_START_MS });
    password = /^ {6}(demo-[\w-]+)$/m.exec(web.engine.log())?.[1] ?? '';
  }, DEMO_START_MS + 30_000);
  afterAll(async () => {
    await web?.stop();
    shots.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('printed the demo password once, on its own line and in no log line, and imported the quarter without a refusal', () => {
    const log = web.engine.log();
    expect(password).not.toBe('');
    expect(log.split(password).length - 1).toBe(1);
    expect(log).toMatch(/refused: +0\n/);
    expect(log).toMatch(/executed: +[1-9]\d+\n/);
    expect(fs.existsSync(path.join(dir, 'data-demo', 'events.sqlite'))).toBe(true);
  });

  it("the head's case list shows the Sở's cases, some overdue; a case page shows the case, its clocks and its history", async () => {
    const page = await asHead('/cases');
    const list = page.getByTestId('case-list');
    expect(await rowsOf(list, 10, 'rows of the case list')).toBeGreaterThanOrEqual(10);
    await expectNoEmptyState(page);
    await shots.take(page, 'demo-case-list-desktop');

    await page.goto(web.url('/cases?deadlineStatus=overdue'));
    await rowsOf(list, 1, 'overdue cases listed');
    const first = list.locator('tbody tr.ant-table-row a').first();
    const subject = (await first.innerText()).trim();
    await first.click();
    await page.waitForURL((url) => /^\/cases\/[\w-]+$/.test(url.pathname));
    await page.getByText(subject).first().waitFor();
    await timelineEntry(page, 'CaseFiled').waitFor();
    await page.locator('[data-testid="case-clock"][data-status="overdue"]').first().waitFor();
    await shots.take(page, 'demo-case-page-desktop');
  });

  it("the head's inbox holds the escalations the deadline workers recorded on start", async () => {
    const page = await asHead('/inbox');
    const items = page.getByTestId('inbox-item');
    await eventually(() => items.count(), (count) => count >= 3, 'notices in the inbox');
    expect((await items.allInnerTexts()).join('\n')).toContain('Chuyển cấp');
    await expectNoEmptyState(page);
    await shots.take(page, 'demo-inbox-desktop');
  });

  it('the dashboard counts the quarter and its report has figures', async () => {
    const page = await asHead('/dashboard');
    const counts = page.getByTestId('dashboard-counts');
    await counts.waitFor();
    const statistic = (title: string) => counts.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content').innerText();
    expect(Number(await statistic('Tổng số hồ sơ'))).toBeGreaterThanOrEqual(50);
    expect(Number(await statistic('Quá hạn'))).toBeGreaterThanOrEqual(1);
    const report = page.getByTestId('report');
    await report.getByRole('table').filter({ hasText: 'Chỉ tiêu' }).waitFor();
    const figures = await report.locator('td').allInnerTexts();
    expect(figures.filter((cell) => /^[1-9]\d*$/.test(cell.trim())).length).toBeGreaterThanOrEqual(5);
    await shots.take(page, 'demo-dashboard-desktop');
  });

  it("the supervisor's audit lists both departments' cases and shows a case's full history", async () => {
    const page = await as(USERS.supervisor, '/audit');
    const list = page.getByTestId('audit-case-list');
    await rowsOf(list, 10, 'rows of the audit list');
    const text = await list.innerText();
    expect(text).toContain('Sở Tài nguyên và Môi trường');
    await list.locator('tbody tr.ant-table-row a').first().click();
    await page.waitForURL((url) => /^\/audit\/[\w-]+$/.test(url.pathname));
    await timelineEntry(page, 'CaseFiled').waitFor();
    await shots.take(page, 'demo-audit-desktop');
  });

  it("the administrator's users page lists the demo's accounts", async () => {
    const page = await as(ADMIN, '/users');
    expect(await rowsOf(page.locator('.ant-table'), 10, 'users listed')).toBeGreaterThanOrEqual(10);
    expect(await pageText(page)).toContain('Nguyễn Văn Hùng');
    await expectNoEmptyState(page);
  });

  it("the đơn register lists the Sở's đơn from every source, and a đơn page shows its processing", async () => {
    const page = await asHead('/dons');
    const list = page.getByTestId('don-list');
    expect(await rowsOf(list, 10, 'rows of the đơn register')).toBeGreaterThanOrEqual(10);
    await expectNoEmptyState(page);
    const text = await list.innerText();
    for (const source of ['Bưu chính', 'Tiếp công dân', 'Trực tuyến']) expect(text).toContain(source);
    await shots.take(page, 'demo-don-register-desktop');
    await list.getByTestId('don-link').first().click();
    await page.getByTestId('don-page').waitFor();
    await eventually(() => page.getByTestId('don-history-entry').count(), (entries) => entries >= 2, 'entries of the đơn history');
  });

  it("the reception schedule shows the month's sessions with the Director's published; the desk has today's session on a working day", async () => {
    const page = await asHead('/reception/schedule');
    const sessions = page.getByTestId('schedule-sessions');
    await rowsOf(sessions, 1, "the month's sessions");
    expect(await sessions.innerText()).toContain('Lãnh đạo');
    await shots.take(page, 'demo-reception-schedule-desktop');

    await page.goto(web.url('/reception'));
    const today = vnDateOf(new Date());
    const minutes = (Date.now() / 60_000 + 7 * 60) % (24 * 60);
    // The demo's day ends when it loads: the session of the day opens at 07:30, its first visits follow.
    if (calendar.isWorkingDay(today) && minutes >= 8 * 60) {
      await page.getByTestId('desk-session').first().waitFor();
      await eventually(() => page.getByTestId('visit').count(), (visits) => visits >= 1, "today's visits");
      await shots.take(page, 'demo-reception-desk-desktop');
    }
  });

  it('closes every tab without a console error or warning', async () => {
    await web.closeTabs();
  });
});
