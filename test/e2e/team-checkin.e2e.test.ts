import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { ChannelTab, TeamCheckInAgenda, WeeklyReport } from '../../server/src/contract/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import {
  apiAs,
  horizontalOverflow,
  saveTabConfiguration,
  screenshotDir,
  seriousAxeViolations,
  setTheme,
  tab,
  tabFrame,
  THEMES,
  waitForPage,
} from './tab-support.js';

/** The dev host's channels (server/dev/hosts/client/teams-host.ts). */
const GENERAL = '19:general@thread.tacv2';
const SECOND = '19:team-rituals@thread.tacv2';
const HTML_RISK = '<img src=x onerror=alert(1)> vendor contract <b>late</b>';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
/** The demo team (Liam Novak, sub-teams of Priya Raman, Jonas Becker, Aisha Bello) and two of its members. */
let liam: GraphUser;
let priya: GraphUser;
let marcus: GraphUser;
let week: string;

const byUpn = (name: string): GraphUser => stack.people.find((person) => person.userPrincipalName === `${name}@northstar.demo`)!;
const agendaOf = (user: GraphUser, teamId = liam.id): Promise<TeamCheckInAgenda> =>
  apiAs<TeamCheckInAgenda>(stack, user.userPrincipalName, 'GET', `/api/teams/${teamId}/check-ins/${week}`);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  liam = byUpn('liam.novak');
  priya = byUpn('priya.raman');
  marcus = byUpn('marcus.lee');
  week = (await apiAs<TeamCheckInAgenda>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/check-ins/current`)).currentIsoWeek;
  // Marcus sends this week's mail with a red priority and risks that carry markup.
  const draft = await apiAs<WeeklyReport>(stack, marcus.userPrincipalName, 'GET', `/api/weekly/${week}`);
  await apiAs(stack, marcus.userPrincipalName, 'PUT', `/api/weekly/${week}`, {
    version: draft.version,
    lastWeekPriorities: [{ title: 'Ship the <i>billing</i> API', status: 'red' }],
    risks: HTML_RISK,
  });
  await apiAs(stack, marcus.userPrincipalName, 'POST', `/api/weekly/${week}/sent`);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openTeamsHost(query: Record<string, string>, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams(query).toString()}`);
  return page;
}

/** Opens the channel frame of the dev host and waits for the check-in. */
async function openCheckIn(
  user: GraphUser,
  query: Record<string, string> = {},
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await openTeamsHost({ user: user.userPrincipalName, frame: 'channel', ...query }, viewport);
  await waitForPage(page);
  await tab(page).getByTestId('team-checkin').waitFor({ timeout: 30_000 });
  return page;
}

describe('the channel tab check-in', () => {
  it("configures the General channel's tab for Liam Novak's team and opens its check-in", async () => {
    const page = await openTeamsHost({ user: liam.userPrincipalName, frame: 'settings' });
    await tab(page).getByTestId('team-choice').waitFor({ timeout: 30_000 });
    expect(await tab(page).locator('input[type="url"], input[name*="url" i]').count()).toBe(0);
    expect(
      await tab(page)
        .getByRole('radio', { name: `My team (${liam.displayName})` })
        .isChecked(),
    ).toBe(true);
    const saved = await saveTabConfiguration(page);
    expect(saved).toMatchObject({
      contentUrl: `${stack.baseUrl}/tab/channel?team=${liam.id}`,
      entityId: `northstar-team:${liam.id}`,
      suggestedDisplayName: 'Team week',
    });
    const binding = await apiAs<ChannelTab>(stack, liam.userPrincipalName, 'GET', `/api/channel-tabs/${encodeURIComponent(GENERAL)}`);
    expect(binding).toMatchObject({ teamId: liam.id, channelName: 'General', boundBy: { id: liam.id } });

    await page.selectOption('#frame-picker', 'channel');
    await waitForPage(page);
    await tab(page).getByTestId('team-checkin').waitFor({ timeout: 30_000 });
    expect(new URL(tabFrame(page).url()).searchParams.get('team')).toBe(liam.id);
    expect(await tab(page).locator('main h1').textContent()).toContain(liam.displayName);
    expect(await tab(page).getByTestId('team-checkin').getAttribute('data-facilitator')).toBe('true');
    // The agenda in order: company OKRs, groups, metrics out of band, red priorities and risks.
    const order = await tab(page)
      .locator('[data-testid^="agenda-"][aria-labelledby]')
      .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-testid')));
    expect(order).toEqual(['agenda-company', 'agenda-groups', 'agenda-metrics', 'agenda-red']);
    const groups = await tab(page).getByTestId('agenda-group').allTextContents();
    expect(groups.join(' ')).toContain(priya.displayName);
    // Sections: the hash names the open one, so a deep link opens it.
    await tab(page).getByRole('tab', { name: 'OKRs' }).click();
    await tab(page).getByTestId('team-member').first().waitFor({ timeout: 30_000 });
    expect(new URL(tabFrame(page).url()).hash).toBe('#okrs');
    await page.close();
  });

  it('binds a second channel to a sub-team the lead picks, so two tabs show two teams', async () => {
    const page = await openTeamsHost({ user: liam.userPrincipalName, frame: 'settings', channel: SECOND });
    await tab(page).getByTestId('team-choice').waitFor({ timeout: 30_000 });
    await tab(page).getByRole('radio', { name: 'A team I lead further down' }).check();
    // A team elsewhere in the organisation is refused before Save.
    const outsider = byUpn('daniel.cohen');
    await tab(page).getByRole('combobox').fill('Daniel Coh');
    await tab(page)
      .getByRole('option', { name: new RegExp(outsider.displayName) })
      .click();
    await expect.poll(() => tab(page).getByTestId('team-check').textContent(), { timeout: 15_000 }).toContain('no team you lead');
    expect(await page.locator('#save-config').isEnabled()).toBe(false);
    await tab(page).getByRole('combobox').fill('Priya');
    await tab(page)
      .getByRole('option', { name: new RegExp(priya.displayName) })
      .click();
    const saved = await saveTabConfiguration(page);
    expect(saved.contentUrl).toBe(`${stack.baseUrl}/tab/channel?team=${priya.id}`);
    const binding = await apiAs<ChannelTab>(stack, liam.userPrincipalName, 'GET', `/api/channel-tabs/${encodeURIComponent(SECOND)}`);
    expect(binding).toMatchObject({ teamId: priya.id, channelName: 'Team rituals' });

    await page.selectOption('#frame-picker', 'channel');
    await waitForPage(page);
    await tab(page).getByTestId('team-checkin').waitFor({ timeout: 30_000 });
    expect(await tab(page).locator('main h1').textContent()).toContain(priya.displayName);
    await page.selectOption('#channel-picker', GENERAL);
    await expect.poll(() => tab(page).locator('main h1').textContent(), { timeout: 30_000 }).toContain(liam.displayName);
    await page.close();
  });

  it('opens the same shell in the personal app at team-rituals/<teamId>/<section>, as activity-feed and mail links do', async () => {
    const page = await openTeamsHost({ user: priya.userPrincipalName, subPage: `team-rituals/${liam.id}/okrs` });
    await waitForPage(page);
    expect(await tab(page).locator('main h1').textContent()).toContain(liam.displayName);
    expect(await tab(page).getByRole('tab', { name: 'OKRs' }).getAttribute('aria-selected')).toBe('true');
    await tab(page).getByRole('tab', { name: 'Check-in' }).click();
    await tab(page).getByTestId('team-checkin').waitFor({ timeout: 30_000 });
    expect(new URL(tabFrame(page).url()).hash).toBe(`#/team-rituals/${liam.id}/checkin`);
    await page.close();
  });

  it('does not let a member bind the tab, and still adds it for their team', async () => {
    const page = await openTeamsHost({ user: marcus.userPrincipalName, frame: 'settings', channel: GENERAL });
    await tab(page).getByTestId('not-a-lead').waitFor({ timeout: 30_000 });
    expect(await tab(page).getByRole('radio').count()).toBe(0);
    const saved = await saveTabConfiguration(page);
    // The channel is bound to Liam's team already: the member's save keeps that binding.
    expect(saved.contentUrl).toBe(`${stack.baseUrl}/tab/channel?team=${liam.id}`);
    const binding = await apiAs<ChannelTab>(stack, liam.userPrincipalName, 'GET', `/api/channel-tabs/${encodeURIComponent(GENERAL)}`);
    expect(binding.boundBy.id).toBe(liam.id);
    await page.close();
  });

  it('the facilitator marks an item discussed and a member sees who marked it', async () => {
    const lead = await openCheckIn(liam);
    const before = await agendaOf(liam);
    const group = before.groups.find((candidate) => candidate.lead?.id === priya.id)!;
    expect(group.discussed).toBeNull();
    const item = tab(lead).locator(`[data-testid="discussed"][data-item-key="${group.key}"]`);
    await item.getByRole('checkbox').check();
    await expect.poll(() => item.getAttribute('data-discussed'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(() => tab(lead).getByTestId('checkin-progress').textContent())
      .toMatch(new RegExp(`^${before.discussedCount + 1} of \\d+ discussed$`));
    const stored = await agendaOf(marcus);
    expect(stored.groups.find((candidate) => candidate.key === group.key)!.discussed).toMatchObject({ by: { id: liam.id } });
    expect(stored.discussedCount).toBe(before.discussedCount + 1);

    const member = await openCheckIn(marcus);
    expect(await tab(member).getByTestId('team-checkin').getAttribute('data-facilitator')).toBe('false');
    const seen = tab(member).locator(`[data-testid="discussed"][data-item-key="${group.key}"]`);
    expect(await seen.getAttribute('data-discussed')).toBe('true');
    expect(await seen.textContent()).toContain(`Marked by ${liam.displayName}`);
    await lead.close();
    await member.close();
  });

  it('a member or a manager elsewhere in the team cannot facilitate: read-only view, and the API refuses', async () => {
    for (const viewer of [marcus, priya]) {
      const page = await openCheckIn(viewer);
      expect(await tab(page).getByTestId('team-checkin').getAttribute('data-facilitator')).toBe('false');
      expect(await tab(page).getByRole('checkbox').count()).toBe(0);
      await page.close();
    }
    const before = await agendaOf(liam);
    const response = await fetch(`${stack.baseUrl}/api/teams/${liam.id}/check-ins/${week}/discussed`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await stack.tokenFor(marcus.userPrincipalName)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ itemKey: before.company.key, discussed: true, version: before.version }),
    });
    expect(response.status).toBe(403);
    expect((await agendaOf(liam)).company.discussed).toBeNull();
  });

  it('renders HTML in a risk and a red priority as text', async () => {
    const page = await openCheckIn(liam);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const risk = tab(page).locator(`[data-testid="red-item"][data-item-key="risk:${marcus.id}"]`);
    await risk.waitFor({ timeout: 15_000 });
    expect(await risk.getByTestId('red-item-text').textContent()).toBe(HTML_RISK);
    const priority = tab(page).locator(`[data-testid="red-item"][data-item-key^="red:${marcus.id}:"]`);
    expect(await priority.getByTestId('red-item-text').textContent()).toBe('Ship the <i>billing</i> API');
    expect(await tab(page).getByTestId('agenda-red').locator('img, b, i').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('shows red priorities and risks a page at a time, "show more" loading the next', async () => {
    const leads = new Set([liam.id, ...stack.people.filter((person) => person.managerId === liam.id).map((person) => person.id)]);
    const members = stack.people.filter(
      (person) => person.accountEnabled && person.managerId && leads.has(person.managerId) && person.id !== marcus.id,
    );
    for (const person of members.slice(0, 14)) {
      const draft = await apiAs<WeeklyReport>(stack, person.userPrincipalName, 'GET', `/api/weekly/${week}`);
      if (draft.status !== 'draft') continue;
      await apiAs(stack, person.userPrincipalName, 'PUT', `/api/weekly/${week}`, {
        version: draft.version,
        lastWeekPriorities: [1, 2, 3, 4].map((n) => ({ title: `Blocked item ${n} of ${person.displayName}`, status: 'red' })),
        risks: `Risk of ${person.displayName}`,
      });
      await apiAs(stack, person.userPrincipalName, 'POST', `/api/weekly/${week}/sent`);
    }
    const agenda = await agendaOf(liam);
    expect(agenda.redItems.total).toBeGreaterThan(agenda.redItems.items.length);
    const page = await openCheckIn(liam);
    const items = tab(page).getByTestId('red-item');
    expect(await items.count()).toBe(agenda.redItems.items.length);
    await tab(page).getByTestId('red-more').click();
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(Math.min(agenda.redItems.total, agenda.redItems.items.length * 2));
    const keys = await items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-item-key')));
    expect(new Set(keys).size).toBe(keys.length);
    await page.close();
  });

  it('is axe clean in every theme, with screenshots, and never scrolls sideways at 320 px', async () => {
    const page = await openCheckIn(liam, {}, { width: 1280, height: 1800 });
    const found: string[] = [];
    for (const theme of THEMES) {
      await setTheme(page, theme);
      found.push(...(await seriousAxeViolations(page)).map((line) => `check-in (${theme}) ${line}`));
      await page.screenshot({ path: path.join(screenshotDir, `channel-checkin-${theme}.png`) });
    }
    await page.close();

    const narrow = await openCheckIn(liam, {}, { width: 320, height: 2400 });
    expect(await tabFrame(narrow).evaluate(() => window.innerWidth)).toBe(320);
    expect(await horizontalOverflow(narrow)).toBe(0);
    found.push(...(await seriousAxeViolations(narrow)).map((line) => `check-in (320) ${line}`));
    await narrow.screenshot({ path: path.join(screenshotDir, 'channel-checkin-320.png') });
    expect(found).toEqual([]);
    await narrow.close();
  });
});
