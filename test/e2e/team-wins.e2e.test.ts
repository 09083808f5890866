import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { ObjectivePage, Win, WinsWall } from '../../server/src/contract/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import {
  apiAs,
  horizontalOverflow,
  openChannelSection,
  screenshotDir,
  seriousAxeViolations,
  setTheme,
  tab,
  tabFrame,
  THEMES,
} from './tab-support.js';

const HTML_WIN = '<img src=x onerror=alert(1)> Shipped the <b>billing</b> API';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
/** The demo team is Liam Novak's; Marcus Lee and Hannah Weber are in it. */
let liam: GraphUser;
let marcus: GraphUser;
let hannah: GraphUser;
let posted: Win | undefined;

const byUpn = (name: string): GraphUser => stack.people.find((person) => person.userPrincipalName === `${name}@northstar.demo`)!;
const wallOf = (user: GraphUser): Promise<WinsWall> => apiAs<WinsWall>(stack, user.userPrincipalName, 'GET', `/api/teams/${liam.id}/wins`);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  liam = byUpn('liam.novak');
  marcus = byUpn('marcus.lee');
  hannah = byUpn('hannah.weber');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Opens the channel tab as a person and shows its Wins section. */
const openWins = (user: GraphUser, viewport?: { width: number; height: number }): Promise<Page> =>
  openChannelSection(context, stack, user.userPrincipalName, 'Wins', (root) => root.getByTestId('wins-list'), viewport);

describe('the channel tab wins wall', () => {
  it('shows the seeded wall, posts a win with HTML as plain text and a link to one of my key results', async () => {
    const page = await openWins(marcus);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const before = await tab(page).getByTestId('win-card').count();
    expect(before).toBeGreaterThanOrEqual(3);

    const mine = await apiAs<ObjectivePage>(stack, marcus.userPrincipalName, 'GET', `/api/objectives?ownerId=${marcus.id}&limit=100`);
    const keyResult = mine.items.flatMap((objective) => objective.keyResults)[0]!;
    await tab(page).getByTestId('win-text').fill(HTML_WIN);
    await expect.poll(() => tab(page).getByText(`${HTML_WIN.length} / 2000 characters`).count()).toBe(1);
    await expect.poll(() => tab(page).locator(`[data-testid="win-link"] option[value="keyResult:${keyResult.id}"]`).count()).toBe(1);
    await tab(page).getByTestId('win-link').selectOption(`keyResult:${keyResult.id}`);
    await tab(page).getByRole('button', { name: 'Post win' }).click();
    await expect.poll(() => tab(page).getByTestId('win-card').count(), { timeout: 15_000 }).toBe(before + 1);

    const first = tab(page).getByTestId('win-card').first();
    expect(await first.getByTestId('win-text-shown').textContent()).toBe(HTML_WIN);
    expect(await first.locator('img, b').count()).toBe(0);
    expect(await first.textContent()).toContain(keyResult.title);
    expect(dialogs).toEqual([]);

    posted = (await wallOf(marcus)).wins.find((win) => win.text === HTML_WIN);
    expect(posted).toMatchObject({ author: { id: marcus.id }, link: { kind: 'keyResult', id: keyResult.id } });
    await page.close();
  });

  it('lets a colleague react with an accessible toggle, and counts it once', async () => {
    const page = await openWins(hannah);
    const card = tab(page).getByTestId('win-card').filter({ hasText: 'Shipped the <b>billing</b> API' });
    const clap = card.getByTestId('react-clap');
    expect(await clap.getAttribute('aria-label')).toBe('Applause: 0 reactions');
    expect(await clap.getAttribute('aria-pressed')).toBe('false');
    await clap.click();
    await expect.poll(() => clap.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    expect(await clap.getAttribute('aria-label')).toBe('Applause: 1 reaction, including yours');
    // Hannah cannot edit Marcus's win; she only reacts.
    expect(await card.getByRole('button', { name: 'Edit' }).count()).toBe(0);

    const seen = (await wallOf(marcus)).wins.find((win) => win.id === posted!.id)!;
    expect(seen.reactions.find((reaction) => reaction.kind === 'clap')).toEqual({ kind: 'clap', count: 1, reacted: false });

    // Earlier weeks are browsable.
    await tab(page).getByRole('button', { name: 'Previous week' }).click();
    await expect.poll(() => tab(page).locator('#wins-heading').textContent(), { timeout: 15_000 }).toContain('Wins of the week of');
    await tab(page).getByTestId('win-card').first().waitFor({ timeout: 15_000 });
    await tab(page).getByRole('button', { name: 'This week' }).click();
    await expect.poll(() => tab(page).locator('#wins-heading').textContent(), { timeout: 15_000 }).toBe("This week's wins");
    await page.close();
  });

  it('is axe clean in every theme, with screenshots, and never scrolls sideways at 320 px', async () => {
    const page = await openWins(liam, { width: 1280, height: 1800 });
    const found: string[] = [];
    for (const theme of THEMES) {
      await setTheme(page, theme);
      found.push(...(await seriousAxeViolations(page)).map((line) => `wins (${theme}) ${line}`));
      await page.screenshot({ path: path.join(screenshotDir, `channel-wins-${theme}.png`) });
    }
    await page.close();

    const narrow = await openWins(marcus, { width: 320, height: 2400 });
    expect(await tabFrame(narrow).evaluate(() => window.innerWidth)).toBe(320);
    // Marcus's link picker lists his OKRs (long titles) before the width is judged.
    await expect.poll(() => tab(narrow).locator('[data-testid="win-link"] option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await horizontalOverflow(narrow)).toBe(0);
    found.push(...(await seriousAxeViolations(narrow)).map((line) => `wins (320) ${line}`));
    await narrow.screenshot({ path: path.join(screenshotDir, 'channel-wins-320.png') });
    expect(found).toEqual([]);
    await narrow.close();
  });
});
