import type { Locator, Page } from 'playwright-core';

/**
 * Helpers for the antd widgets whose popups live outside the field (Select, DatePicker). Only these use antd's
 * class names; everything else is found by role, label or test id.
 */

/**
 * Opens the Select behind the field (its combobox input) and picks the option shown with exactly this text,
 * then waits until the field shows it (antd puts the chosen label in the title of the input's parent). The
 * dropdown is the one holding the input's listbox (`<id>_list`).
 */
export async function chooseOption(page: Page, field: Locator, optionText: string): Promise<void> {
  const id = await field.getAttribute('id');
  if (!id) throw new Error('chooseOption: the field has no id');
  // A dropdown opened in a dialog still zooming in is placed, then moved: pick only once both stand still.
  await untilStill(page);
  await field.click();
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${id}_list"]`) });
  await dropdown.getByTitle(optionText, { exact: true }).waitFor();
  await untilStill(page);
  await dropdown.getByTitle(optionText, { exact: true }).click();
  await field.locator('xpath=..').and(page.getByTitle(optionText, { exact: true })).waitFor();
}

/**
 * Waits until no finite animation or transition runs (antd's dialogs zoom in, its dropdowns and drawers slide).
 * Polled from here: page.waitForFunction evals its predicate inside the page, which the UI's CSP refuses.
 */
export async function untilStill(page: Page, timeoutMs = 5_000): Promise<void> {
  const running = () =>
    page.evaluate<number>(`document.getAnimations().filter((a) => a.playState === 'running' && a.effect && a.effect.getTiming().iterations !== Infinity).length`);
  const deadline = Date.now() + timeoutMs;
  while ((await running()) > 0) {
    if (Date.now() > deadline) throw new Error(`untilStill: animations still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Types into an AutoComplete field and picks the suggestion shown with exactly this text. */
export async function chooseSuggestion(page: Page, field: Locator, typed: string, suggestion: string): Promise<void> {
  const id = await field.getAttribute('id');
  if (!id) throw new Error('chooseSuggestion: the field has no id');
  await field.fill(typed);
  await page.locator('.ant-select-dropdown', { has: page.locator(`[id="${id}_list"]`) }).getByText(suggestion, { exact: true }).click();
}

/** Types a dd/mm/yyyy date into a DatePicker and leaves the field with Tab, so the typed value is taken. */
export async function typeDate(page: Page, field: Locator, date: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await page.keyboard.type(date);
  await page.keyboard.press('Tab');
}

/** A date in Vietnam `days` from today: ISO (`2026-03-02`) and as the pages show it (`02/03/2026`). */
export function vietnamDate(days = 0): { iso: string; shown: string } {
  const instant = new Date(Date.now() + days * 86_400_000);
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  const [year, month, day] = iso.split('-');
  return { iso, shown: `${day}/${month}/${year}` };
}
