import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { MetricHistory, TeamMetrics } from '../../server/src/contract/index.js';
import { shiftIsoWeek } from '../../server/src/okrs/periods.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import {
  apiAs,
  horizontalOverflow,
  openChannelSection,
  saveTabConfiguration,
  screenshotDir,
  seriousAxeViolations,
  setTheme,
  tab,
  THEMES,
} from './tab-support.js';

const HTML_NAME = '<img src=x onerror=alert(1)> Queue <b>depth</b>';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
/** The demo team is Liam Novak's (metrics seeded by server/dev/seed/metrics.seed.ts); Marcus Lee is in it. */
let liam: GraphUser;
let marcus: GraphUser;

const byUpn = (name: string): GraphUser => stack.people.find((person) => person.userPrincipalName === `${name}@northstar.demo`)!;
const metricsOf = (user: GraphUser): Promise<TeamMetrics> =>
  apiAs<TeamMetrics>(stack, user.userPrincipalName, 'GET', `/api/teams/${liam.id}/metrics`);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  liam = byUpn('liam.novak');
  marcus = byUpn('marcus.lee');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Opens the channel tab as a person and shows its Metrics section. */
const openMetrics = (user: GraphUser, viewport?: { width: number; height: number }): Promise<Page> =>
  openChannelSection(
    context,
    stack,
    user.userPrincipalName,
    'Metrics',
    (root) => root.locator('table[aria-label^="Health metrics"] tbody tr'),
    viewport,
  );

const row = (page: Page, name: string) => tab(page).locator('table[aria-label^="Health metrics"] tbody tr').filter({ hasText: name });

describe('the channel tab health metrics', () => {
  it("is configured for Liam Novak's team in the General channel", async () => {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams({ user: liam.userPrincipalName, frame: 'settings' }).toString()}`);
    await saveTabConfiguration(page);
    await page.close();
  });

  it('shows the seeded metrics with bands in words and a trend, and enters this week’s value inline', async () => {
    const page = await openMetrics(liam);
    expect(await tab(page).locator('table[aria-label^="Health metrics"] tbody tr').count()).toBe(5);
    const uptime = row(page, 'API uptime');
    expect(await uptime.locator('[data-band]').first().textContent()).toBe('Red');
    expect(await uptime.getByRole('img').getAttribute('aria-label')).toMatch(/^Last 13 weeks: .*99\.42 % Red$/);
    expect(await row(page, 'Deploys per week').locator('[data-band]').first().textContent()).toBe('Green');

    const incidents = row(page, 'Open incidents');
    const input = incidents.getByRole('textbox', { name: "This week's value of Open incidents" });
    await input.fill('lots');
    await incidents.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => incidents.getByText('Enter a number, e.g. 99.5.').count()).toBe(1);
    await input.fill('1e308');
    await incidents.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => incidents.getByText(/The value must be between/).count()).toBe(1);
    await input.fill('1');
    await incidents.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => incidents.locator('[data-band]').first().textContent(), { timeout: 15_000 }).toBe('Green');
    const stored = (await metricsOf(liam)).metrics.find((metric) => metric.name === 'Open incidents')!;
    expect(stored).toMatchObject({ value: 1, band: 'green' });
    await page.close();
  });

  it('adds a metric whose name holds HTML, validating the thresholds first, and shows it as plain text', async () => {
    const page = await openMetrics(liam);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await tab(page).getByRole('button', { name: 'Add metric' }).click();
    const form = tab(page).getByRole('dialog', { name: 'Add a health metric' });
    await form.getByRole('textbox', { name: 'Name' }).fill(HTML_NAME);
    await form.getByRole('textbox', { name: 'Unit' }).fill('jobs');
    await form.getByRole('combobox', { name: 'Better when the value is' }).selectOption('lower_is_better');
    await form.getByRole('textbox', { name: 'Green from' }).fill('500');
    await form.getByRole('textbox', { name: 'Yellow from' }).fill('100');
    await form.getByRole('button', { name: 'Add metric' }).click();
    await expect.poll(() => form.getByText(/With lower_is_better the green threshold must be below the yellow one/).count()).toBe(1);
    await form.getByRole('textbox', { name: 'Green from' }).fill('50');
    await form.getByRole('button', { name: 'Add metric' }).click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });

    const added = row(page, 'Queue <b>depth</b>');
    await added.waitFor({ timeout: 15_000 });
    expect(await added.locator('td').first().locator('div').first().textContent()).toBe(HTML_NAME);
    expect(await added.locator('img, b').count()).toBe(0);
    expect(await added.locator('[data-band]').first().textContent()).toBe('No value');
    expect(dialogs).toEqual([]);
    const stored = (await metricsOf(liam)).metrics.find((metric) => metric.name === HTML_NAME);
    expect(stored).toMatchObject({
      unit: 'jobs',
      direction: 'lower_is_better',
      thresholds: { green: 50, yellow: 100 },
      owner: { id: liam.id },
    });
    await page.close();
  });

  it('shows who changed what in the history, and imports values from CSV after a dry-run preview', async () => {
    const page = await openMetrics(liam);
    await row(page, 'p95 latency').getByRole('button', { name: 'History of p95 latency' }).click();
    const history = tab(page).getByRole('dialog', { name: 'History of p95 latency' });
    const lastWeek = shiftIsoWeek((await metricsOf(liam)).isoWeek, -1);
    await expect.poll(() => history.getByText(`changed the value of ${lastWeek} from 290 to 295`).count(), { timeout: 15_000 }).toBe(1);
    expect(await history.getByText('(CSV import)').count()).toBeGreaterThan(0);
    await history.getByRole('button', { name: 'Close' }).click();

    const week = (await metricsOf(liam)).isoWeek;
    await tab(page).getByRole('button', { name: 'Import CSV' }).click();
    const dialog = tab(page).getByRole('dialog', { name: 'Import metric values' });
    await dialog.getByRole('textbox', { name: 'CSV' }).fill(`metric,week,value\n${HTML_NAME},${week},70\nNo such metric,${week},1`);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByRole('table', { name: 'Preview of the import' });
    await preview.waitFor({ timeout: 15_000 });
    expect(await preview.locator('tbody tr').nth(0).textContent()).toContain('will import');
    expect(await preview.locator('tbody tr').nth(1).textContent()).toContain('no metric of this team');
    const queued = (await metricsOf(liam)).metrics.find((metric) => metric.name === HTML_NAME)!;
    expect(queued.value).toBeNull();
    await dialog.getByRole('button', { name: 'Import 1 values' }).click();
    await dialog.getByRole('table', { name: 'Result of the import' }).waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(async () => (await metricsOf(liam)).metrics.find((metric) => metric.name === HTML_NAME)?.value).toBe(70);
    await expect
      .poll(() => row(page, 'Queue <b>depth</b>').locator('[data-band]').first().textContent(), { timeout: 15_000 })
      .toBe('Yellow');
    const changes = await apiAs<MetricHistory>(
      stack,
      marcus.userPrincipalName,
      'GET',
      `/api/teams/${liam.id}/metrics/${queued.id}/history`,
    );
    expect(changes.changes[0]).toMatchObject({ kind: 'value', imported: true, by: { id: liam.id } });
    await page.close();
  });

  it('shows a member the metrics read-only', async () => {
    const page = await openMetrics(marcus);
    expect(await tab(page).getByRole('button', { name: 'Add metric' }).count()).toBe(0);
    expect(await tab(page).getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    expect(
      await tab(page)
        .getByRole('textbox', { name: /This week's value of/ })
        .count(),
    ).toBe(0);
    expect(
      await tab(page)
        .getByRole('button', { name: /^Edit / })
        .count(),
    ).toBe(0);
    expect(
      await tab(page)
        .getByRole('button', { name: /^History of / })
        .count(),
    ).toBe(6);
    await page.close();
  });

  it('is axe clean in every theme, with screenshots, and never scrolls sideways at 320 px', async () => {
    const page = await openMetrics(liam, { width: 1280, height: 1400 });
    const found: string[] = [];
    for (const theme of THEMES) {
      await setTheme(page, theme);
      found.push(...(await seriousAxeViolations(page)).map((line) => `metrics (${theme}) ${line}`));
      await page.screenshot({ path: path.join(screenshotDir, `channel-metrics-${theme}.png`) });
    }
    await page.close();

    const narrow = await openMetrics(liam, { width: 320, height: 3200 });
    expect(await horizontalOverflow(narrow)).toBe(0);
    found.push(...(await seriousAxeViolations(narrow)).map((line) => `metrics (320) ${line}`));
    await narrow.screenshot({ path: path.join(screenshotDir, 'channel-metrics-320.png') });
    expect(found).toEqual([]);
    await narrow.close();
  });
});
