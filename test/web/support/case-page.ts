import type { Locator, Page } from 'playwright-core';
import { untilStill } from './antd';

const WAIT_MS = 10_000;

/** Retries `read` until `accept` holds (UI states settle after a refetch), then returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** Waits until the case page shows its actions (or that there are none) and returns their labels. */
export async function actionLabels(page: Page): Promise<string[]> {
  const actions = page.getByTestId('case-actions');
  await actions.or(page.getByTestId('no-actions')).waitFor();
  if ((await actions.count()) === 0) return [];
  return (await actions.getByRole('button').allInnerTexts()).map((text) => text.trim());
}

export function stage(page: Page): Locator {
  return page.getByTestId('case-stage');
}

export async function waitForStage(page: Page, label: string): Promise<void> {
  await eventually(() => stage(page).innerText(), (text) => text.includes(label), `the stage shown on ${page.url()}`);
}

/** The event types of the timeline, oldest first. */
export function timelineTypes(page: Page): Promise<string[]> {
  return page.getByTestId('timeline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-type') ?? ''));
}

export function timelineEntry(page: Page, type: string): Locator {
  return page.locator(`[data-testid="timeline-entry"][data-type="${type}"]`);
}

/** The dialog of a command, opened from its button on the case page. */
export async function openCommand(page: Page, label: string): Promise<Locator> {
  await page.getByTestId('case-actions').getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: label });
  await dialog.getByTestId('command-form').waitFor();
  await untilStill(page);
  return dialog;
}

/** Sends the open command dialog with its "Thực hiện" button. */
export async function submitCommand(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Thực hiện' }).click();
}

/**
 * Runs a command from the case page: opens its dialog, lets `fill` fill it, sends it, waits until the dialog
 * closed and the event it records shows in the timeline.
 */
export async function runCommand(page: Page, label: string, event: string, fill: (dialog: Locator) => Promise<void> = async () => undefined): Promise<void> {
  const dialog = await openCommand(page, label);
  await fill(dialog);
  await submitCommand(dialog);
  await dialog.waitFor({ state: 'hidden' });
  await timelineEntry(page, event).waitFor();
}
