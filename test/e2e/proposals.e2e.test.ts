import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { Objective, Proposal, ProposalList } from '../../server/src/contract/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import {
  apiAs,
  goToRoute,
  horizontalOverflow,
  screenshotDir,
  seriousAxeViolations,
  setTheme,
  tab,
  tabFrame,
  THEMES,
  waitForPage,
} from './tab-support.js';

const TITLE = 'Make every service deployable in one click';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
/** Hannah and Marcus are in Priya Raman's Platform team. */
let priya: GraphUser;
let hannah: GraphUser;
let marcus: GraphUser;
let periodId: string;

const byUpn = (name: string): GraphUser => stack.people.find((person) => person.userPrincipalName === `${name}@northstar.demo`)!;
const proposalsOf = (user: GraphUser): Promise<ProposalList> =>
  apiAs<ProposalList>(stack, user.userPrincipalName, 'GET', `/api/proposals?periodId=${periodId}`);
const ours = async (user: GraphUser): Promise<Proposal | undefined> => (await proposalsOf(user)).items.find((item) => item.title === TITLE);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  priya = byUpn('priya.raman');
  hannah = byUpn('hannah.weber');
  marcus = byUpn('marcus.lee');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Opens the personal tab in the dev Teams host as a person, on the Proposals page. */
async function openProposals(user: GraphUser, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams({ user: user.userPrincipalName }).toString()}`);
  await waitForPage(page);
  await goToRoute(page, 'proposals');
  await tab(page).getByTestId('proposal-summary').waitFor({ timeout: 30_000 });
  return page;
}

const card = (page: Page) => tab(page).getByTestId('proposal').filter({ hasText: TITLE });

describe('proposals in the Teams tab', () => {
  it('propose -> support and comment -> adopt: a team proposal becomes the manager’s draft objective', async () => {
    const page = await openProposals(hannah);
    periodId = await tab(page).getByTestId('proposal-period').inputValue();
    await tab(page).getByRole('button', { name: 'Propose an objective' }).click();
    await tab(page).getByTestId('proposal-target').selectOption(priya.id);
    await tab(page).getByTestId('proposal-title').fill(TITLE);
    await tab(page).getByTestId('proposal-why').fill('Releases wait days for manual steps.');
    await tab(page).getByTestId('proposal-krs').fill('Services deployed by the pipeline\nMedian lead time under a day');
    await tab(page).getByRole('button', { name: 'Propose', exact: true }).click();
    await card(page).waitFor({ timeout: 15_000 });
    expect(await card(page).textContent()).toContain(`Team of ${priya.displayName}`);
    expect(await ours(hannah)).toMatchObject({
      state: 'open',
      author: { id: hannah.id },
      keyResults: [{ title: 'Services deployed by the pipeline' }, { title: 'Median lead time under a day' }],
    });
    // Hannah may not decide her own manager's proposals.
    expect(await card(page).getByRole('button', { name: 'Adopt as draft' }).count()).toBe(0);
    await page.close();

    const colleague = await openProposals(marcus);
    const support = card(colleague).getByRole('button', { name: /^Support/ });
    expect(await support.getAttribute('aria-pressed')).toBe('false');
    await support.click();
    await expect
      .poll(
        () =>
          card(colleague)
            .getByRole('button', { name: /^Supported · 1/ })
            .count(),
        { timeout: 15_000 },
      )
      .toBe(1);
    await card(colleague)
      .getByRole('button', { name: /^Discussion/ })
      .click();
    await card(colleague).getByRole('textbox', { name: 'Your comment' }).fill('Count me in for the pipeline work.');
    await card(colleague).getByRole('button', { name: 'Comment', exact: true }).click();
    await card(colleague).getByText('Count me in for the pipeline work.').waitFor({ timeout: 15_000 });
    expect(await ours(marcus)).toMatchObject({ supporters: 1, supported: true, commentCount: 1 });
    await colleague.close();

    const manager = await openProposals(priya);
    await card(manager).getByRole('button', { name: 'Adopt as draft' }).click();
    await card(manager).getByTestId('proposal-decision').waitFor({ timeout: 15_000 });
    expect(await card(manager).getByTestId('proposal-decision').textContent()).toContain(`Adopted by ${priya.displayName}`);
    const adopted = (await ours(priya))!;
    expect(adopted).toMatchObject({ state: 'adopted', decision: { by: { id: priya.id } } });
    const objective = await apiAs<Objective>(stack, priya.userPrincipalName, 'GET', `/api/objectives/${adopted.decision!.objectiveId}`);
    expect(objective).toMatchObject({
      level: 'team',
      state: 'draft',
      owner: { id: priya.id },
      proposal: { id: adopted.id, author: { id: hannah.id } },
    });
    await card(manager).getByRole('link', { name: 'Open the draft objective' }).click();
    await waitForPage(manager);
    expect(await tab(manager).locator('main h1').textContent()).toBe(TITLE);
    await manager.close();
  });

  it('is axe clean in every theme, with screenshots, and never scrolls sideways at 320 px', async () => {
    const page = await openProposals(hannah, { width: 1280, height: 1600 });
    await tab(page).getByRole('button', { name: 'Propose an objective' }).click();
    const found: string[] = [];
    for (const theme of THEMES) {
      await setTheme(page, theme);
      found.push(...(await seriousAxeViolations(page)).map((line) => `proposals (${theme}) ${line}`));
      await page.screenshot({ path: path.join(screenshotDir, `proposals-${theme}.png`) });
    }
    await page.close();

    const narrow = await openProposals(priya, { width: 320, height: 2000 });
    expect(await tabFrame(narrow).evaluate(() => window.innerWidth)).toBe(320);
    await card(narrow)
      .getByRole('button', { name: /^Discussion/ })
      .click();
    await card(narrow).getByText('Count me in for the pipeline work.').waitFor({ timeout: 15_000 });
    await tab(narrow).getByRole('button', { name: 'Propose an objective' }).click();
    expect(await horizontalOverflow(narrow)).toBe(0);
    found.push(...(await seriousAxeViolations(narrow)).map((line) => `proposals (320) ${line}`));
    await narrow.screenshot({ path: path.join(screenshotDir, 'proposals-320.png') });
    expect(found).toEqual([]);
    await narrow.close();
  });
});
