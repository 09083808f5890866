import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { OneOnOneAgenda } from '../../server/src/contract/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import {
  apiAs,
  horizontalOverflow,
  screenshotDir,
  seriousAxeViolations,
  setTheme,
  tab,
  tabFrame,
  THEMES,
  waitForPage,
} from './tab-support.js';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
/** The seeded demo pair (server/dev/seed/oneonones.seed.ts) and a peer of the report. */
let manager: GraphUser;
let report: GraphUser;
let peer: GraphUser;

const byUpn = (name: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${name}@northstar.demo`)!;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  manager = byUpn('julia.santos');
  report = byUpn('theo.laurent');
  peer = byUpn('anna.berg');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Opens the dev Teams host in a meeting of `attendees`, framing the tab as `frame`, signed in as `user`. */
async function openMeeting(
  user: GraphUser,
  attendees: GraphUser[],
  frame: 'sidePanel' | 'meetingDetails',
  options: { theme?: string; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const query = new URLSearchParams({
    user: user.userPrincipalName,
    frame,
    meeting: attendees.map((person) => person.userPrincipalName).join(','),
    theme: options.theme ?? 'default',
  });
  await page.goto(`${stack.baseUrl}/dev/teams?${query.toString()}`);
  await waitForPage(page);
  return page;
}

describe('the 1:1 agenda inside a Teams meeting', () => {
  it("shows the pair's agenda in the meeting side panel, found from the attendees, in every theme, axe clean", async () => {
    // Read first, so the pair's Outlook calendar is cached: a cold read may answer before the calendar (CALENDAR_WAIT_MS)
    // and leave out an out-of-office item that the next read has.
    const readAgenda = () => apiAs<OneOnOneAgenda>(stack, manager.userPrincipalName, 'GET', `/api/one-on-ones/${manager.id}/${report.id}`);
    let previous = (await readAgenda()).items.length;
    await expect
      .poll(async () => {
        const [now, before] = [(await readAgenda()).items.length, previous];
        previous = now;
        return now === before;
      })
      .toBe(true);
    const agenda = await readAgenda();
    const page = await openMeeting(manager, [manager, report], 'sidePanel');
    const root = tab(page);
    expect(await root.locator('main h1').textContent()).toBe(`1:1 with ${report.displayName}`);
    await root.getByTestId('meeting-agenda').waitFor();
    expect(agenda.items.length).toBeGreaterThan(0);
    expect(await root.getByTestId('agenda-item').count()).toBe(agenda.items.length);
    expect(await root.getByTestId('agenda-items').textContent()).toContain('usability lab');

    // The host framed the tab as a meeting side panel, 320 px wide, and the meeting chat exists in the Graph stand-in.
    expect(await tabFrame(page).evaluate(() => window.innerWidth)).toBe(320);
    const chatId = (await page.locator('#meeting-info').textContent())!.split('\n')[1]!;
    expect(chatId).toMatch(/^19:meeting_[\w-]+@thread\.v2$/);
    const chat = stack.graph.chats.chat(stack.tenantId, chatId);
    expect(chat?.members.map((member) => member.userId).sort()).toEqual([manager.id, report.id].sort());
    expect(
      stack.graph.requestLog.some((entry) => decodeURIComponent(entry.path) === `/v1.0/chats/${chatId}/members` && entry.status === 200),
    ).toBe(true);
    await expect.poll(() => page.locator('#app-status').textContent(), { timeout: 15_000 }).toContain('notifySuccess');

    const found: string[] = [];
    for (const theme of THEMES) {
      await setTheme(page, theme);
      found.push(...(await seriousAxeViolations(page)).map((line) => `side panel (${theme}) ${line}`));
      expect(await horizontalOverflow(page), theme).toBe(0);
      await page.screenshot({ path: path.join(screenshotDir, `meeting-side-panel-${theme}.png`), fullPage: true });
    }
    expect(found).toEqual([]);
    await page.close();
  });

  it('the report in the same meeting sees the same 1:1 and adds a talking point from the side panel', async () => {
    const page = await openMeeting(manager, [manager, report], 'sidePanel');
    const chatId = (await page.locator('#meeting-info').textContent())!.split('\n')[1]!;
    await page.selectOption('#user-picker', report.userPrincipalName);
    await expect.poll(() => tab(page).locator('main h1').textContent(), { timeout: 30_000 }).toBe(`1:1 with ${manager.displayName}`);
    await waitForPage(page);
    expect((await page.locator('#meeting-info').textContent())!.split('\n')[1]).toBe(chatId);

    const text = `Raised in the meeting ${Date.now()}`;
    await tab(page).getByRole('textbox', { name: 'New talking point' }).fill(text);
    await tab(page).getByRole('button', { name: 'Add talking point' }).click();
    await tab(page).getByTestId('talking-point').filter({ hasText: text }).waitFor();
    const stored = await apiAs<OneOnOneAgenda>(stack, manager.userPrincipalName, 'GET', `/api/one-on-ones/${manager.id}/${report.id}`);
    expect(stored.talkingPoints.find((point) => point.text === text)).toMatchObject({ authorSide: 'report', author: { id: report.id } });
    await page.close();
  });

  it('fits a 320 px wide window without sideways scrolling, axe clean', async () => {
    const page = await openMeeting(manager, [manager, report], 'sidePanel', { viewport: { width: 320, height: 720 } });
    expect(await tabFrame(page).evaluate(() => window.innerWidth)).toBe(320);
    await tab(page).getByTestId('meeting-agenda').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'meeting-side-panel-320.png'), fullPage: true });
    // The whole panel, down to the forms and notes.
    await page.setViewportSize({ width: 320, height: 3200 });
    expect(await horizontalOverflow(page)).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'meeting-side-panel-320-content.png') });
    await page.close();
  });

  it('shows the full 1:1 page in the meeting details tab', async () => {
    const page = await openMeeting(report, [manager, report], 'meetingDetails');
    const root = tab(page);
    expect(await root.locator('main h1').textContent()).toBe(`1:1 with ${manager.displayName}`);
    await root.getByRole('link', { name: 'All 1:1s' }).waitFor();
    expect(await root.getByTestId('agenda-item').count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'meeting-details-tab.png') });
    await page.close();
  });

  it('says clearly in the side panel when the meeting is not a 1:1 of the user', async () => {
    const page = await openMeeting(report, [report, peer], 'sidePanel', { theme: 'dark' });
    const notOne = tab(page).getByTestId('not-a-one-on-one');
    await notOne.waitFor();
    expect(await notOne.getAttribute('data-reason')).toBe('no_pair');
    expect(await notOne.textContent()).toContain('not one of your 1:1s');
    expect(await tab(page).getByTestId('agenda-item').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets a manager in a meeting with two of their reports pick whose agenda to show', async () => {
    const page = await openMeeting(manager, [manager, report, peer], 'sidePanel');
    await tab(page).getByTestId('not-a-one-on-one').waitFor();
    await tab(page).getByRole('button', { name: peer.displayName }).click();
    await expect.poll(() => tab(page).locator('main h1').textContent(), { timeout: 15_000 }).toBe(`1:1 with ${peer.displayName}`);
    await tab(page).getByTestId('meeting-agenda').waitFor();
    await page.close();
  });
});
