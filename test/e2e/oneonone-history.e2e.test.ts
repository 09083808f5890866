import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { OneOnOneAgenda, PrivateNotes } from '../../server/src/contract/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import { apiAs, horizontalOverflow, seriousAxeViolations, tab, waitForPage } from './tab-support.js';

const screenshotDir = path.resolve('test-results', 'screens');
const PRIVATE = 'Check in with Theo about the lab booking before Friday';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
/** The seeded demo pair with three held 1:1s (server/dev/seed/oneonones.seed.ts). */
let manager: GraphUser;
let report: GraphUser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  const byUpn = (upn: string): GraphUser => stack.people.find((person) => person.userPrincipalName === `${upn}@northstar.demo`)!;
  manager = byUpn('julia.santos');
  report = byUpn('theo.laurent');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openAgenda(user: GraphUser, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const query = new URLSearchParams({ user: user.userPrincipalName, subPage: `one-on-ones/${manager.id}~${report.id}` });
  await page.goto(`${stack.baseUrl}/dev/teams?${query.toString()}`);
  await waitForPage(page);
  await tab(page).getByTestId('history-entry').first().waitFor();
  return page;
}

const occurrences = (page: Page): Promise<Array<string | null>> =>
  tab(page)
    .getByTestId('history-entry')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-occurrence')));

describe('1:1 history in the Teams tab', () => {
  it('lists, searches and opens past 1:1s as they were; an action item carried twice then done shows its outcome', async () => {
    const page = await openAgenda(manager);
    const root = tab(page);
    expect(await occurrences(page)).toEqual(['3', '2', '1']);

    await root.getByRole('searchbox', { name: 'Search past 1:1s' }).fill('critique');
    await root.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => occurrences(page), { timeout: 15_000 }).toEqual(['2']);
    expect(await root.getByTestId('history-match').first().textContent()).toContain('critique');
    await root.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => occurrences(page), { timeout: 15_000 }).toEqual(['3', '2', '1']);

    await root.getByRole('button', { name: /^1:1 #1 ·/ }).click();
    const first = root.locator('[data-testid="past-one-on-one"][data-occurrence="1"]');
    await first.waitFor();
    const studyPlan = first.getByTestId('past-action-item').filter({ hasText: 'Draft the onboarding study plan' });
    expect(await studyPlan.getAttribute('data-outcome')).toBe('done');
    expect(await studyPlan.textContent()).toMatch(/in 1:1 #3 after being carried over twice/);
    expect(await first.getByTestId('past-agenda-item').count()).toBe(1);

    await root.getByRole('button', { name: 'Newer' }).click();
    await root.locator('[data-testid="past-one-on-one"][data-occurrence="2"]').waitFor();
    await root.getByRole('button', { name: 'Newer' }).click();
    const third = root.locator('[data-testid="past-one-on-one"][data-occurrence="3"]');
    await third.waitFor();
    expect(await third.getByRole('textbox', { name: /only you see this/ }).inputValue()).toContain('design system refresh');
    const found: string[] = [];
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      await page.selectOption('#theme-picker', theme);
      await expect.poll(() => root.locator('[data-theme]').first().getAttribute('data-theme'), { timeout: 15_000 }).toBe(theme);
      found.push(...(await seriousAxeViolations(page)).map((line) => `${theme}: ${line}`));
      await third.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(screenshotDir, `teams-one-on-one-history-${theme}.png`) });
    }
    expect(found).toEqual([]);
    await page.close();
  });

  it('keeps private notes for their author only', async () => {
    const page = await openAgenda(manager);
    const root = tab(page);
    const agenda = await apiAs<OneOnOneAgenda>(stack, manager.userPrincipalName, 'GET', `/api/one-on-ones/${manager.id}/${report.id}`);
    const editor = root.locator(`[data-testid="private-notes"][data-occurrence="${agenda.occurrence}"]`);
    await editor.getByRole('textbox', { name: /only you see this/ }).fill(PRIVATE);
    await editor.getByRole('button', { name: 'Save private notes' }).click();
    await editor.getByText(/^Saved /).waitFor();
    const stored = await apiAs<PrivateNotes>(
      stack,
      manager.userPrincipalName,
      'GET',
      `/api/one-on-ones/${manager.id}/${report.id}/private-notes`,
    );
    expect(stored).toMatchObject({ text: PRIVATE, version: 1, occurrence: agenda.occurrence });
    await page.close();

    const reportPage = await openAgenda(report, { width: 320, height: 800 });
    const reportRoot = tab(reportPage);
    const reportEditor = reportRoot.locator(`[data-testid="private-notes"][data-occurrence="${agenda.occurrence}"]`);
    expect(await reportEditor.getByRole('textbox', { name: /only you see this/ }).inputValue()).toBe('');
    await reportRoot.getByRole('button', { name: /^1:1 #3 ·/ }).click();
    const third = reportRoot.locator('[data-testid="past-one-on-one"][data-occurrence="3"]');
    await third.waitFor();
    expect(await third.getByRole('textbox', { name: /only you see this/ }).inputValue()).toBe('');
    expect(await reportRoot.locator('body').textContent()).not.toContain('ready for more ownership');
    expect(await reportRoot.locator('body').textContent()).not.toContain(PRIVATE);
    expect(await horizontalOverflow(reportPage)).toBeLessThanOrEqual(0);
    await reportPage.screenshot({ path: path.join(screenshotDir, 'teams-one-on-one-history-320.png'), fullPage: true });
    await reportPage.close();
  });
});
