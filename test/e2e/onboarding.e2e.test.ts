import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { Course, Enrolment, ObjectivePage } from '../../server/src/contract/index.js';
import { LESSONS } from '../../server/src/onboarding/onboarding.lessons.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import { apiAs, horizontalOverflow, seriousAxeViolations, tab, waitForPage } from './tab-support.js';

const HR = 'maya.okafor@northstar.demo';
const METRIC_TITLE = 'Cut customer onboarding time by 40%';
const FIXED_TITLE = 'New customers get value from us in their first week';
const screenshotDir = path.resolve('test-results', 'screens');

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let hire: GraphUser;
let manager: GraphUser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  hire = stack.people.find((person) => person.userPrincipalName.startsWith('samuel.osei@'))!;
  manager = stack.people.find((person) => person.id === hire.managerId)!;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const api = <T>(upn: string, method: string, route: string, body?: unknown): Promise<T> => apiAs<T>(stack, upn, method, route, body);

async function openTab(user: string, subPage: string, viewport?: { width: number; height: number }, theme = 'default'): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams({ user, subPage, theme }).toString()}`);
  await waitForPage(page);
  return page;
}

function objectiveCard(root: FrameLocator): Locator {
  return root.getByTestId('coursework-objective').first();
}

/** Fills the open key result form and saves it. */
async function fillKeyResult(
  form: Locator,
  values: { title: string; kind: string; start: string; target: string; unit: string; indicator: string },
): Promise<void> {
  await form.getByRole('textbox', { name: /^Key result/ }).fill(values.title);
  await form.getByRole('combobox', { name: 'Kind' }).selectOption(values.kind);
  await form.getByRole('spinbutton', { name: 'Start' }).fill(values.start);
  await form.getByRole('spinbutton', { name: /^Target/ }).fill(values.target);
  await form.getByRole('textbox', { name: 'Unit' }).fill(values.unit);
  await form.getByRole('combobox', { name: 'Indicator' }).selectOption(values.indicator);
  await form.getByRole('button', { name: 'Save key result' }).click();
  await form.waitFor({ state: 'detached' });
}

describe('onboarding coursework in the Teams tab', () => {
  it('the new hire passes a lesson, writes an objective the coach flags for its metric, fixes it and submits', async () => {
    const page = await openTab(hire.userPrincipalName, 'onboarding');
    const root = tab(page);
    await root.getByRole('link', { name: 'Onboarding', exact: true }).waitFor();
    expect(await root.getByRole('link', { name: 'Onboarding review' }).count()).toBe(0);
    expect(await root.getByTestId('onboarding-state').getAttribute('data-state')).toBe('not_started');

    // The first lesson is open: a wrong answer, then the right one (submitted from the keyboard).
    const lesson = LESSONS[0]!;
    const choices = lesson.question.choices.map((choice) => choice.id);
    const right = choices.indexOf(lesson.correctChoiceId);
    const wrong = choices.findIndex((id) => id !== lesson.correctChoiceId);
    const first = root.locator(`[data-testid="lesson"][data-lesson-id="${lesson.id}"]`);
    await first.getByRole('radio', { name: lesson.question.choices[wrong]!.text }).check();
    await first.getByRole('button', { name: 'Check answer' }).click();
    expect(await first.getByTestId('lesson-verdict').getAttribute('data-correct')).toBe('false');
    // The right answer from the keyboard alone: arrows move the choice, Tab reaches the button, Enter answers.
    await first.getByRole('radio', { name: lesson.question.choices[wrong]!.text }).focus();
    for (let step = 0; step < Math.abs(right - wrong); step += 1) await page.keyboard.press(right > wrong ? 'ArrowDown' : 'ArrowUp');
    expect(await first.getByRole('radio', { name: lesson.question.choices[right]!.text }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await first.getByRole('button', { name: 'Check answer' }).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => first.getAttribute('data-passed'), { timeout: 15_000 }).toBe('true');
    expect(await root.getByTestId('onboarding-state').getAttribute('data-state')).toBe('in_progress');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The other lessons through the API, to keep the test short.
    const course = await api<Course>(hire.userPrincipalName, 'GET', '/api/onboarding/lessons');
    for (const lesson of LESSONS.slice(1)) {
      expect(course.lessons.some((item) => item.id === lesson.id)).toBe(true);
      await api(hire.userPrincipalName, 'POST', `/api/onboarding/me/lessons/${lesson.id}/answer`, { choiceId: lesson.correctChoiceId });
    }
    await page.reload();
    await waitForPage(page);

    // An objective with a metric in its title: the coach flags it.
    const draft = root.getByTestId('new-objective');
    await draft.getByRole('textbox', { name: /^Objective/ }).fill(METRIC_TITLE);
    // The coach speaks while the objective is typed, before anything is saved.
    await draft.getByTestId('draft-coach').locator('[data-rule="objective-metric-in-title"]').waitFor({ timeout: 15_000 });
    await draft.getByRole('textbox', { name: 'Why it matters' }).fill('The first week decides whether a customer stays with us.');
    await draft.getByRole('combobox', { name: 'Aligned to' }).selectOption({ index: 1 });
    await draft.getByRole('checkbox', { name: 'Customer' }).check();
    await draft.getByRole('button', { name: 'Add objective' }).click();
    const card = objectiveCard(root);
    await card.locator('[data-rule="objective-metric-in-title"]').waitFor({ timeout: 15_000 });
    expect(await card.locator('[data-rule="objective-metric-in-title"]').getAttribute('data-severity')).toBe('error');
    expect(await card.locator('[data-rule="objective-metric-in-title"]').textContent()).toContain('40%');

    await card.getByRole('button', { name: 'Add a key result' }).click();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await fillKeyResult(card.getByTestId('key-result-form'), {
      title: 'Median days from signing to first report sent',
      kind: 'decrease_to',
      start: '14',
      target: '5',
      unit: 'days',
      indicator: 'lagging',
    });
    await card.getByRole('button', { name: 'Add a key result' }).click();
    await fillKeyResult(card.getByTestId('key-result-form'), {
      title: 'New customers finishing the setup checklist in week one',
      kind: 'increase_to',
      start: '20',
      target: '60',
      unit: '%',
      indicator: 'leading',
    });
    expect(await card.getByTestId('coursework-key-result').count()).toBe(2);

    // Submitting is refused while the coach reports the error.
    await root.getByRole('button', { name: 'Submit for review' }).click();
    await root.getByTestId('submit-error').waitFor();
    expect(await root.getByTestId('submit-error').locator('[data-rule="objective-metric-in-title"]').count()).toBe(1);

    // The fix: the metric leaves the title.
    await card.getByRole('button', { name: 'Edit objective' }).click();
    await card.getByRole('textbox', { name: /^Objective/ }).fill(FIXED_TITLE);
    await card.getByRole('button', { name: 'Save objective' }).click();
    await card.locator('[data-rule="objective-metric-in-title"]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await root.getByTestId('coach-summary').textContent()).toContain('no errors');
    expect(await root.getByTestId('submit-error').count()).toBe(0);

    await root.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => root.getByTestId('onboarding-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('submitted');
    await root.getByTestId('submitted-note').waitFor();
    expect(await root.getByRole('button', { name: 'Edit objective' }).count()).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'teams-onboarding-submitted.png'), fullPage: true });
    await page.close();
  });

  it('HR sees the submission in the queue and requests a change on one key result', async () => {
    const page = await openTab(HR, 'onboarding-review');
    const root = tab(page);
    expect(await root.getByRole('link', { name: 'Onboarding review' }).count()).toBe(1);
    const item = root.locator(`[data-testid="queue-item"][data-person-id="${hire.id}"]`);
    await item.getByRole('button', { name: `Review ${hire.displayName}` }).click();
    await waitForPage(page);
    expect(await root.locator('main h1').textContent()).toBe(`Onboarding review: ${hire.displayName}`);
    expect(await root.getByTestId('review-objective').first().textContent()).toContain(FIXED_TITLE);
    expect(await seriousAxeViolations(page)).toEqual([]);

    const keyResult = root.getByTestId('review-key-result').filter({ hasText: 'Median days from signing' });
    await keyResult.getByRole('button', { name: /^Comment on/ }).click();
    await keyResult.getByRole('textbox', { name: /^Comment on/ }).fill('Five days is a stretch; say which report counts as the first one.');
    await keyResult.getByRole('button', { name: 'Add comment' }).click();
    await keyResult.getByTestId('review-comment').waitFor({ timeout: 15_000 });

    await root.getByRole('textbox', { name: 'Note for the new hire' }).fill('Good start: one key result needs a sharper definition.');
    await root.getByRole('button', { name: 'Request changes' }).click();
    await expect.poll(() => root.getByTestId('onboarding-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('changes_requested');
    await root.getByTestId('review-outcome').waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'teams-onboarding-review.png'), fullPage: true });
    await page.close();
  });

  it('the new hire reads the comment, fixes the key result and resubmits', async () => {
    const page = await openTab(hire.userPrincipalName, 'onboarding');
    const root = tab(page);
    expect(await root.getByTestId('onboarding-feedback').textContent()).toContain('one key result needs a sharper definition');
    const keyResult = root.getByTestId('coursework-key-result').filter({ hasText: 'Median days from signing' });
    expect(await keyResult.getByTestId('review-comment').textContent()).toContain('say which report counts');

    await keyResult.getByRole('button', { name: /^Edit key result/ }).click();
    await fillKeyResult(keyResult.getByTestId('key-result-form'), {
      title: 'Median days from signing to the first weekly usage report sent',
      kind: 'decrease_to',
      start: '14',
      target: '7',
      unit: 'days',
      indicator: 'lagging',
    });
    await root.getByTestId('coursework-key-result').filter({ hasText: 'first weekly usage report' }).waitFor();
    await root.getByRole('button', { name: 'Resubmit for review' }).click();
    await expect.poll(() => root.getByTestId('onboarding-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('submitted');
    await page.close();
  });

  it('HR passes the resubmission; the OKRs are active and on the manager’s team page', async () => {
    const page = await openTab(HR, `onboarding-review/${hire.id}`);
    const root = tab(page);
    expect(await root.getByTestId('review-key-result').filter({ hasText: 'first weekly usage report' }).count()).toBe(1);
    await root.getByRole('button', { name: 'Pass' }).click();
    await expect.poll(() => root.getByTestId('onboarding-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('passed');
    await page.close();

    const enrolment = await api<Enrolment>(HR, 'GET', `/api/onboarding/enrolments/${hire.id}`);
    expect(enrolment.history.map((entry) => entry.action)).toEqual([
      'enrolled',
      'started',
      'submitted',
      'changes_requested',
      'submitted',
      'passed',
    ]);

    const mine = await api<ObjectivePage>(
      manager.userPrincipalName,
      'GET',
      `/api/objectives?ownerId=${hire.id}&periodId=${enrolment.periodId}`,
    );
    const passed = mine.items.find((objective) => objective.title === FIXED_TITLE);
    expect(passed?.state).toBe('active');
    expect(passed?.keyResults.map((kr) => kr.title).sort()).toEqual([
      'Median days from signing to the first weekly usage report sent',
      'New customers finishing the setup checklist in week one',
    ]);

    const team = await openTab(manager.userPrincipalName, 'team');
    const member = tab(team).locator(`[data-testid="team-member"][data-person-id="${hire.id}"]`);
    expect(await member.textContent()).toContain(FIXED_TITLE);
    await team.close();

    const hirePage = await openTab(hire.userPrincipalName, 'onboarding');
    expect(await tab(hirePage).getByTestId('onboarding-feedback').textContent()).toContain('Passed');
    expect(await tab(hirePage).getByRole('button', { name: 'Edit objective' }).count()).toBe(0);
    await hirePage.close();
  });

  it('fits a 320 px wide tab and has no serious accessibility violations in any theme, for the new hire and for HR', async () => {
    const narrow = { width: 320, height: 720 };
    for (const [user, subPage] of [
      ['elena.popescu@northstar.demo', 'onboarding'],
      [HR, 'onboarding-review'],
      [HR, `onboarding-review/${hire.id}`],
    ] as const) {
      for (const theme of ['default', 'dark', 'contrast']) {
        const page = await openTab(user, subPage, narrow, theme);
        expect(await tab(page).locator('[data-theme]').first().getAttribute('data-theme')).toBe(theme);
        expect(await horizontalOverflow(page), `${subPage} overflows at 320 px`).toBeLessThanOrEqual(0);
        expect(await seriousAxeViolations(page), `${subPage} in the ${theme} theme`).toEqual([]);
        if (theme === 'default') await page.screenshot({ path: path.join(screenshotDir, `teams-${subPage.split('/')[0]}-320.png`) });
        await page.close();
      }
    }
  });

  it('lets HR filter the cohort and export it as CSV', async () => {
    const page = await openTab(HR, 'onboarding-review');
    const root = tab(page);
    await root.getByRole('combobox', { name: 'Status' }).selectOption('passed');
    await expect
      .poll(async () =>
        [
          ...new Set(await root.getByTestId('cohort-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-state')))),
        ].join(),
      )
      .toBe('passed');
    expect(await root.locator(`[data-testid="cohort-item"][data-person-id="${hire.id}"]`).count()).toBe(1);
    // Narrowed to the hire's department and hire month, they are still there; another month has nobody.
    const hired = (await api<Enrolment>(HR, 'GET', `/api/onboarding/enrolments/${hire.id}`)).person;
    await root.getByRole('combobox', { name: 'Department' }).selectOption(hired.department);
    await root.getByLabel('Hire month').fill(hired.hireDate!.slice(0, 7));
    await root.locator(`[data-testid="cohort-item"][data-person-id="${hire.id}"]`).waitFor();
    await root.getByLabel('Hire month').fill('2001-01');
    await root.locator('section[aria-labelledby="onboarding-cohort"]').getByTestId('empty-state').waitFor();
    await root.getByLabel('Hire month').fill(hired.hireDate!.slice(0, 7));
    await root.locator(`[data-testid="cohort-item"][data-person-id="${hire.id}"]`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), root.getByTestId('cohort-export').click()]);
    const file = await download.path();
    const csv = await readFile(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('name,upn,department');
    expect(csv).toContain(hire.userPrincipalName);
    expect(csv).not.toContain('victor.petrov');
    await page.close();
  });
});
