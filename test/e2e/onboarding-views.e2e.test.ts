import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { Enrolment, OnboardingTeam, PeriodList } from '../../server/src/contract/index.js';
import { EnrolmentModel } from '../../server/src/onboarding/onboarding.model.js';
import { PersonModel, personKey } from '../../server/src/org/people.model.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import { apiAs, horizontalOverflow, seriousAxeViolations, tab, waitForPage } from './tab-support.js';

const HR = 'maya.okafor@northstar.demo';
const screenshotDir = path.resolve('test-results', 'screens');
const THEMES = ['default', 'dark', 'contrast'] as const;
const DAY_MS = 86_400_000;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
const person = (local: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${local}@northstar.demo`)!;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  // A disabled account in the directory, for the enrol page's error (before anything loads the directory search).
  await PersonModel.updateOne({ _id: personKey(stack.tenantId, person('owen.fischer').id) }, { $set: { enabled: false } });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openTab(user: string, subPage: string, options: { width?: number; theme?: string } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: options.width ?? 1280, height: options.width ? 900 : 800 });
  const query = new URLSearchParams({
    user: `${user.includes('@') ? user : `${user}@northstar.demo`}`,
    subPage,
    theme: options.theme ?? 'default',
  });
  await page.goto(`${stack.baseUrl}/dev/teams?${query.toString()}`);
  await waitForPage(page);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });

describe("the manager's new hires page", () => {
  it('lists the direct reports in onboarding with their status and opens one new hire’s status', async () => {
    const samuel = person('samuel.osei');
    const page = await openTab('priya.raman', 'new-hires');
    const root = tab(page);
    expect(await root.getByRole('link', { name: 'New hires', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await root.getByRole('link', { name: 'Enrol', exact: true }).count()).toBe(0);
    const rows = root.getByTestId('new-hire');
    expect(await rows.count()).toBe(1);
    const row = root.locator(`[data-testid="new-hire"][data-person-id="${samuel.id}"]`);
    expect(await row.getAttribute('data-state')).toBe('not_started');
    expect(await row.getByTestId('onboarding-state').textContent()).toBe('Not started');
    expect(await row.textContent()).toContain('reports to you');
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
    expect(await row.getByRole('link', { name: `1:1 agenda with ${samuel.displayName}` }).getAttribute('href')).toBe(
      `#/one-on-ones/${samuel.id}`,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'teams-new-hires-default');

    await row.getByRole('link', { name: `Onboarding status of ${samuel.displayName}` }).click();
    await waitForPage(page);
    expect(await root.locator('main h1').textContent()).toBe(`Onboarding: ${samuel.displayName}`);
    expect(await root.getByTestId('new-hire-status').getAttribute('data-state')).toBe('not_started');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await root.getByRole('button', { name: 'Back to new hires' }).click();
    await root.getByTestId('new-hire').first().waitFor();
    await page.close();
  });

  it('shows a senior manager the whole org on request: two new hires in different states, the nearest manager named', async () => {
    const [samuel, elena] = [person('samuel.osei'), person('elena.popescu')];
    const page = await openTab('liam.novak', 'new-hires');
    const root = tab(page);
    await root.getByTestId('empty-state').waitFor();
    expect(await root.getByTestId('empty-state').textContent()).toContain('My whole org');
    await root.getByRole('radio', { name: 'My whole org' }).check();
    await root.getByTestId('new-hire').nth(1).waitFor({ timeout: 15_000 });
    const states = await root
      .getByTestId('new-hire')
      .evaluateAll((items) => items.map((item) => [item.getAttribute('data-person-id'), item.getAttribute('data-state')]));
    expect(states).toEqual([
      [elena.id, 'in_progress'],
      [samuel.id, 'not_started'],
    ]);
    const elenaRow = root.locator(`[data-testid="new-hire"][data-person-id="${elena.id}"]`);
    expect(await elenaRow.textContent()).toContain('reports to Aisha Bello');
    expect(await elenaRow.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('3');
    expect(await elenaRow.getByRole('link', { name: /^1:1 agenda/ }).count()).toBe(0);
    expect(await root.getByTestId('team-counts').textContent()).toContain('In progress: 1');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'teams-new-hires-org');
    await page.close();
  });
});

describe("HR's enrol-by-hand page", () => {
  it('picks a person from the directory, enrols them with a due date and quarter, and their manager sees them', async () => {
    const hannah = person('hannah.weber');
    const periods = await apiAs<PeriodList>(stack, HR, 'GET', '/api/periods');
    const due = new Date(Date.now() + 21 * DAY_MS).toISOString().slice(0, 10);
    const page = await openTab(HR, 'onboarding-enrol');
    const root = tab(page);
    expect(await root.getByRole('link', { name: 'Enrol', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await root.getByRole('button', { name: 'Enrol', exact: true }).isDisabled()).toBe(true);

    const picker = root.getByRole('combobox', { name: /^Person/ });
    await picker.fill('hann');
    const option = root.getByRole('option', { name: new RegExp(hannah.displayName) });
    await option.waitFor({ timeout: 15_000 });
    expect(await root.getByTestId('picker-status').textContent()).toMatch(/match/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'teams-onboarding-enrol-picker');
    await option.click();
    const selected = root.getByTestId('enrol-selected');
    expect(await selected.getAttribute('data-person-id')).toBe(hannah.id);
    expect(await selected.textContent()).toContain(hannah.jobTitle);

    await root.getByLabel(/^Due date/).fill(due);
    await root.getByRole('combobox', { name: /^Quarter/ }).selectOption(periods.current);
    await root.getByRole('button', { name: 'Enrol', exact: true }).click();
    const result = root.getByTestId('enrol-result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.getAttribute('data-person-id')).toBe(hannah.id);
    expect(await result.textContent()).toContain(`${hannah.displayName} is enrolled.`);
    expect(await result.getByRole('link', { name: `Open ${hannah.displayName}'s coursework` }).getAttribute('href')).toBe(
      `#/onboarding-review/${hannah.id}`,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'teams-onboarding-enrol-done');

    const stored = await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${hannah.id}` }).lean<{
      source: string;
      dueDate: string;
      periodId: string;
      state: string;
      enrolledBy: string;
    }>();
    expect(stored).toMatchObject({
      source: 'hr',
      dueDate: due,
      periodId: periods.current,
      state: 'not_started',
      enrolledBy: person('maya.okafor').id,
    });
    const coursework = await apiAs<Enrolment>(stack, HR, 'GET', `/api/onboarding/enrolments/${hannah.id}`);
    expect(coursework.history.map((entry) => entry.action)).toEqual(['enrolled']);

    // The same person again: the picker says so, and the server's 409 is shown with a way to their coursework.
    await root.getByRole('button', { name: 'Enrol someone else' }).click();
    await picker.fill('weber');
    const again = root.getByRole('option', { name: new RegExp(hannah.displayName) });
    await again.waitFor({ timeout: 15_000 });
    expect(await again.textContent()).toContain('already enrolled');
    await again.click();
    await root.getByRole('button', { name: 'Enrol', exact: true }).click();
    const duplicate = root.getByTestId('enrol-error');
    await duplicate.waitFor({ timeout: 15_000 });
    expect(await duplicate.getAttribute('data-code')).toBe('duplicate');
    expect(await duplicate.textContent()).toContain(`${hannah.displayName} is already enrolled.`);
    expect(await duplicate.getByRole('link', { name: /coursework$/ }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();

    const manager = await openTab('priya.raman', 'new-hires');
    const row = tab(manager).locator(`[data-testid="new-hire"][data-person-id="${hannah.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('not_started');
    const view = await apiAs<OnboardingTeam>(stack, 'priya.raman@northstar.demo', 'GET', '/api/onboarding/team');
    expect(view.items.map((item) => item.person.id)).toContain(hannah.id);
    await manager.close();
  });

  it('shows a clear error for a disabled account and enrols nobody', async () => {
    const owen = person('owen.fischer');
    const page = await openTab(HR, 'onboarding-enrol');
    const root = tab(page);
    await root.getByRole('combobox', { name: /^Person/ }).fill('owen');
    const option = root.getByRole('option', { name: new RegExp(owen.displayName) });
    await option.waitFor({ timeout: 15_000 });
    expect(await option.textContent()).toContain('account disabled');
    await option.click();
    expect(await root.getByTestId('enrol-selected').textContent()).toContain('Account disabled');
    await root.getByRole('button', { name: 'Enrol', exact: true }).click();
    const error = root.getByTestId('enrol-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain(`${owen.displayName} cannot be enrolled.`);
    expect(await error.textContent()).toMatch(/disabled/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'teams-onboarding-enrol-disabled');
    expect(await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${owen.id}` }).lean()).toBeNull();
    await page.close();
  });

  it('is not offered to managers, and the page is not shown to them', async () => {
    const page = await openTab('priya.raman', 'onboarding-enrol');
    const root = tab(page);
    expect(await root.getByRole('link', { name: 'Enrol', exact: true }).count()).toBe(0);
    expect(await root.getByTestId('enrol-form').count()).toBe(0);
    await page.close();
  });
});

describe('themes and narrow tabs', () => {
  it('fits 320 px and has no serious accessibility violations in the default, dark and high-contrast themes', async () => {
    const samuel = person('samuel.osei');
    const pages: Array<[string, string, string]> = [
      ['priya.raman', 'new-hires', 'new-hires'],
      ['priya.raman', `new-hires/${samuel.id}`, 'new-hire-status'],
      [HR, 'onboarding-enrol', 'onboarding-enrol'],
    ];
    for (const [user, subPage, name] of pages) {
      for (const theme of THEMES) {
        for (const width of [1280, 320]) {
          const page = await openTab(user, subPage, { width, theme });
          const root = tab(page);
          expect(await root.locator('[data-theme]').first().getAttribute('data-theme')).toBe(theme);
          if (subPage === 'onboarding-enrol') {
            await root.getByRole('combobox', { name: /^Person/ }).fill('ro');
            await root.getByRole('option').first().waitFor({ timeout: 15_000 });
          }
          expect(await horizontalOverflow(page), `${subPage} overflows at ${width} px in the ${theme} theme`).toBeLessThanOrEqual(0);
          expect(await seriousAxeViolations(page), `${subPage} at ${width} px in the ${theme} theme`).toEqual([]);
          await shot(page, `teams-${name}-${theme}-${width}`);
          await page.close();
        }
      }
    }
  });
});
