import type { Page } from 'playwright-core';
import { ApiUser } from './support/api';
import { chooseOption, chooseSuggestion, typeDate, vietnamDate } from './support/antd';
import { DESKTOP, PHONE } from './support/browser';
import { actionLabels, eventually, openCommand, runCommand, submitCommand, timelineEntry, timelineTypes, waitForStage } from './support/case-page';
import { isFocused, pageText, Screenshots, scrollWidth, USERS, WebTest, type UserTab } from './support/web-test';

jest.setTimeout(45_000);

const COMPLAINT = {
  subject: 'Khiếu nại quyết định thu hồi đất tại phường Bến Thành',
  content: 'Bà Ánh khiếu nại Quyết định số 45/QĐ-UBND về việc thu hồi 120 m² đất ở, cho rằng mức bồi thường chưa đúng quy định.',
  complainant: 'Nguyễn Thị Ánh',
  respondent: 'Ủy ban nhân dân phường Bến Thành',
  referenceNo: '45/ĐKN',
};
const DENUNCIATION = {
  subject: 'Tố cáo cán bộ địa chính nhận tiền khi cấp giấy chứng nhận',
  content: 'Người tố cáo cho biết cán bộ địa chính phường đã nhận tiền của nhiều hộ dân khi làm thủ tục cấp giấy chứng nhận.',
  denouncer: 'Hoàng Thị Kín Đáo',
  denouncerPhone: '0987654321',
  accused: 'Trần Văn Bị',
};
/** Filed over the API 40 days ago and never accepted: its acceptance clock is overdue, so the head gets notices. */
const OVERDUE = {
  kind: 'complaint-first',
  department: 'so-tnmt',
  channel: 'post',
  subject: 'Khiếu nại việc chậm cấp giấy phép xây dựng nhà ở riêng lẻ',
  content: 'Ông Quang khiếu nại việc UBND phường chưa cấp giấy phép xây dựng sau 30 ngày kể từ ngày nộp đủ hồ sơ.',
  parties: [{ role: 'complainant', name: 'Phạm Văn Quang', confidential: false }],
  remoteArea: false,
};
const DATE = /\b\d{2}\/\d{2}\/\d{4}\b/;
const DATE_TIME = /\b\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\b/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/** The complaint of issue #6 from filing to the decision, in one browser with one context per officer. */
describe('a complaint from filing to decision, and a confidential denunciation, in the browser', () => {
  let web: WebTest;
  const shots = new Screenshots();
  const tabs: Partial<Record<keyof typeof USERS, UserTab>> = {};
  const received = vietnamDate(-2);
  let caseId = '';
  let denunciationId = '';
  let overdueId = '';

  /** The officer's tab, signed in on first use; the same context afterwards. */
  async function as(user: keyof typeof USERS): Promise<Page> {
    tabs[user] ??= await web.openAs(USERS[user]);
    return tabs[user].page;
  }
  async function openCase(user: keyof typeof USERS, id: string): Promise<Page> {
    const page = await as(user);
    await page.goto(web.url(`/cases/${id}`));
    await page.getByTestId('case-page').waitFor();
    return page;
  }

  beforeAll(async () => {
    web = await WebTest.start();
    const intake = await ApiUser.signIn(web.engine.base, USERS.intake);
    overdueId = await intake.fileCase({ ...OVERDUE, receivedOn: vietnamDate(-40).iso });
  }, 60_000);
  afterEach(() => web?.expectNoProblems());
  afterAll(async () => {
    await web?.stop();
    shots.dispose();
  });

  it('the intake officer files the complaint through the form, partly with the keyboard', async () => {
    const page = await as('intake');
    await page.getByRole('main').getByRole('link', { name: 'Tiếp nhận đơn' }).click();
    await page.waitForURL((url) => url.pathname === '/cases/new');
    await page.getByRole('heading', { name: 'Tiếp nhận đơn', level: 2 }).waitFor();

    await chooseOption(page, page.getByLabel('Loại hồ sơ'), 'Khiếu nại lần đầu');
    await typeDate(page, page.getByLabel('Ngày nhận đơn'), received.shown);
    await page.getByLabel('Số đơn (sổ tiếp nhận)').fill(COMPLAINT.referenceNo);
    await page.getByLabel('Trích yếu').focus();
    await page.keyboard.type(COMPLAINT.subject);
    await page.keyboard.press('Tab');
    expect(await isFocused(page.getByLabel('Nội dung đơn'))).toBe(true);
    await page.keyboard.type(COMPLAINT.content);

    const parties = page.getByTestId('party');
    await parties.first().getByTitle('Người khiếu nại', { exact: true }).waitFor();
    await parties.first().getByLabel('Họ và tên').focus();
    await page.keyboard.type(COMPLAINT.complainant);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Số 12 đường Lê Lợi, phường Bến Thành');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0912345678');

    await page.getByRole('button', { name: 'Thêm người' }).click();
    await expect(parties.count()).resolves.toBe(2);
    await chooseOption(page, parties.nth(1).getByLabel('Tư cách'), 'Người bị khiếu nại');
    await parties.nth(1).getByLabel('Họ và tên').fill(COMPLAINT.respondent);
    await shots.take(page, 'new-case-desktop');

    await parties.nth(1).getByLabel('Họ và tên').press('Enter');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('case-page').waitFor();
    await expect(page.getByRole('heading', { level: 2 }).innerText()).resolves.toBe(COMPLAINT.subject);
    await waitForStage(page, 'Đã tiếp nhận đơn');
    await expect(page.getByTestId('case-summary').innerText()).resolves.toContain(received.shown);
    await timelineEntry(page, 'CaseFiled').waitFor();
    const acceptance = page.locator('[data-testid="case-clock"][data-clock="acceptance"]');
    await expect(acceptance.innerText()).resolves.toMatch(DATE);
  });

  it('shows the inspector no action on a filed case, and the supervisor none ever', async () => {
    expect(await actionLabels(await openCase('inspector', caseId))).toEqual([]);
    expect(await actionLabels(await openCase('supervisor', caseId))).toEqual([]);
  });

  it('the head assigns the inspector and accepts the case; a refused date is shown plainly; the stale page of the director gets the conflict alert', async () => {
    const director = await openCase('director', caseId);
    expect(await actionLabels(director)).toContain('Thụ lý');

    const head = await openCase('head', caseId);
    expect((await actionLabels(head)).sort()).toEqual(['Chuyển đơn', 'Không thụ lý', 'Phân công thanh tra viên', 'Rút đơn', 'Thụ lý'].sort());
    await runCommand(head, 'Phân công thanh tra viên', 'InspectorAssigned', async (dialog) => {
      await chooseSuggestion(head, dialog.getByLabel('Mã thanh tra viên'), 'Minh', `Lê Văn Minh (${USERS.inspector})`);
      await expect(dialog.getByLabel('Họ tên thanh tra viên').inputValue()).resolves.toBe('Lê Văn Minh');
    });
    await eventually(() => head.getByTestId('case-inspector').innerText(), (text) => text.includes(USERS.inspector), 'the inspector shown');

    tabs.head!.watch.allow(422);
    const accept = await openCommand(head, 'Thụ lý');
    await accept.getByLabel('Số văn bản').fill('12/TB-TTr');
    await typeDate(head, accept.getByLabel('Ngày văn bản'), vietnamDate(-3).shown);
    await submitCommand(accept);
    const refusal = accept.getByTestId('command-refusal');
    await expect(refusal.innerText()).resolves.toContain('không được trước ngày nhận đơn');
    await typeDate(head, accept.getByLabel('Ngày văn bản'), vietnamDate().shown);
    await submitCommand(accept);
    await accept.waitFor({ state: 'hidden' });
    await timelineEntry(head, 'CaseAccepted').waitFor();
    await waitForStage(head, 'Đã thụ lý');

    tabs.director!.watch.allow(409);
    await submitCommand(await openCommand(director, 'Thụ lý'));
    await expect(director.getByTestId('conflict-alert').innerText()).resolves.toContain('Hồ sơ vừa được người khác cập nhật');
    await waitForStage(director, 'Đã thụ lý');
    expect(await actionLabels(director)).not.toContain('Thụ lý');
  });

  it('the inspector starts the verification, reports it and drafts the decision', async () => {
    const page = await openCase('inspector', caseId);
    expect((await actionLabels(page)).sort()).toEqual(['Dự thảo quyết định giải quyết', 'Giao xác minh'].sort());
    await runCommand(page, 'Giao xác minh', 'VerificationStarted');
    await waitForStage(page, 'Đang xác minh');
    await runCommand(page, 'Báo cáo kết quả xác minh', 'VerificationReported', async (dialog) => {
      await dialog.getByLabel('Tóm tắt', { exact: true }).fill('Đã làm việc với UBND phường; mức bồi thường áp dụng đơn giá năm 2024 chưa đúng.');
      await chooseOption(page, dialog.getByLabel('Kết luận', { exact: true }), 'Đúng một phần');
    });
    await waitForStage(page, 'Đã báo cáo kết quả xác minh');
    await runCommand(page, 'Dự thảo quyết định giải quyết', 'DecisionDrafted', async (dialog) => {
      await dialog.getByLabel('Tóm tắt', { exact: true }).fill('Dự thảo: công nhận một phần nội dung khiếu nại, yêu cầu tính lại bồi thường.');
    });
    await waitForStage(page, 'Đã dự thảo quyết định');
    expect(await actionLabels(page)).toEqual([]);
  });

  it('the provincial office issues the decision; the head then sees the clocks, the next action and every step', async () => {
    const ubnd = await openCase('ubnd', caseId);
    await runCommand(ubnd, 'Ban hành quyết định giải quyết', 'DecisionIssued', async (dialog) => {
      await dialog.getByLabel('Số quyết định').fill('1234/QĐ-UBND');
      await chooseOption(ubnd, dialog.getByLabel('Kết luận', { exact: true }), 'Đúng một phần');
      await dialog.getByLabel('Tóm tắt', { exact: true }).fill('Công nhận một phần khiếu nại; giao UBND phường tính lại tiền bồi thường.');
    });
    await waitForStage(ubnd, 'Đã ban hành quyết định');

    const head = await openCase('head', caseId);
    await waitForStage(head, 'Đã ban hành quyết định');
    expect(await actionLabels(head)).toContain('Gửi quyết định');
    const clocks = head.getByTestId('case-clock');
    await expect(clocks.evaluateAll((cards) => cards.map((card) => `${card.getAttribute('data-clock')}:${card.getAttribute('data-status')}`))).resolves.toEqual(
      expect.arrayContaining(['acceptance:stopped', 'resolution:stopped', expect.stringMatching(/^decision-sending:(on-time|due-soon)$/)]),
    );
    expect(await timelineTypes(head)).toEqual(
      expect.arrayContaining(['CaseFiled', 'InspectorAssigned', 'CaseAccepted', 'VerificationStarted', 'VerificationReported', 'DecisionDrafted', 'DecisionIssued']),
    );
    expect(await pageText(head)).not.toMatch(ISO_DATE);
    await shots.take(head, 'case-page-desktop');
    await head.setViewportSize(PHONE);
    await eventually(() => scrollWidth(head), (width) => width <= PHONE.width, 'the width of the case page on a phone');
    await shots.take(head, 'case-page-phone', { fullPage: false });
    await head.setViewportSize(DESKTOP);
  });

  it("the supervisor's audit view lists every step with its actor and time, and the chain is valid", async () => {
    const page = await as('supervisor');
    await page.goto(web.url('/audit'));
    await page.getByLabel('Tìm hồ sơ').fill('thu hoi dat');
    await page.getByLabel('Tìm hồ sơ').press('Enter');
    await page.getByTestId('audit-case-list').getByRole('link', { name: COMPLAINT.subject }).click();
    await page.waitForURL((url) => url.pathname === `/audit/${caseId}`);
    const chain = page.getByTestId('chain-status');
    await chain.waitFor();
    expect(await chain.getAttribute('data-valid')).toBe('true');
    await expect(page.getByRole('button', { name: 'Thực hiện' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('case-actions').count()).resolves.toBe(0);

    const steps: Array<[string, string, string]> = [
      ['CaseFiled', 'Trần Thị Lan', 'Cán bộ tiếp dân'],
      ['InspectorAssigned', 'Nguyễn Văn Hùng', 'Chánh Thanh tra'],
      ['CaseAccepted', 'Nguyễn Văn Hùng', 'Chánh Thanh tra'],
      ['VerificationStarted', 'Lê Văn Minh', 'Thanh tra viên'],
      ['VerificationReported', 'Lê Văn Minh', 'Thanh tra viên'],
      ['DecisionDrafted', 'Lê Văn Minh', 'Thanh tra viên'],
      ['DecisionIssued', 'Đặng Văn Dũng', 'Văn phòng UBND tỉnh'],
    ];
    const types = await timelineTypes(page);
    expect(types.filter((type) => steps.some(([step]) => step === type))).toEqual(steps.map(([step]) => step));
    for (const [type, name, role] of steps) {
      const text = await timelineEntry(page, type).innerText();
      expect(text).toContain(name);
      expect(text).toContain(role);
      expect(text).toMatch(DATE_TIME);
    }
    expect(await pageText(page)).not.toMatch(ISO_DATE);
    await shots.take(page, 'audit-desktop');
    expect(await actionLabels(await openCase('supervisor', caseId))).toEqual([]);
  });

  it('files a denunciation whose denouncer stays secret in the case list and on the case page', async () => {
    const page = await as('intake');
    await page.goto(web.url('/cases/new'));
    await page.getByRole('heading', { name: 'Tiếp nhận đơn', level: 2 }).waitFor();
    await chooseOption(page, page.getByLabel('Loại hồ sơ'), 'Tố cáo');
    await page.getByLabel('Trích yếu').fill(DENUNCIATION.subject);
    await page.getByLabel('Nội dung đơn').fill(DENUNCIATION.content);
    const parties = page.getByTestId('party');
    await parties.first().getByLabel('Họ và tên').fill(DENUNCIATION.denouncer);
    await parties.first().getByLabel('Số điện thoại').fill(DENUNCIATION.denouncerPhone);
    await expect(parties.first().getByLabel('Giữ bí mật danh tính').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Thêm người' }).click();
    await chooseOption(page, parties.nth(1).getByLabel('Tư cách'), 'Người bị tố cáo');
    await parties.nth(1).getByLabel('Họ và tên').fill(DENUNCIATION.accused);
    await page.getByRole('button', { name: 'Tiếp nhận đơn' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    denunciationId = new URL(page.url()).pathname.split('/').pop()!;
    await timelineEntry(page, 'CaseFiled').waitFor();
    await expect(pageText(page)).resolves.not.toContain(DENUNCIATION.denouncer);

    const inspector = await openCase('inspector', denunciationId);
    await timelineEntry(inspector, 'CaseFiled').waitFor();
    await expect(inspector.getByTestId('case-parties').innerText()).resolves.toContain(DENUNCIATION.accused);
    const onCasePage = await pageText(inspector);
    expect(onCasePage).not.toContain(DENUNCIATION.denouncer);
    expect(onCasePage).not.toContain(DENUNCIATION.denouncerPhone);
    await expect(inspector.getByRole('button', { name: 'Xem danh tính' }).count()).resolves.toBe(0);

    await inspector.goto(web.url('/cases'));
    await inspector.getByTestId('case-list').getByRole('link', { name: DENUNCIATION.subject }).waitFor();
    await inspector.getByTestId('case-list').getByRole('link', { name: COMPLAINT.subject }).waitFor();
    expect(await pageText(inspector)).not.toContain(DENUNCIATION.denouncer);
  });

  it('a head sees the denouncer only after giving a reason, and the supervisor sees that reading in the audit view', async () => {
    const head = await openCase('head', denunciationId);
    await timelineEntry(head, 'CaseFiled').waitFor();
    expect(await pageText(head)).not.toContain(DENUNCIATION.denouncer);
    await head.getByRole('button', { name: 'Xem danh tính' }).click();
    const dialog = head.getByRole('dialog', { name: 'Xem danh tính bí mật' });
    await dialog.getByRole('button', { name: 'Xác nhận xem' }).click();
    await dialog.getByText('Vui lòng nhập lý do xem danh tính.').waitFor();
    expect(await pageText(head)).not.toContain(DENUNCIATION.denouncer);

    const reason = 'Mời người tố cáo đến làm việc để bổ sung chứng cứ';
    await dialog.getByLabel('Lý do xem danh tính').fill(reason);
    await dialog.getByLabel('Lý do xem danh tính').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await head.getByTestId('identity-revealed').waitFor();
    await expect(head.getByTestId('case-parties').innerText()).resolves.toContain(DENUNCIATION.denouncer);

    const supervisor = await as('supervisor');
    await supervisor.goto(web.url(`/audit/${denunciationId}`));
    const log = supervisor.getByTestId('identity-access-log');
    const reading = log.getByRole('row').filter({ hasText: reason });
    await reading.waitFor();
    const text = await reading.innerText();
    expect(text).toContain(`Nguyễn Văn Hùng (${USERS.head})`);
    expect(text).toMatch(DATE_TIME);
    expect(await pageText(supervisor)).not.toContain(DENUNCIATION.denouncer);
  });

  it('the case list finds the case typed without diacritics, with dd/mm/yyyy dates', async () => {
    const page = await as('intake');
    await page.goto(web.url('/cases'));
    const search = page.getByLabel('Tìm kiếm');
    await search.fill('khieu nai quyet dinh thu hoi dat');
    await search.press('Enter');
    const list = page.getByTestId('case-list');
    const row = list.getByRole('row').filter({ hasText: COMPLAINT.subject });
    await row.waitFor();
    await eventually(() => list.locator('tbody tr.ant-table-row').count(), (rows) => rows === 1, 'rows found');
    await expect(row.innerText()).resolves.toContain(received.shown);
    await expect(row.innerText()).resolves.toContain(COMPLAINT.complainant);
    expect(await pageText(page)).not.toMatch(ISO_DATE);

    await search.fill('');
    await search.press('Enter');
    await eventually(() => list.locator('tbody tr.ant-table-row').count(), (rows) => rows >= 1, 'rows listed');
    await shots.take(page, 'case-list-desktop');
    await page.setViewportSize(PHONE);
    await eventually(() => scrollWidth(page), (width) => width <= PHONE.width, 'the width of the case list on a phone');
    // Two columns on a phone: every deadline's colour is on screen without scrolling sideways.
    const deadlines = list.getByTestId('deadline-tag');
    await eventually(
      () => deadlines.evaluateAll((tags) => tags.map((tag) => tag.getBoundingClientRect().right)),
      (rights) => rights.length >= 3 && rights.every((right) => right <= PHONE.width),
      'the deadlines in view on a phone',
    );
    await expect(row.innerText()).resolves.toContain(`Nhận ${received.shown}`);
    await shots.take(page, 'case-list-phone', { fullPage: false });
    await page.setViewportSize(DESKTOP);
  });

  it('the inbox shows the head the escalation of the overdue case in words and dd/mm/yyyy, marks it read and opens the case', async () => {
    const api = await ApiUser.signIn(web.engine.base, USERS.head);
    await eventually(
      () => api.get<{ items: Array<{ caseId: string }> }>('/api/me/inbox'),
      (inbox) => inbox.items.filter((item) => item.caseId === overdueId).length >= 1,
      "the head's notices of the overdue case",
    );
    const page = await as('head');
    await page.goto(web.url('/inbox'));
    const notices = page.getByTestId('inbox-item').filter({ hasText: OVERDUE.subject });
    await notices.first().waitFor();
    const texts = await notices.allInnerTexts();
    expect(texts.join('\n')).toContain('Thời hạn thụ lý');
    expect(texts.join('\n')).not.toContain('"acceptance"');
    expect(texts.some((text) => text.includes('Quá hạn'))).toBe(true);
    // Filed a month late: the reminders' days had passed, so they were skipped rather than sent with a wrong count.
    expect(texts.some((text) => text.includes('Nhắc hạn'))).toBe(false);
    expect(texts.some((text) => text.includes('Chuyển cấp trên'))).toBe(true);
    for (const text of texts) expect(text).toMatch(DATE_TIME);
    expect(await pageText(page)).not.toMatch(ISO_DATE);
    await shots.take(page, 'inbox-desktop');

    const unread = () => page.locator('[data-testid="inbox-item"][data-read="false"]').count();
    const before = await unread();
    await notices.first().getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
    await eventually(unread, (count) => count === before - 1, 'unread notices');

    await notices.first().getByRole('link', { name: 'Xem hồ sơ' }).click();
    await page.waitForURL((url) => url.pathname === `/cases/${overdueId}`);
    await page.locator('[data-testid="case-clock"][data-clock="acceptance"][data-status="overdue"]').waitFor();
  });

  it("the dashboard counts the department's cases and the report downloads as XLSX and CSV", async () => {
    const page = await as('head');
    await page.goto(web.url('/dashboard'));
    const counts = page.getByTestId('dashboard-counts');
    await counts.waitFor();
    const statistic = (title: string) => counts.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content').innerText();
    expect(await statistic('Tổng số hồ sơ')).toBe('3');
    expect(Number(await statistic('Quá hạn'))).toBeGreaterThanOrEqual(1);
    const byKind = await counts.getByRole('row').allInnerTexts();
    expect(byKind.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual(expect.arrayContaining(['Khiếu nại lần đầu 2', 'Tố cáo 1']));
    // The chart's figures: the three cases received within the last 12 months, the complaint resolved by its decision.
    const monthRows = page.getByTestId('monthly-chart-table').locator('tbody tr');
    await monthRows.first().waitFor({ state: 'attached' });
    const months = await monthRows.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent))));
    expect(months).toHaveLength(12);
    expect(months.reduce((sum, [received]) => sum + received!, 0)).toBe(3);
    expect(months.reduce((sum, [, resolved]) => sum + resolved!, 0)).toBe(1);
    await page.getByTestId('report').getByRole('table').filter({ hasText: 'Chỉ tiêu' }).waitFor();
    await shots.take(page, 'dashboard-desktop');

    for (const [button, extension] of [['Tải XLSX', '.xlsx'], ['Tải CSV', '.csv']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`\\${extension}$`));
      expect(await download.failure()).toBeNull();
    }
  });

  it('closes every tab without a console error or warning', async () => {
    await web.closeTabs();
  });

});
