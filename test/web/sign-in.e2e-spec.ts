import type { Page } from 'playwright-core';
import { DEADLINE_TIMERS_QUEUE } from '@kntc/deadlines';
import { PHONE } from './support/browser';
import { eventually } from './support/case-page';
import { PASSWORD } from './support/web-engine';
import { currentUser, isFocused, Screenshots, scrollWidth, signIn, USERS, WebTest } from './support/web-test';

jest.setTimeout(30_000);

describe('signing in to the web UI', () => {
  let web: WebTest;
  const shots = new Screenshots();

  beforeAll(async () => {
    web = await WebTest.start();
  }, 60_000);
  afterEach(() => web?.closeTabs());
  afterAll(async () => {
    await web?.stop();
    shots.dispose();
  });

  it('refuses a wrong password with a plain message and stays on the sign-in page', async () => {
    const { page, watch } = await web.open();
    watch.allow(401);
    await page.goto(web.url('/login'));
    await shots.take(page, 'sign-in-desktop');
    await signInExpectingRefusal(page, USERS.intake, `${PASSWORD} sai`);
    await expectAlert(page, 'Sai mã người dùng hoặc mật khẩu.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(currentUser(page).count()).resolves.toBe(0);
  });

  it("shows the signed-in user's name, role and department in the header; signing out returns to the sign-in page", async () => {
    const { page } = await web.openAs(USERS.head);
    const header = currentUser(page);
    await expect(header.innerText()).resolves.toMatch(/Nguyễn Văn Hùng[\s\S]*Chánh Thanh tra · Sở Tài nguyên và Môi trường/);
    expect(new URL(page.url()).pathname).toBe('/cases');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.getByText('Bạn đã đăng xuất.').isVisible()).resolves.toBe(true);
    await page.goto(web.url('/cases'));
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('sends a signed-out deep link to the sign-in page, and back to it after signing in', async () => {
    const { page } = await web.open();
    await page.goto(web.url('/cases'));
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await signIn(page, USERS.supervisor); // who would land on /audit without the deep link
    await page.waitForURL((url) => url.pathname === '/cases');
    await expect(currentUser(page).innerText()).resolves.toContain('Lý Hải Yến');
    await page.getByTestId('case-list').waitFor();
  });

  it('signs in with the keyboard alone: the user field has the focus, Tab to the password, Enter submits', async () => {
    const { page } = await web.open();
    await page.goto(web.url('/login'));
    const userField = page.getByLabel('Mã người dùng');
    await userField.waitFor();
    expect(await isFocused(userField)).toBe(true);
    await page.keyboard.type(USERS.ubnd);
    await page.keyboard.press('Tab');
    expect(await isFocused(page.getByLabel('Mật khẩu'))).toBe(true);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expect(currentUser(page).innerText()).resolves.toMatch(/Đặng Văn Dũng[\s\S]*Văn phòng UBND tỉnh/);
  });

  it('asks for both fields before calling the server', async () => {
    const { page } = await web.open();
    await page.goto(web.url('/login'));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Nhập mã người dùng.').waitFor();
    await page.getByText('Nhập mật khẩu.').waitFor();
  });

  it('sends the supervisor to the audit view, with no menu entry to file a case', async () => {
    const { page } = await web.openAs(USERS.supervisor);
    await page.waitForURL((url) => url.pathname === '/audit');
    const menu = page.getByRole('menu', { name: 'Các mục' });
    await expect(menu.getByRole('link', { name: 'Giám sát' }).isVisible()).resolves.toBe(true);
    await expect(menu.getByRole('link', { name: 'Tiếp nhận đơn' }).count()).resolves.toBe(0);
  });

  it('opens the deadline queues (Bull Board) in a new tab for a supervisor, until signing out; an inspector has no such entry', async () => {
    const { page, context } = await web.openAs(USERS.supervisor);
    const [board] = await Promise.all([context.waitForEvent('page'), page.getByRole('menu', { name: 'Các mục' }).getByRole('link', { name: 'Hàng đợi' }).click()]);
    await board.waitForURL((url) => url.pathname === '/admin/queues');
    // The board's scripts load and read the queues through its API with the cookie alone: the queue names show it.
    await board.getByText(DEADLINE_TIMERS_QUEUE).first().waitFor();
    expect(await board.title()).toBe('Bull Dashboard');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await eventually(async () => (await board.reload())?.status(), (status) => status === 401, 'the queues page refused after signing out');

    const inspector = await web.openAs(USERS.inspector);
    await inspector.page.getByTestId('case-list').waitFor();
    await expect(inspector.page.getByRole('link', { name: 'Hàng đợi' }).count()).resolves.toBe(0);
  });

  it('on a 360 px phone puts the menu behind "Mở menu", and the menu works', async () => {
    const { page } = await web.openAs(USERS.intake, PHONE, '/login');
    await expect(page.getByRole('menu', { name: 'Các mục' }).count()).resolves.toBe(0);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.getByRole('button', { name: 'Mở menu' }).click();
    const drawer = page.getByRole('dialog');
    await expect(drawer.getByTestId('current-user').innerText()).resolves.toMatch(/Trần Thị Lan[\s\S]*Cán bộ tiếp dân/);
    await drawer.getByRole('link', { name: 'Tiếp nhận đơn' }).click();
    await page.waitForURL((url) => url.pathname === '/cases/new');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Mở menu' }).click();
    await drawer.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  });
});

async function signInExpectingRefusal(page: Page, userId: string, password: string): Promise<void> {
  await page.getByLabel('Mã người dùng').fill(userId);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function expectAlert(page: Page, text: string): Promise<void> {
  const alert = page.getByRole('alert').filter({ hasText: text });
  await alert.waitFor();
}
