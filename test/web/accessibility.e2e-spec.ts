import type { Locator, Page } from 'playwright-core';
import { untilStill, vietnamDate } from './support/antd';
import { ApiUser } from './support/api';
import { seriousViolations } from './support/axe';
import { DESKTOP, PHONE } from './support/browser';
import { eventually, timelineEntry } from './support/case-page';
import { openTodaySession, registerDon } from './support/reception';
import { isFocused, USERS, WebTest, type UserTab } from './support/web-test';

jest.setTimeout(45_000);

const COMPLAINT = {
  kind: 'complaint-first',
  department: 'so-tnmt',
  channel: 'in-person',
  subject: 'Khiếu nại việc bồi thường khi thu hồi đất nông nghiệp tại xã Tân Phú',
  content: 'Ông Bình khiếu nại mức bồi thường đất nông nghiệp khi thu hồi đất để làm đường.',
  referenceNo: '12/ĐKN',
  parties: [
    { role: 'complainant', name: 'Võ Văn Bình', address: 'Ấp 3, xã Tân Phú', confidential: false },
    { role: 'respondent', name: 'Ủy ban nhân dân xã Tân Phú', confidential: false },
  ],
  remoteArea: false,
};
const DENUNCIATION = {
  kind: 'denunciation',
  department: 'so-tnmt',
  channel: 'post',
  subject: 'Tố cáo việc san lấp đất ruộng trái phép tại xã Tân Phú',
  content: 'Người tố cáo cho biết một doanh nghiệp san lấp đất ruộng không có giấy phép.',
  parties: [
    { role: 'denouncer', name: 'Người Tố Cáo Ẩn Danh', phone: '0900000001', confidential: true },
    { role: 'accused', name: 'Công ty TNHH San Lấp', confidential: false },
  ],
  remoteArea: false,
};
/** Never accepted, filed 40 days ago: its acceptance clock is overdue, so the head's inbox has notices. */
const OVERDUE = {
  ...COMPLAINT,
  subject: 'Khiếu nại việc chậm trả lời đơn xin cấp giấy chứng nhận quyền sử dụng đất',
  referenceNo: '7/ĐKN',
};

type Viewport = { width: number; height: number };

/**
 * Waits until the page is still: no request pending, fonts loaded, no finite animation or transition running
 * (antd's dialogs zoom in and its drawers slide; a half-faded text would fail the contrast rule by accident).
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready.then(() => true)');
  await untilStill(page);
}

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  await settle(page);
  expect(await seriousViolations(page, where)).toEqual([]);
}

/** What has the keyboard focus, described for the test: the form field's id, else the role and text or label. */
function focused(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    if (element.id && /^(new-case|command|reveal)/.test(element.id)) return element.id;
    const name = (element.getAttribute('aria-label') || element.textContent || '').trim().replace(/\\s+/g, ' ');
    return (element.getAttribute('role') || element.tagName.toLowerCase()) + ':' + name;
  })()`);
}

/**
 * Whether the focused element shows that it has the focus: an outline or a box shadow on it, on the box antd
 * draws around it (a select's or date picker's input sits inside one, up to three levels up) or, for a check
 * box, on the square drawn next to its hidden input.
 */
function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const shows = (node) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== '' && style.boxShadow !== 'none');
    };
    const candidates = [element, element.nextElementSibling, element.parentElement, element.parentElement?.parentElement, element.parentElement?.parentElement?.parentElement];
    return candidates.some(shows);
  })()`);
}

/** Where the focused element is on the page (its top left corner, in page coordinates). */
function focusedBox(page: Page): Promise<{ top: number; left: number }> {
  return page.evaluate<{ top: number; left: number }>(`(() => {
    const box = document.activeElement.getBoundingClientRect();
    return { top: box.top + window.scrollY, left: box.left + window.scrollX };
  })()`);
}

/** Presses Tab until the focus is on `target` (at most `limit` times) and returns each stop on the way, target included. */
async function tabTo(page: Page, target: string, limit = 40): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    stops.push(stop);
    if (stop === target) return stops;
  }
  throw new Error(`Tab did not reach ${target} in ${limit} presses: ${stops.join(' → ')}`);
}

/** Picks an option of the focused antd Select with the keyboard alone: arrows until the option is active, then Enter. */
async function chooseWithKeyboard(page: Page, field: Locator, optionText: string): Promise<void> {
  const id = await field.getAttribute('id');
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${id}_list"]`) });
  await page.keyboard.press('ArrowDown');
  await dropdown.waitFor();
  for (let i = 0; i < 20; i += 1) {
    const active = await dropdown.locator('.ant-select-item-option-active').getAttribute('title');
    if (active === optionText) {
      await page.keyboard.press('Enter');
      await field.locator('xpath=..').and(page.getByTitle(optionText, { exact: true })).waitFor();
      await dropdown.waitFor({ state: 'hidden' });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option "${optionText}" in ${id}`);
}

describe('accessibility of the web UI: axe-core (WCAG 2.1 A/AA) and the keyboard', () => {
  let web: WebTest;
  let complaintId = '';
  let denunciationId = '';
  let sessionId = '';
  let donId = '';

  beforeAll(async () => {
    web = await WebTest.start();
    const intake = await ApiUser.signIn(web.engine.base, USERS.intake);
    complaintId = await intake.fileCase({ ...COMPLAINT, receivedOn: vietnamDate(-1).iso });
    denunciationId = await intake.fileCase({ ...DENUNCIATION, receivedOn: vietnamDate(-1).iso });
    const overdueId = await intake.fileCase({ ...OVERDUE, receivedOn: vietnamDate(-40).iso });
    sessionId = await openTodaySession(intake);
    ({ donId } = await registerDon(intake, { subject: 'Kiến nghị về việc cấp nước sạch cho khu tái định cư', content: 'Người dân khu tái định cư kiến nghị sớm đấu nối nước sạch.', receivedOn: vietnamDate(-1).iso, parties: [{ role: 'petitioner', name: 'Lý Văn Hải', confidential: false }] }));
    await eventually(
      () => intake.get<{ items: Array<{ donId: string }> }>('/api/dons'),
      (register) => register.items.some((item) => item.donId === donId),
      'the đơn in the register',
    );
    const head = await ApiUser.signIn(web.engine.base, USERS.head);
    await eventually(
      () => head.get<{ items: Array<{ caseId: string }> }>('/api/me/inbox'),
      (inbox) => inbox.items.some((item) => item.caseId === overdueId),
      "the head's notices of the overdue case",
    );
  }, 60_000);
  afterEach(() => web?.expectNoProblems());
  afterAll(async () => {
    await web?.closeTabs();
    await web?.stop();
  });

  describe.each([
    ['at 1366×768', DESKTOP],
    ['on a 360×740 phone', PHONE],
  ] as Array<[string, Viewport]>)('axe finds nothing serious or critical %s', (screen, viewport) => {
    const tabs: Partial<Record<keyof typeof USERS, UserTab>> = {};

    /** The user's tab at this size, signed in on first use; axe is injected, so the context bypasses the CSP. */
    async function as(user: keyof typeof USERS, path: string): Promise<Page> {
      tabs[user] ??= await web.openAs(USERS[user], viewport, '/', { bypassCSP: true });
      const { page } = tabs[user];
      await page.goto(web.url(path));
      return page;
    }

    it('on the sign-in page', async () => {
      const { page } = await web.open(viewport, { bypassCSP: true });
      await page.goto(web.url('/login'));
      await page.getByLabel('Mã người dùng').waitFor();
      await expectNoSeriousViolations(page, `sign-in ${screen}`);
    });

    it('on the case list with rows', async () => {
      const page = await as('intake', '/cases');
      await page.getByTestId('case-list').getByRole('link', { name: COMPLAINT.subject }).waitFor();
      await expectNoSeriousViolations(page, `case list ${screen}`);
    });

    it('on the new-case form, empty and after a refused submit', async () => {
      const page = await as('intake', '/cases/new');
      await page.getByRole('heading', { name: 'Tiếp nhận đơn', level: 2 }).waitFor();
      await expectNoSeriousViolations(page, `new-case form ${screen}`);
      await page.getByRole('button', { name: 'Tiếp nhận đơn' }).click();
      await page.getByText('Chọn loại hồ sơ.').waitFor();
      await page.getByText('Nhập trích yếu nội dung đơn.').waitFor();
      await expectNoSeriousViolations(page, `new-case form with errors ${screen}`);
    });

    it('on the case page with a command form open', async () => {
      const page = await as('head', `/cases/${complaintId}`);
      await timelineEntry(page, 'CaseFiled').waitFor();
      await expectNoSeriousViolations(page, `case page ${screen}`);
      await page.getByTestId('case-actions').getByRole('button', { name: 'Thụ lý', exact: true }).click();
      await page.getByRole('dialog', { name: 'Thụ lý' }).getByTestId('command-form').waitFor();
      await expectNoSeriousViolations(page, `case page with the "Thụ lý" form ${screen}`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Thụ lý' }).waitFor({ state: 'hidden' });
    });

    it('on the inbox', async () => {
      const page = await as('head', '/inbox');
      await page.getByTestId('inbox-item').first().waitFor();
      await expectNoSeriousViolations(page, `inbox ${screen}`);
    });

    it('on the dashboard', async () => {
      const page = await as('head', '/dashboard');
      await page.getByTestId('dashboard-counts').waitFor();
      await page.getByTestId('report').getByRole('table').filter({ hasText: 'Chỉ tiêu' }).waitFor();
      await expectNoSeriousViolations(page, `dashboard ${screen}`);
    });

    it("on the supervisor's audit list and audit case page", async () => {
      const page = await as('supervisor', '/audit');
      await page.getByTestId('audit-case-list').getByRole('link', { name: DENUNCIATION.subject }).waitFor();
      await expectNoSeriousViolations(page, `audit list ${screen}`);
      await page.goto(web.url(`/audit/${denunciationId}`));
      await page.getByTestId('chain-status').waitFor();
      await page.getByTestId('identity-access-log').waitFor();
      await expectNoSeriousViolations(page, `audit case page ${screen}`);
    });

    it('on the reception desk with a session open, empty and after a refused save', async () => {
      const page = await as('intake', `/reception?session=${sessionId}`);
      await page.getByTestId('visit-form').waitFor();
      await expectNoSeriousViolations(page, `reception desk ${screen}`);
      await page.getByRole('button', { name: 'Ghi lượt tiếp' }).click();
      await page.getByText('Nhập nội dung công dân trình bày.').waitFor();
      await expectNoSeriousViolations(page, `reception desk with errors ${screen}`);
    });

    it('on the đơn register and a đơn page (classification form, duplicate candidates)', async () => {
      const page = await as('intake', '/dons');
      await page.getByTestId('don-list').getByTestId('don-link').first().waitFor();
      await expectNoSeriousViolations(page, `đơn register ${screen}`);
      await page.goto(web.url(`/dons/${donId}`));
      await page.getByTestId('classify-form').waitFor();
      await page.getByTestId('candidates').or(page.getByTestId('no-candidates')).waitFor();
      await expectNoSeriousViolations(page, `đơn page ${screen}`);
    });

    it('on the reception schedule with the book download', async () => {
      const page = await as('head', '/reception/schedule');
      await page.getByTestId('reception-book').waitFor();
      await page.getByTestId('regular-days').waitFor();
      await expectNoSeriousViolations(page, `reception schedule ${screen}`);
    });

    if (viewport === PHONE) {
      it('with the phone menu drawer open', async () => {
        const page = await as('head', '/cases');
        await page.getByRole('button', { name: 'Mở menu' }).click();
        await page.getByRole('dialog').getByTestId('current-user').waitFor();
        await expectNoSeriousViolations(page, `menu drawer ${screen}`);
      });
    }

    it('(closes the tabs of this size)', async () => {
      for (const user of Object.keys(tabs) as Array<keyof typeof USERS>) delete tabs[user];
      await web.closeTabs();
    });
  });

  describe('with the keyboard alone', () => {
    it('the first Tab stop is the skip link, shown on screen; it moves the focus to the main content', async () => {
      const { page } = await web.openAs(USERS.intake, DESKTOP, '/cases');
      await page.getByTestId('case-list').getByRole('link', { name: COMPLAINT.subject }).waitFor();
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Bỏ qua thanh điều hướng' });
      expect(await isFocused(skip)).toBe(true);
      expect(await focusIsVisible(page)).toBe(true);
      const box = await skip.boundingBox();
      expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= DESKTOP.width).toBe(true);
      await page.keyboard.press('Enter');
      expect(await isFocused(page.getByRole('main'))).toBe(true);
      await page.keyboard.press('Tab');
      await expect(page.getByRole('main').evaluate((main) => main.contains(main.ownerDocument.activeElement))).resolves.toBe(true);
    });

    it('every Tab stop of the header and the case list shows the focus', async () => {
      const { page } = await web.openAs(USERS.intake, DESKTOP, '/cases');
      await page.getByTestId('case-list').getByRole('link', { name: COMPLAINT.subject }).waitFor();
      const hidden: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press('Tab');
        const stop = await focused(page);
        if (stop === 'body') break; // past the last stop
        if (!(await focusIsVisible(page))) hidden.push(stop);
      }
      expect(hidden).toEqual([]);
    });

    it('on the new-case form, Tab reaches every field and the buttons in visual order, each with a visible focus; Enter on a refused submit focuses the first wrong field', async () => {
      const { page } = await web.openAs(USERS.intake, DESKTOP, '/cases/new');
      await page.getByRole('heading', { name: 'Tiếp nhận đơn', level: 2 }).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const party = (field: string) => `new-case_parties_0_${field}`;
      const expected = [
        'new-case_kind',
        'new-case_channel',
        'new-case_receivedOn',
        'new-case_referenceNo',
        'new-case_subject',
        'new-case_content',
        'new-case_remoteArea',
        party('role'),
        party('name'),
        party('address'),
        party('phone'),
        party('email'),
        party('idNumber'),
        party('confidential'),
        'button:Thêm người',
        'button:Tiếp nhận đơn',
        'button:Hủy',
      ];
      const stops: string[] = [];
      const boxes: Array<{ top: number; left: number }> = [];
      const hidden: string[] = [];
      for (let i = 0; i < expected.length; i += 1) {
        await page.keyboard.press('Tab');
        const stop = await focused(page);
        stops.push(stop);
        boxes.push(await focusedBox(page));
        if (!(await focusIsVisible(page))) hidden.push(stop);
      }
      expect(stops).toEqual(expected);
      expect(hidden).toEqual([]);
      const backwards = boxes.flatMap((box, i) => {
        const before = boxes[i - 1];
        if (!before) return [];
        const later = box.top > before.top + 8 || (Math.abs(box.top - before.top) <= 8 && box.left > before.left);
        return later ? [] : [`${stops[i - 1]} → ${stops[i]}`];
      });
      expect(backwards).toEqual([]);

      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toBe('button:Tiếp nhận đơn');
      await page.keyboard.press('Enter');
      await page.getByText('Chọn loại hồ sơ.').waitFor();
      await eventually(() => focused(page), (stop) => stop === 'new-case_kind', 'the focus after a refused submit');
    });

    it('files a complaint with the keyboard alone: choices with the arrows, "Thêm người" moves to the new person, Enter on "Tiếp nhận đơn"', async () => {
      const { page } = await web.openAs(USERS.intake, DESKTOP, '/cases/new');
      await page.getByRole('heading', { name: 'Tiếp nhận đơn', level: 2 }).waitFor();
      const subject = 'Khiếu nại việc cấp giấy phép khai thác cát, tiếp nhận chỉ bằng bàn phím';
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await tabTo(page, 'new-case_kind');
      await chooseWithKeyboard(page, page.getByLabel('Loại hồ sơ'), 'Khiếu nại lần đầu');
      await tabTo(page, 'new-case_subject');
      await page.keyboard.type(subject);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Bà Hoa khiếu nại việc Sở cấp giấy phép khai thác cát gần nhà bà mà không lấy ý kiến người dân.');
      await tabTo(page, 'new-case_parties_0_name');
      await page.keyboard.type('Lê Thị Hoa');
      await tabTo(page, 'button:Thêm người');
      await page.keyboard.press('Enter');
      await eventually(() => focused(page), (stop) => stop === 'new-case_parties_1_role', 'the focus after "Thêm người"');
      await chooseWithKeyboard(page, page.getByTestId('party').nth(1).getByLabel('Tư cách'), 'Người bị khiếu nại');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('new-case_parties_1_name');
      await page.keyboard.type('Sở Tài nguyên và Môi trường');
      await tabTo(page, 'button:Tiếp nhận đơn');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      await timelineEntry(page, 'CaseFiled').waitFor();
      await expect(page.getByRole('heading', { level: 2 }).innerText()).resolves.toBe(subject);
      await expect(page.getByTestId('case-parties').innerText()).resolves.toContain('Sở Tài nguyên và Môi trường');
    });

    it('on the case page, Enter on an action opens its dialog with the focus inside, Tab stays inside, Escape closes it and the focus returns to the action', async () => {
      const { page } = await web.openAs(USERS.head, DESKTOP, `/cases/${complaintId}`);
      await timelineEntry(page, 'CaseFiled').waitFor();
      await tabTo(page, 'button:Thụ lý');
      const action = page.getByTestId('case-actions').getByRole('button', { name: 'Thụ lý', exact: true });
      expect(await focusIsVisible(page)).toBe(true);
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Thụ lý' });
      await dialog.getByTestId('command-form').waitFor();
      const focusInside = () => dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement));
      await eventually(focusInside, (inside) => inside, 'the focus in the dialog');
      const outside: string[] = [];
      const hidden: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        await page.keyboard.press('Tab');
        if (!(await focusInside())) outside.push(`${i}: ${await focused(page)}`);
        else if (!(await focusIsVisible(page))) hidden.push(await focused(page));
      }
      expect(outside).toEqual([]);
      expect(hidden).toEqual([]);
      // A date picker or select the focus ended on closes its popup on the first Escape, the dialog on the next.
      await eventually(
        async () => {
          if (await dialog.isVisible()) await page.keyboard.press('Escape');
          return dialog.isVisible();
        },
        (visible) => !visible,
        'the dialog after Escape',
      );
      await eventually(() => isFocused(action), (onAction) => onAction, 'the focus back on "Thụ lý"');
    });

    it('(closes its tabs)', async () => {
      await web.closeTabs();
    });
  });
});
