import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { chooseOption, typeDate, vietnamDate } from './support/antd';
import { launchChromium, newContext, newPage, type ConsoleWatch, type LaunchedBrowser } from './support/browser';
import { startWebEngine, type WebEngine } from './support/web-engine';
import { currentUser, signIn } from './support/web-test';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '../..');
const ADMIN = { id: 'quan-tri', name: 'Trịnh Minh Quân', password: 'Quản trị viên 2026!' };
const OFFICER = { id: 'tnmt-tiepdan-an', name: 'Phan Văn An', password: 'Cán bộ tiếp dân 01' };
const SUBJECT = 'Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất chậm';

function gitStatus(): string {
  return execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
}

/** The set-up link the engine printed to its terminal on the first start. */
async function printedSetupLink(engine: WebEngine): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const link = /http:\/\/\S+\/setup#token=[\w-]+/.exec(engine.log())?.[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no set-up link printed:\n${engine.log()}`);
}

describe('a first run, from an empty data folder to a case filed by an officer the administrator created', () => {
  let engine: WebEngine;
  let browser: LaunchedBrowser;
  let statusBefore: string;
  const watches: ConsoleWatch[] = [];

  const open = async (): Promise<Page> => {
    const context = await newContext(browser.browser);
    const { page, watch } = await newPage(context);
    watches.push(watch);
    return page;
  };

  beforeAll(async () => {
    statusBefore = gitStatus();
    engine = await startWebEngine({ firstRun: true });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  it('prints one set-up link, once, outside the JSON log', async () => {
    const link = await printedSetupLink(engine);
    expect(engine.log().split(link).length - 1).toBe(1);
    const line = engine.log().split('\n').find((l) => l.includes(link))!;
    expect(line.trim()).toBe(link);
  });

  it('goes from the link to a signed-in administrator who creates an intake officer, who files a đơn, without a restart', async () => {
    const admin = await open();
    await admin.goto(await printedSetupLink(engine));
    await admin.getByRole('heading', { name: 'Cài đặt KNTC' }).waitFor();
    await admin.getByLabel('Mã quản trị viên').fill(ADMIN.id);
    await admin.getByLabel('Họ tên').fill(ADMIN.name);
    await admin.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN.password);
    await admin.getByLabel('Nhập lại mật khẩu').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Tạo quản trị viên' }).click();
    await admin.getByText('Đã tạo quản trị viên').waitFor();
    expect(admin.url()).not.toContain('token=');
    await admin.getByRole('button', { name: 'Đăng nhập' }).click();
    await signIn(admin, ADMIN.id, ADMIN.password);
    await expect(currentUser(admin).innerText()).resolves.toContain(ADMIN.name);

    await admin.getByRole('link', { name: 'Người dùng' }).click();
    await admin.getByRole('heading', { name: 'Người dùng', level: 2 }).waitFor();
    await admin.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.getByLabel('Mã người dùng').fill(OFFICER.id);
    await dialog.getByLabel('Họ tên').fill(OFFICER.name);
    await chooseOption(admin, dialog.getByLabel('Vai trò'), 'Cán bộ tiếp dân');
    await chooseOption(admin, dialog.getByLabel('Đơn vị'), 'Sở Tài nguyên và Môi trường');
    await dialog.getByLabel('Mật khẩu ban đầu').fill(OFFICER.password);
    await dialog.getByLabel('Nhập lại mật khẩu').fill(OFFICER.password);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await admin.getByRole('cell', { name: OFFICER.id, exact: true }).waitFor();

    const officer = await open();
    await officer.goto(`${engine.base}/`);
    await signIn(officer, OFFICER.id, OFFICER.password);
    await expect(currentUser(officer).innerText()).resolves.toMatch(/Phan Văn An[\s\S]*Cán bộ tiếp dân · Sở Tài nguyên và Môi trường/);
    await officer.goto(`${engine.base}/cases/new`);
    await officer.getByRole('heading', { name: 'Tiếp nhận đơn', level: 2 }).waitFor();
    await chooseOption(officer, officer.getByLabel('Loại hồ sơ'), 'Khiếu nại lần đầu');
    await typeDate(officer, officer.getByLabel('Ngày nhận đơn'), vietnamDate().shown);
    await officer.getByLabel('Trích yếu').fill(SUBJECT);
    await officer.getByLabel('Nội dung đơn').fill('Ông Bình đề nghị giải quyết việc cấp giấy chứng nhận đã quá thời hạn.');
    const parties = officer.getByTestId('party');
    await parties.first().getByLabel('Họ và tên').fill('Lê Văn Bình');
    await officer.getByRole('button', { name: 'Thêm người' }).click();
    await chooseOption(officer, parties.nth(1).getByLabel('Tư cách'), 'Người bị khiếu nại');
    await parties.nth(1).getByLabel('Họ và tên').fill('Văn phòng Đăng ký đất đai');
    await officer.getByRole('button', { name: 'Tiếp nhận đơn' }).click();
    await officer.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await officer.getByText(SUBJECT).first().waitFor();

    expect(watches.flatMap((watch) => watch.drain())).toEqual([]);
  });

  it('leaves the checkout as it was', () => {
    expect(gitStatus()).toBe(statusBefore);
  });
});
