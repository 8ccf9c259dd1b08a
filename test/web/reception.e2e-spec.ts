import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { chooseOption, typeDate, untilStill, vietnamDate } from './support/antd';
import { ApiUser } from './support/api';
import { eventually } from './support/case-page';
import { classifyAsComplaint, registerDon } from './support/reception';
import { isFocused, pageText, USERS, WebTest, type UserTab } from './support/web-test';

jest.setTimeout(60_000);

const CITIZEN = { name: 'Trần Thị Bích', address: 'Tổ 5, phường Lam Hạ', idNumber: '035180001234' };
const RESPONDENT = 'Ủy ban nhân dân phường Lam Hạ';
/** The matter the citizen wrote about by post a week ago: it became a case. */
const EARLIER = {
  subject: 'Khiếu nại việc thu hồi đất nông nghiệp của gia đình bà Bích',
  content: 'Bà Bích khiếu nại quyết định thu hồi đất nông nghiệp của gia đình để làm đường, mức bồi thường chưa đúng quy định.',
};
/** What she says at the desk today: the same matter, typed without care for diacritics in places. */
const VISIT = {
  summary: 'Ba Bich khieu nai quyet dinh thu hoi dat nong nghiep cua gia dinh de lam duong, muc boi thuong chua dung quy dinh.',
  handledBefore: 'UBND phường Lam Hạ',
  subject: 'Khiếu nại lần nữa việc thu hồi đất nông nghiệp',
};
/** A đơn of another citizen about another matter, received by post: the intake officer accepts it into a case. */
const OTHER = {
  subject: 'Khiếu nại việc cấp giấy phép xả thải cho xưởng gạch',
  content: 'Ông Tâm khiếu nại việc Sở cấp giấy phép xả thải cho xưởng gạch sát khu dân cư mà không lấy ý kiến người dân.',
  parties: [{ role: 'complainant', name: 'Đỗ Văn Tâm', confidential: false }],
  respondent: 'Sở Tài nguyên và Môi trường',
};

/** What has the keyboard focus: the form field's id, else the role and text. */
function focused(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    if (element.id) return element.id;
    return (element.getAttribute('role') || element.tagName.toLowerCase()) + ':' + (element.textContent || '').trim();
  })()`);
}

/** The text of the element that has the keyboard focus. */
function activeText(page: Page): Promise<string> {
  return page.evaluate<string>('(document.activeElement?.textContent ?? "").trim()');
}

/** Presses Tab until the focus is on `target` and returns the stops on the way. */
async function tabTo(page: Page, target: string, limit = 30): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
    if (stops.at(-1) === target) return stops;
  }
  throw new Error(`Tab did not reach ${target}: ${stops.join(' → ')}`);
}

describe('citizen reception and đơn processing in the browser (#12)', () => {
  let web: WebTest;
  const tabs: Partial<Record<keyof typeof USERS, UserTab>> = {};
  let earlierCaseId = '';
  let visitDonId = '';

  async function as(user: keyof typeof USERS, path: string): Promise<Page> {
    tabs[user] ??= await web.openAs(USERS[user]);
    const { page } = tabs[user];
    await page.goto(web.url(path));
    return page;
  }

  beforeAll(async () => {
    web = await WebTest.start();
    const intake = await ApiUser.signIn(web.engine.base, USERS.intake);
    const earlier = await registerDon(intake, {
      ...EARLIER,
      receivedOn: vietnamDate(-7).iso,
      parties: [{ role: 'complainant', ...CITIZEN, confidential: false }],
      respondent: RESPONDENT,
    });
    await classifyAsComplaint(intake, earlier.donId);
    const accepted = await intake.post<{ caseId: string }>(`/api/dons/${earlier.donId}/accept-into-case`, { kind: 'complaint-first' });
    earlierCaseId = accepted.caseId;
  }, 60_000);
  afterEach(() => web?.expectNoProblems());
  afterAll(async () => {
    await web?.closeTabs();
    await web?.stop();
  });

  it('the intake officer opens the day\'s register and records a visit with a đơn by keyboard alone, saved in one step', async () => {
    const page = await as('intake', '/');
    // The header folds the front-door pages into one sub-menu, reached with the menu's arrow keys.
    await page.getByRole('menu', { name: 'Các mục' }).focus();
    for (let i = 0; i < 8 && (await activeText(page)) !== 'Tiếp dân'; i += 1) {
      const before = await activeText(page);
      await page.keyboard.press('ArrowRight');
      await eventually(() => activeText(page), (text) => text !== before, 'the focus moved along the menu');
    }
    // ArrowDown opens the sub-menu; once its popup is shown, the focus moves to its first page.
    await eventually(
      async () => {
        if ((await activeText(page)) === 'Tiếp dân') await page.keyboard.press('ArrowDown');
        await untilStill(page);
        return activeText(page);
      },
      (text) => text === 'Tiếp công dân',
      'the first page of the sub-menu',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/reception');
    await page.getByRole('heading', { name: 'Tiếp công dân', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Mở sổ và bắt đầu tiếp' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('desk-session').waitFor();
    await page.getByTestId('visit-form').waitFor();
    expect(await page.getByTestId('visit-shortcuts').innerText()).toContain('Ctrl+Alt+1…5');
    await eventually(() => focused(page), (stop) => stop === 'visit_citizens', 'the focus on the first field');

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('visit_name');
    await page.keyboard.type(CITIZEN.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CITIZEN.address);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CITIZEN.idNumber);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('visit_summary');
    await page.keyboard.type(VISIT.summary);
    await tabTo(page, 'visit_handledBefore');
    await page.keyboard.type(VISIT.handledBefore);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('visit_repeated');
    await page.keyboard.press('Space');
    // Ctrl+Alt+2: "Nhận đơn"; the đơn's own fields appear below the outcome.
    await page.keyboard.press('Control+Alt+Digit2');
    await page.getByLabel('Trích yếu đơn').waitFor();
    await tabTo(page, 'visit_subject');
    await page.keyboard.type(VISIT.subject);
    await page.keyboard.press('Tab');
    await page.keyboard.type(RESPONDENT);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('visit_signers');
    await page.keyboard.press('Enter');

    const visit = page.getByTestId('visit').first();
    await visit.waitFor();
    await expect(visit.getAttribute('data-visit-no')).resolves.toBe('1');
    await expect(visit.innerText()).resolves.toContain('Nhận đơn');
    await eventually(() => focused(page), (stop) => stop === 'visit_citizens', 'the focus back on the first field for the next citizen');
    await expect(page.getByLabel('Nội dung trình bày').inputValue()).resolves.toBe('');
    // The visitor's identity is never shown back in the session's list.
    expect(await page.getByTestId('visit-list').innerText()).not.toContain(CITIZEN.idNumber);

    await visit.getByTestId('visit-don-link').click();
    await page.waitForURL(/\/dons\/[0-9a-f-]{36}$/);
    visitDonId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('don-page').waitFor();
    await expect(page.getByRole('heading', { level: 2 }).innerText()).resolves.toBe(VISIT.subject);
    await expect(page.getByTestId('don-details').innerText()).resolves.toContain('Tiếp công dân · lượt tiếp số 1');
  });

  it('a second visit without a đơn: a delegation of five must name its representatives before it is saved', async () => {
    const page = tabs.intake!.page;
    await page.goBack();
    await page.getByTestId('visit-form').waitFor();
    await page.getByLabel('Số người đến').fill('6');
    await page.getByLabel('Nội dung trình bày').fill('Đoàn 6 hộ dân hỏi về tiến độ chi trả tiền bồi thường dự án đường vành đai.');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Đoàn đông người phải cử người đại diện.').waitFor();
    await page.getByLabel('Số người đại diện').fill('2');
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="visit"][data-visit-no="2"]').waitFor();
    await expect(page.locator('[data-testid="visit"][data-visit-no="2"]').innerText()).resolves.toContain('đoàn, 2 đại diện');
  });

  it('an answer lost on the way back is retried with the same keys: one đơn and one visit are recorded', async () => {
    const { page, watch } = tabs.intake!;
    const sent: Record<'don' | 'visit', string[]> = { don: [], visit: [] };
    let lose = true;
    await page.route('**/api/dons', async (route) => {
      sent.don.push(route.request().headers()['idempotency-key'] ?? '');
      await route.continue();
    });
    await page.route('**/record-visit', async (route) => {
      sent.visit.push(route.request().headers()['idempotency-key'] ?? '');
      if (!lose) return route.continue();
      lose = false;
      // The API records the visit; its answer never reaches the browser.
      await route.fetch();
      return route.abort('connectionreset');
    });
    await page.getByLabel('Nội dung trình bày').fill('Ông Tâm gửi thêm đơn về tiếng ồn của xưởng gạch.');
    await page.keyboard.press('Control+Alt+Digit2');
    await page.getByLabel('Trích yếu đơn').fill('Phản ánh tiếng ồn của xưởng gạch');
    await page.getByLabel('Trích yếu đơn').press('Enter');
    await page.getByTestId('visit-error').waitFor();
    expect(watch.drain().every((line) => line.includes('ERR_CONNECTION_RESET'))).toBe(true);
    // The đơn was registered before the visit's answer was lost: the form says so and keeps its fields as sent.
    await page.getByTestId('visit-don-registered').waitFor();
    await expect(page.getByLabel('Trích yếu đơn').isDisabled()).resolves.toBe(true);
    await page.getByLabel('Nội dung trình bày').press('Control+Enter');
    await page.locator('[data-testid="visit"][data-visit-no="3"]').waitFor();
    await page.getByTestId('visit-error').waitFor({ state: 'hidden' });
    await page.unrouteAll();
    expect(sent.don).toHaveLength(2);
    expect(sent.don[1]).toBe(sent.don[0]);
    expect(sent.visit).toHaveLength(2);
    expect(sent.visit[1]).toBe(sent.visit[0]);
    await expect(page.getByTestId('visit').count()).resolves.toBe(3);
  });

  it('classifies the đơn, sees the earlier case of the same citizen suggested and attaches the đơn to it; the case lists the đơn', async () => {
    const page = await as('intake', `/dons/${visitDonId}`);
    await page.getByTestId('classify-form').waitFor();
    // Before its classification the đơn can only be archived: thụ lý needs a qualifying đơn within competence.
    expect(await page.getByTestId('don-actions').getByRole('button').allInnerTexts()).toEqual(['Lưu đơn']);
    await page.getByTestId('classify-form').getByText('Khiếu nại', { exact: true }).click();
    await page.getByRole('button', { name: 'Phân loại', exact: true }).click();
    await eventually(() => page.getByTestId('don-classification-text').innerText(), (text) => text.startsWith('Khiếu nại'), 'the classification shown');
    expect(await page.getByTestId('don-actions').getByRole('button').allInnerTexts()).toEqual(expect.arrayContaining(['Thụ lý thành hồ sơ', 'Hướng dẫn công dân', 'Lưu đơn']));

    const suggestion = page.locator(`[data-testid="candidate-case"][data-case-id="${earlierCaseId}"]`);
    await suggestion.waitFor();
    await expect(suggestion.innerText()).resolves.toContain('cùng người gửi');
    await suggestion.getByRole('button', { name: 'Gắn vào hồ sơ này' }).click();
    await eventually(() => page.getByTestId('don-status').innerText(), (text) => text === 'Đã xử lý', 'the đơn processed');
    await expect(page.getByTestId('don-outcome').innerText()).resolves.toContain('Gắn vào hồ sơ đã có');

    await page.getByTestId('don-case-link').click();
    await page.waitForURL((url) => url.pathname === `/cases/${earlierCaseId}`);
    await page.locator(`[data-testid="case-don-link"][data-don-id="${visitDonId}"]`).waitFor();
    await expect(page.getByRole('heading', { level: 2 }).innerText()).resolves.toBe(EARLIER.subject);
  });

  it('accepts a đơn received by post into a case (thụ lý) from its page, which then links to the new case', async () => {
    const intake = await ApiUser.signIn(web.engine.base, USERS.intake);
    const { donId } = await registerDon(intake, { ...OTHER, receivedOn: vietnamDate(-1).iso });
    const page = await as('intake', `/dons/${donId}`);
    await page.getByTestId('classify-form').getByText('Khiếu nại', { exact: true }).click();
    await page.getByRole('button', { name: 'Phân loại', exact: true }).click();
    await page.getByTestId('don-actions').getByRole('button', { name: 'Thụ lý thành hồ sơ' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thụ lý thành hồ sơ' });
    await dialog.getByTestId('don-action-form').waitFor();
    await untilStill(page);
    await chooseOption(page, dialog.getByLabel('Loại hồ sơ'), 'Khiếu nại lần đầu');
    await dialog.getByRole('button', { name: 'Thực hiện' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(page.getByTestId('don-cases').innerText()).resolves.toContain('Đơn đã được thụ lý thành hồ sơ');
    await page.getByTestId('don-case-link').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('case-page').waitFor();
    await expect(page.getByRole('heading', { level: 2 }).innerText()).resolves.toBe(OTHER.subject);
    await page.locator(`[data-testid="case-don-link"][data-don-id="${donId}"]`).waitFor();
  });

  it("the head plans a leader's session and posts it 3 days ahead: the schedule flags it late", async () => {
    const date = vietnamDate(3);
    const page = await as('head', `/reception/schedule?month=${date.iso.slice(0, 7)}`);
    await page.getByRole('heading', { name: 'Lịch tiếp công dân', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Lên lịch buổi tiếp' }).click();
    const plan = page.getByRole('dialog', { name: 'Lên lịch buổi tiếp của lãnh đạo' });
    await plan.getByTestId('session-action-form').waitFor();
    await untilStill(page);
    await typeDate(page, plan.getByLabel('Ngày tiếp'), date.shown);
    await plan.getByLabel('Lãnh đạo tiếp').fill('Giám đốc Sở Nguyễn Văn Vinh');
    await plan.getByRole('button', { name: 'Thực hiện' }).click();
    await plan.waitFor({ state: 'hidden' });

    const row = page.getByTestId('schedule-sessions').getByRole('row').filter({ hasText: 'Giám đốc Sở Nguyễn Văn Vinh' });
    await row.getByRole('button', { name: 'Niêm yết' }).click();
    const publish = page.getByRole('dialog', { name: /^Niêm yết lịch tiếp/ });
    await publish.getByTestId('session-action-form').waitFor();
    await untilStill(page);
    await publish.getByRole('button', { name: 'Thực hiện' }).click();
    await publish.waitFor({ state: 'hidden' });
    await row.getByTestId('publication').waitFor();
    await expect(row.getByTestId('publication').getAttribute('data-late')).resolves.toBe('true');
    await expect(row.innerText()).resolves.toContain('Niêm yết muộn');
    await expect(page.getByTestId('regular-days').innerText()).resolves.toMatch(/\d{2}\/\d{2}\/\d{4}/);
  });

  it('downloads the reception book (Mẫu 03/TCD) of the month as XLSX, without the visitor identities in the page', async () => {
    const page = await as('intake', '/reception/schedule');
    const book = page.getByTestId('reception-book');
    await book.waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), book.getByRole('button', { name: 'Tải sổ tiếp công dân (XLSX)' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^so-tiep-cong-dan-so-tnmt-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const saved = await file.path();
    expect(fs.readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    expect(await pageText(page)).not.toContain(CITIZEN.idNumber);
    expect(await isFocused(book.getByRole('button', { name: 'Tải sổ tiếp công dân (XLSX)' }))).toBe(true);
  });
});
