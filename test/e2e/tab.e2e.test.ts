import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type {
  AlignmentGraph,
  CoachReport,
  Objective,
  ObjectivePage,
  OneOnOneAgenda,
  OneOnOneList,
  WeeklyReport,
} from '../../server/src/contract/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import { apiAs, goToRoute, horizontalOverflow, seriousAxeViolations, tab, tabFrame, waitForPage } from './tab-support.js';

const screenshotDir = path.resolve('test-results', 'screens');
const THEMES = ['default', 'dark', 'contrast'] as const;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
/** A manager with at least two direct reports (none of them the CEO's assistant etc.), picked from the demo org. */
let manager: GraphUser;
/** The report whose 1:1 the tests edit. */
let oneOnOneReport: GraphUser;
/** The report who checks in. */
let checkInReport: GraphUser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  const enabled = stack.people.filter((person) => person.accountEnabled);
  const reportsOf = (id: string): GraphUser[] => enabled.filter((person) => person.managerId === id);
  manager = enabled.find((person) => person.managerId !== null && reportsOf(person.id).length >= 2)!;
  [oneOnOneReport, checkInReport] = reportsOf(manager.id) as [GraphUser, GraphUser];
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const api = <T>(upn: string, method: string, route: string, body?: unknown): Promise<T> => apiAs<T>(stack, upn, method, route, body);

async function openTeamsHost(query: Record<string, string>, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams(query).toString()}`);
  return page;
}

function tabBackground(page: Page): Promise<string> {
  return tab(page)
    .locator('.fui-FluentProvider')
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);
}

function luminance(cssColor: string): number {
  const [red = 0, green = 0, blue = 0] = (cssColor.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
}

const pairOf = (report: GraphUser): string => `${manager.id}~${report.id}`;

describe('the tab in a plain browser', () => {
  it('offers sign-in and follows the system colour scheme', async () => {
    const darkContext = await newLoopbackContext(browser, { colorScheme: 'dark' });
    const page = await darkContext.newPage();
    await page.goto(`${stack.baseUrl}/tab/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const background = await page
      .locator('.fui-FluentProvider')
      .first()
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(luminance(background)).toBeLessThan(0.3);
    await darkContext.close();
  });
});

describe('the tab inside the Teams dev host', () => {
  it('signs the picked demo user in through nested app authentication and shows the company and their OKRs', async () => {
    const page = await openTeamsHost({ user: checkInReport.userPrincipalName });
    const signedIn = tab(page).getByTestId('signed-in-as');
    await signedIn.waitFor({ timeout: 30_000 });
    expect(await signedIn.textContent()).toBe(`Signed in as ${checkInReport.displayName}`);
    await waitForPage(page);
    expect(await tab(page).getByTestId('company').textContent()).toContain('Help every team focus');
    expect(await tab(page).getByTestId('key-result').count()).toBeGreaterThan(0);
    const mine = await api<ObjectivePage>(checkInReport.userPrincipalName, 'GET', `/api/objectives?ownerId=${checkInReport.id}`);
    const coach = await api<CoachReport>(checkInReport.userPrincipalName, 'GET', `/api/objectives/${mine.items[0]!.id}/coach`);
    if (coach.findings.length > 0)
      expect(await tab(page).getByTestId('coach-hints').first().textContent()).toContain(coach.findings[0]!.message);
    await expect.poll(() => page.locator('#app-status').textContent(), { timeout: 15_000 }).toContain('notifySuccess');
    const log = (await page.locator('#host-log').textContent())!;
    expect(log).toContain('NAA GetToken');
    // The host's loading indicator goes as soon as the tab shows its own, then the content reports success.
    expect(log.indexOf('appInitialization.appLoaded')).toBeGreaterThan(-1);
    expect(log.indexOf('appInitialization.success')).toBeGreaterThan(-1);
    await page.close();
  });

  it("formats dates and numbers in the user's Teams locale", async () => {
    const page = await openTeamsHost({ user: checkInReport.userPrincipalName, locale: 'de-de' });
    await waitForPage(page);
    const company = (await tab(page).getByTestId('company').textContent())!;
    // The quarter's dates and the progress, German style ("01.10.2026", "18 %").
    expect(company).toMatch(/\d{2}\.\d{2}\.\d{4}/);
    expect(await tab(page).getByTestId('key-result').first().textContent()).toMatch(/\d+\s%/);
    await page.close();
  });

  it('switches the Fluent theme live when the host theme changes', async () => {
    const page = await openTeamsHost({ user: manager.userPrincipalName, theme: 'default' });
    await waitForPage(page);
    const light = await tabBackground(page);
    await page.screenshot({ path: path.join(screenshotDir, 'teams-light.png') });

    await page.selectOption('#theme-picker', 'dark');
    await expect.poll(() => tabBackground(page), { timeout: 15_000 }).not.toBe(light);
    const dark = await tabBackground(page);
    await page.screenshot({ path: path.join(screenshotDir, 'teams-dark.png') });
    expect(luminance(light)).toBeGreaterThan(0.8);
    expect(luminance(dark)).toBeLessThan(0.3);

    await page.selectOption('#theme-picker', 'contrast');
    await expect.poll(() => tabBackground(page), { timeout: 15_000 }).not.toBe(dark);
    expect(await tab(page).locator('[data-theme]').first().getAttribute('data-theme')).toBe('contrast');
    // Live: the page kept its content, nothing reloaded.
    expect(await tab(page).getByTestId('company').count()).toBe(1);
    await page.close();
  });

  it("shows an employee's check-in with its confidence in the manager's team view", async () => {
    const employee = await openTeamsHost({ user: checkInReport.userPrincipalName });
    await waitForPage(employee);
    const keyResult = tab(employee).getByTestId('key-result').first();
    const keyResultId = (await keyResult.getAttribute('data-key-result-id'))!;
    const confidence = keyResult.getByRole('spinbutton', { name: 'Confidence (0–10)' });
    await confidence.fill('1');
    await confidence.press('Tab');
    await keyResult.getByRole('textbox', { name: 'Note' }).fill('Lost the main lead this week');
    await keyResult.getByRole('button', { name: /check-in|Check in/ }).click();
    await expect.poll(() => keyResult.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Checked in: confidence 1');
    await employee.close();

    const page = await openTeamsHost({ user: manager.userPrincipalName, subPage: 'team' });
    await waitForPage(page);
    const row = tab(page).locator(`[data-key-result-id="${keyResultId}"]`);
    expect(await row.textContent()).toContain('Confidence 1 · off track');
    const member = tab(page).locator(`[data-testid="team-member"][data-person-id="${checkInReport.id}"]`);
    const thisWeekCells = member.locator('[data-testid="heatmap"] td:last-child');
    expect(await thisWeekCells.allTextContents()).toContain('1');
    await page.close();
  });

  it('lets the manager open a submitted weekly mail and mark it reviewed', async () => {
    const report = await api<WeeklyReport>(checkInReport.userPrincipalName, 'GET', '/api/weekly/' + (await thisWeek()));
    await api(checkInReport.userPrincipalName, 'PUT', `/api/weekly/${report.isoWeek}`, {
      version: report.version,
      priorities: [{ title: 'Close the renewal' }],
      risks: 'Legal review may slip',
    });
    await api(checkInReport.userPrincipalName, 'POST', `/api/weekly/${report.isoWeek}/sent`);

    const page = await openTeamsHost({ user: manager.userPrincipalName, subPage: 'weekly' });
    await waitForPage(page);
    const item = tab(page).locator(`[data-testid="review-item"][data-author-id="${checkInReport.id}"]`);
    expect(['on_time', 'late']).toContain(await item.getAttribute('data-status'));
    await item.getByRole('button', { name: 'Open' }).click();
    expect(await item.getByTestId('review-detail').textContent()).toContain('Legal review may slip');
    await item.getByRole('textbox', { name: /Comment/ }).fill('Thanks, let us talk about legal on Tuesday');
    await item.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 15_000 }).toBe('reviewed');

    await page.reload();
    await waitForPage(page);
    const again = tab(page).locator(`[data-testid="review-item"][data-author-id="${checkInReport.id}"]`);
    expect(await again.getAttribute('data-status')).toBe('reviewed');
    await page.close();
  });

  it('builds the 1:1 agenda from data; the pair adds talking points and completes action items that stay', async () => {
    const reportUpn = oneOnOneReport.userPrincipalName;
    const week = await thisWeek();
    // The report's week: a red key result (confidence 2) and a weekly mail with a risk.
    const objectives = await api<ObjectivePage>(reportUpn, 'GET', `/api/objectives?ownerId=${oneOnOneReport.id}`);
    const redKeyResult = objectives.items.flatMap((objective: Objective) => objective.keyResults)[0]!;
    await api(reportUpn, 'PUT', `/api/key-results/${redKeyResult.id}/check-ins/${week}`, {
      value: redKeyResult.current,
      confidence: 2,
      note: 'Blocked',
    });
    const draft = await api<WeeklyReport>(reportUpn, 'GET', `/api/weekly/${week}`);
    await api(reportUpn, 'PUT', `/api/weekly/${week}`, {
      version: draft.version,
      risks: 'Supplier contract may slip two weeks',
      timeOff: '',
    });
    await api(reportUpn, 'POST', `/api/weekly/${week}/sent`);
    // An action item from the last 1:1, as the manager wrote it down.
    await api(manager.userPrincipalName, 'POST', `/api/one-on-ones/${manager.id}/${oneOnOneReport.id}/action-items`, {
      title: 'Share the onboarding plan',
      ownerId: oneOnOneReport.id,
    });

    const page = await openTeamsHost({ user: manager.userPrincipalName, subPage: `one-on-ones/${pairOf(oneOnOneReport)}` });
    await waitForPage(page);
    const root = tab(page);
    expect(await root.locator('main h1').textContent()).toBe(`1:1 with ${oneOnOneReport.displayName}`);
    const items = root.getByTestId('agenda-item');
    const redItem = items.filter({ hasText: redKeyResult.title }).first();
    expect(await redItem.getAttribute('data-kind')).toBe('key_result');
    expect(await redItem.textContent()).toContain('red');
    expect(await items.filter({ hasText: 'Supplier contract may slip two weeks' }).getAttribute('data-kind')).toBe('risk');

    await root.getByRole('textbox', { name: 'New talking point' }).fill('Which customer calls can I take over?');
    await root.getByRole('button', { name: 'Add talking point' }).click();
    await root.getByTestId('talking-point').filter({ hasText: 'Which customer calls can I take over?' }).waitFor();
    await root.getByRole('checkbox', { name: 'Share the onboarding plan' }).click();
    await expect
      .poll(() => root.getByTestId('action-item').filter({ hasText: 'Share the onboarding plan' }).getAttribute('data-done'), {
        timeout: 15_000,
      })
      .toBe('true');
    await page.screenshot({ path: path.join(screenshotDir, 'teams-one-on-one.png'), fullPage: true });

    await page.reload();
    await waitForPage(page);
    expect(await tab(page).getByTestId('talking-point').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Which customer calls can I take over?')]),
    );
    expect(await tab(page).getByTestId('action-item').filter({ hasText: 'Share the onboarding plan' }).getAttribute('data-done')).toBe(
      'true',
    );
    await page.close();

    // The report sees the same agenda, but none of the manager's other 1:1s.
    const reportPage = await openTeamsHost({ user: reportUpn, subPage: `one-on-ones/${pairOf(oneOnOneReport)}` });
    await waitForPage(reportPage);
    const reportRoot = tab(reportPage);
    expect(await reportRoot.getByTestId('talking-point').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Which customer calls can I take over?')]),
    );
    expect(await reportRoot.getByTestId('agenda-item').filter({ hasText: 'Supplier contract may slip two weeks' }).count()).toBe(1);
    expect(await reportRoot.getByTestId('action-item').filter({ hasText: 'Share the onboarding plan' }).getAttribute('data-done')).toBe(
      'true',
    );

    await goToRoute(reportPage, 'one-on-ones');
    const pairs = await reportRoot.getByTestId('one-on-one').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-pair')));
    expect(pairs).toContain(pairOf(oneOnOneReport));
    expect(pairs).not.toContain(pairOf(checkInReport));
    await goToRoute(reportPage, `one-on-ones/${pairOf(checkInReport)}`);
    expect(await reportRoot.getByTestId('error-state').count()).toBe(1);
    expect(await reportRoot.getByText('Share the onboarding plan').count()).toBe(0);
    await reportPage.close();

    const list = await api<OneOnOneList>(reportUpn, 'GET', '/api/one-on-ones');
    expect(list.asReport?.manager.id).toBe(manager.id);
    const agenda = await api<OneOnOneAgenda>(reportUpn, 'GET', `/api/one-on-ones/${manager.id}/${oneOnOneReport.id}`);
    expect(agenda.talkingPoints.map((point) => point.text)).toContain('Which customer calls can I take over?');
  });

  it('shows the constellation of the period with its gaps marked', async () => {
    const graph = await api<AlignmentGraph>(manager.userPrincipalName, 'GET', `/api/alignment?teamOf=${manager.id}&scope=subtree`);
    expect(graph.gaps.alignedToNothing.length).toBeGreaterThan(0);
    const page = await openTeamsHost({ user: manager.userPrincipalName, subPage: 'alignment' });
    await waitForPage(page);
    await tab(page).getByRole('combobox', { name: 'Show' }).selectOption('team');
    await waitForPage(page);
    const root = tab(page);
    const companyRoot = graph.nodes.find((node) => node.level === 'company')!;
    expect(
      await root.getByTestId('alignment-tree').locator(`[data-testid="node"][data-node-id="${companyRoot.id}"]`).count(),
    ).toBeGreaterThan(0);
    for (const id of [...graph.gaps.alignedToNothing, ...graph.gaps.companyWithoutSupport]) {
      const kind = graph.gaps.alignedToNothing.includes(id) ? 'unaligned' : 'unsupported';
      expect(await root.locator(`[data-testid="node"][data-node-id="${id}"][data-gap~="${kind}"]`).count(), id).toBeGreaterThan(0);
    }
    expect(await root.getByText('Gap: aligned to nothing').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('loads a large constellation page by page and ends with the whole graph', async () => {
    const whole = await api<AlignmentGraph>(manager.userPrincipalName, 'GET', `/api/alignment?teamOf=${manager.id}&scope=subtree`);
    const own = whole.nodes.filter((node) => !node.external);
    expect(own.length).toBeGreaterThan(6);
    const page = await openTeamsHost({ user: manager.userPrincipalName, subPage: 'alignment' });
    // Pages of three objectives, so that this team needs several.
    const requests: string[] = [];
    await page.route('**/api/alignment?*', async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '3');
      requests.push(url.search);
      await route.continue({ url: url.toString() });
    });
    await waitForPage(page);
    await tab(page).getByRole('combobox', { name: 'Show' }).selectOption('team');
    await waitForPage(page);
    const root = tab(page);
    const more = root.getByTestId('alignment-more');
    await expect.poll(() => more.count()).toBe(1);
    while ((await more.count()) > 0) {
      const before = requests.length;
      await more.click();
      await expect.poll(() => requests.length).toBeGreaterThan(before);
      await expect.poll(async () => (await more.count()) === 0 || (await more.isEnabled())).toBe(true);
    }
    // The company view first, then the team's pages.
    expect(requests.length).toBe(1 + Math.ceil(own.length / 3));
    const shown = new Set(
      await root.locator('[data-testid="node"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-id'))),
    );
    expect(own.filter((node) => !shown.has(node.id)).map((node) => node.title)).toEqual([]);
    await expect.poll(() => root.getByText('more objectives to load below').count()).toBe(0);
    await page.close();
  });

  it('saves the channel tab configuration without asking for a URL and shows the team dashboard', async () => {
    const page = await openTeamsHost({ user: manager.userPrincipalName, frame: 'settings' });
    const save = page.locator('#save-config');
    await expect.poll(() => save.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await tab(page).locator('input[type="url"], input[name*="url" i]').count()).toBe(0);
    await save.click();
    await expect.poll(() => page.locator('#app-status').textContent(), { timeout: 15_000 }).toBe('Tab configuration saved');
    const saved = JSON.parse((await page.locator('#saved-config').textContent()) ?? 'null') as { contentUrl?: string; entityId?: string };
    expect(saved.contentUrl).toBe(`${stack.baseUrl}/tab/channel?team=${manager.id}`);
    expect(saved.entityId).toBe(`northstar-team:${manager.id}`);

    await page.selectOption('#frame-picker', 'channel');
    await waitForPage(page);
    await tab(page).getByRole('tab', { name: 'OKRs' }).click();
    await tab(page).getByTestId('team-member').first().waitFor({ timeout: 30_000 });
    expect(await tab(page).getByTestId('team-member').count()).toBeGreaterThanOrEqual(2);
    // Deep link from the channel into the personal app: pages.currentApp.navigateTo with a sub-page.
    const firstObjective = tab(page).getByTestId('team-member').first().getByRole('button').first();
    const title = (await firstObjective.textContent())!;
    await firstObjective.click();
    await expect.poll(() => page.locator('#host-log').textContent(), { timeout: 15_000 }).toContain('open personal app at objectives/');
    await waitForPage(page);
    expect(await tab(page).locator('main h1').textContent()).toBe(title);
    await tab(page).getByRole('button', { name: 'Share link' }).click();
    await expect.poll(() => page.locator('#shared-link').textContent(), { timeout: 15_000 }).toContain('"subPageId": "objectives/');
    await page.close();
  });

  it('has no serious or critical axe-core violations on any page in any theme', async () => {
    const objectives = await api<ObjectivePage>(manager.userPrincipalName, 'GET', `/api/objectives?ownerId=${manager.id}`);
    const routes = [
      'home',
      'team',
      'alignment',
      'one-on-ones',
      `one-on-ones/${pairOf(oneOnOneReport)}`,
      'weekly',
      `objectives/${objectives.items[0]!.id}`,
    ];
    const found: string[] = [];
    const page = await openTeamsHost({ user: manager.userPrincipalName });
    await waitForPage(page);
    for (const route of routes) {
      await goToRoute(page, route);
      for (const theme of THEMES) {
        await page.selectOption('#theme-picker', theme);
        await expect.poll(() => tab(page).locator('[data-theme]').first().getAttribute('data-theme'), { timeout: 15_000 }).toBe(theme);
        found.push(...(await seriousAxeViolations(page)).map((line) => `${route} (${theme}) ${line}`));
      }
    }
    for (const frame of ['channel', 'settings']) {
      await page.selectOption('#frame-picker', frame);
      await tab(page).locator('main h1').first().waitFor({ timeout: 30_000 });
      if (frame === 'channel') await waitForPage(page);
      for (const theme of THEMES) {
        await page.selectOption('#theme-picker', theme);
        await expect.poll(() => tab(page).locator('[data-theme]').first().getAttribute('data-theme'), { timeout: 15_000 }).toBe(theme);
        found.push(...(await seriousAxeViolations(page)).map((line) => `${frame} tab (${theme}) ${line}`));
      }
    }
    expect(found).toEqual([]);
    await page.close();
  });

  it('is operable with the keyboard alone', async () => {
    const page = await openTeamsHost({ user: manager.userPrincipalName });
    await waitForPage(page);
    const frame = tabFrame(page);
    const focused = (): Promise<string> => frame.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    await frame.locator('a[href="#/home"]').focus();
    for (let step = 0; step < 10 && (await focused()) !== '1:1s'; step += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('1:1s');
    await page.keyboard.press('Enter');
    await waitForPage(page);
    expect(await tab(page).locator('main h1').textContent()).toBe('1:1s');

    await tab(page)
      .locator(`[data-pair="${pairOf(checkInReport)}"] a`)
      .focus();
    await page.keyboard.press('Enter');
    await waitForPage(page);
    await tab(page).getByRole('textbox', { name: 'New talking point' }).focus();
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await tab(page).getByTestId('talking-point').filter({ hasText: 'Typed without a mouse' }).waitFor();
    await page.close();
  });

  it('never scrolls sideways at 320 px', async () => {
    const page = await openTeamsHost({ user: manager.userPrincipalName }, { width: 320, height: 720 });
    await waitForPage(page);
    expect(await tabFrame(page).evaluate(() => window.innerWidth)).toBe(320);
    const objectives = await api<ObjectivePage>(manager.userPrincipalName, 'GET', `/api/objectives?ownerId=${manager.id}`);
    const routes = [
      'home',
      'team',
      'alignment',
      'one-on-ones',
      `one-on-ones/${pairOf(oneOnOneReport)}`,
      'weekly',
      `objectives/${objectives.items[0]!.id}`,
    ];
    const overflow: Record<string, number> = {};
    for (const route of routes) {
      await goToRoute(page, route);
      overflow[route] = await horizontalOverflow(page);
    }
    await page.screenshot({ path: path.join(screenshotDir, 'teams-320.png') });
    expect(overflow).toEqual(Object.fromEntries(routes.map((route) => [route, 0])));
    await page.close();
  });
});

/** This ISO week in the tenant's time zone, as the server computes it. */
async function thisWeek(): Promise<string> {
  const agenda = await api<OneOnOneAgenda>(manager.userPrincipalName, 'GET', `/api/one-on-ones/${manager.id}/${oneOnOneReport.id}`);
  return agenda.isoWeek;
}
