import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import { DEMO_CALENDAR_PAIRS } from '../../server/dev/seed/calendar.seed.js';
import type { OneOnOneAgenda } from '../../server/src/contract/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import { apiAs, seriousAxeViolations, tab, waitForPage } from './tab-support.js';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
const byUpn = (upn: string): GraphUser => stack.people.find((person) => person.userPrincipalName === upn)!;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openAgenda(user: GraphUser, manager: GraphUser, report: GraphUser): Promise<Page> {
  const page = await context.newPage();
  const query = new URLSearchParams({ user: user.userPrincipalName, subPage: `one-on-ones/${manager.id}~${report.id}` });
  await page.goto(`${stack.baseUrl}/dev/teams?${query.toString()}`);
  await waitForPage(page);
  await tab(page).getByTestId('one-on-one-schedule').waitFor();
  return page;
}

describe('1:1 schedule in the Teams tab', () => {
  it('shows a date from the Outlook series (moved occurrence) without the editor', async () => {
    const manager = byUpn(DEMO_CALENDAR_PAIRS.rescheduled.managerUpn);
    const report = byUpn(DEMO_CALENDAR_PAIRS.rescheduled.reportUpn);
    // The first read fills the calendar cache; the page then shows what Outlook says.
    await expect
      .poll(
        async () =>
          (await apiAs<OneOnOneAgenda>(stack, manager.userPrincipalName, 'GET', `/api/one-on-ones/${manager.id}/${report.id}`))
            .nextDateSource,
        {
          timeout: 10_000,
        },
      )
      .toBe('calendar');
    const page = await openAgenda(manager, manager, report);
    const schedule = tab(page).getByTestId('one-on-one-schedule');
    expect(await schedule.getAttribute('data-source')).toBe('calendar');
    expect(await schedule.textContent()).toContain('from your Outlook calendar');
    expect(await schedule.textContent()).toContain('moved from');
    expect(await tab(page).getByRole('button', { name: 'Save schedule' }).count()).toBe(0);
    await page.close();
  });

  it('sets cadence and next date for a pair without a series, and lists the report’s time off', async () => {
    const manager = byUpn('julia.santos@northstar.demo');
    const report = byUpn('theo.laurent@northstar.demo');
    const page = await openAgenda(manager, manager, report);
    const root = tab(page);
    expect(await root.getByTestId('one-on-one-schedule').getAttribute('data-source')).not.toBe('calendar');
    const date = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await root.getByRole('combobox', { name: 'Cadence' }).selectOption('monthly');
    await root.getByLabel('Next date').fill(date);
    await root.getByRole('button', { name: 'Save schedule' }).click();
    await root.getByText('Schedule saved.').waitFor({ timeout: 15_000 });
    const stored = await apiAs<OneOnOneAgenda>(stack, manager.userPrincipalName, 'GET', `/api/one-on-ones/${manager.id}/${report.id}`);
    expect(stored).toMatchObject({ nextDate: date, nextDateSet: true, nextDateSource: 'set', cadence: 'monthly' });
    expect(await root.getByTestId('one-on-one-schedule').getAttribute('data-source')).toBe('set');

    await page.reload();
    await waitForPage(page);
    await expect.poll(() => tab(page).locator('[data-kind="out_of_office"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await tab(page).locator('[data-kind="out_of_office"]').textContent()).toContain('Theo Laurent');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });
});
