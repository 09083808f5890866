import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type {
  ChannelTab,
  TeamCheckInAgenda,
  TeamReport,
  TeamReportList,
  TenantSettings,
  WinsWall,
} from '../../server/src/contract/index.js';
import { weeklyDeadline } from '../../server/src/weekly/weekly.deadline.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';
import { apiAs, saveTabConfiguration, tab, tabFrame, waitForPage } from './tab-support.js';

/** The dev host's second channel: the demo leaves it unbound, so this story configures it from scratch. */
const CHANNEL = '19:team-rituals@thread.tacv2';
const WIN = 'Closed the <b>Q4</b> audit a week early';
const REACTIONS = ['celebrate', 'clap', 'heart', 'rocket'] as const;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let liam: GraphUser;
let hannah: GraphUser;
let page: Page;
let week: string;

const byUpn = (name: string): GraphUser => stack.people.find((person) => person.userPrincipalName === `${name}@northstar.demo`)!;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  liam = byUpn('liam.novak');
  hannah = byUpn('hannah.weber');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** One team lead's week and month, in order, through the dev Teams host, the HTTP API and the Graph stand-in. */
describe("a team's rituals, end to end", () => {
  it('configures the Team rituals channel tab for the lead’s team', async () => {
    expect(
      await apiAs<null>(stack, liam.userPrincipalName, 'GET', `/api/channel-tabs/${encodeURIComponent(CHANNEL)}`).catch(() => null),
    ).toBeNull();
    page = await context.newPage();
    await page.goto(
      `${stack.baseUrl}/dev/teams?${new URLSearchParams({ user: liam.userPrincipalName, frame: 'settings', channel: CHANNEL })}`,
    );
    await tab(page).getByTestId('team-choice').waitFor({ timeout: 30_000 });
    await saveTabConfiguration(page);
    const binding = await apiAs<ChannelTab>(stack, liam.userPrincipalName, 'GET', `/api/channel-tabs/${encodeURIComponent(CHANNEL)}`);
    expect(binding).toMatchObject({ teamId: liam.id, channelName: 'Team rituals', boundBy: { id: liam.id } });
  });

  it('runs the Monday check-in: the lead marks every sub-team discussed', async () => {
    await page.selectOption('#frame-picker', 'channel');
    await waitForPage(page);
    await tab(page).getByTestId('team-checkin').waitFor({ timeout: 30_000 });
    expect(new URL(tabFrame(page).url()).searchParams.get('team')).toBe(liam.id);
    const agenda = await apiAs<TeamCheckInAgenda>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/check-ins/current`);
    week = agenda.isoWeek;
    expect(agenda.groups.length).toBeGreaterThan(0);
    for (const group of agenda.groups) {
      const item = tab(page).locator(`[data-testid="discussed"][data-item-key="${group.key}"]`);
      await item.getByRole('checkbox').check();
      await expect.poll(() => item.getAttribute('data-discussed'), { timeout: 15_000 }).toBe('true');
    }
    const stored = await apiAs<TeamCheckInAgenda>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/check-ins/${week}`);
    expect(stored.groups.every((group) => group.discussed?.by.id === liam.id)).toBe(true);
    expect(stored.discussedCount).toBe(agenda.discussedCount + agenda.groups.filter((group) => !group.discussed).length);
  });

  it('posts a win on the wall, and colleagues react', async () => {
    await tab(page).getByRole('tab', { name: 'Wins' }).click();
    await tab(page).getByTestId('wins-list').waitFor({ timeout: 30_000 });
    const before = await tab(page).getByTestId('win-card').count();
    await tab(page).getByTestId('win-text').fill(WIN);
    await tab(page).getByRole('button', { name: 'Post win' }).click();
    await expect.poll(() => tab(page).getByTestId('win-card').count(), { timeout: 15_000 }).toBe(before + 1);
    const posted = (await apiAs<WinsWall>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/wins`)).wins.find(
      (win) => win.text === WIN,
    )!;
    for (const colleague of [hannah, byUpn('aisha.bello'), byUpn('chloe.dubois')]) {
      for (const kind of REACTIONS) await apiAs(stack, colleague.userPrincipalName, 'PUT', `/api/wins/${posted.id}/reactions/${kind}`);
    }
    const wall = await apiAs<WinsWall>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/wins`);
    const reactions = wall.wins.find((win) => win.id === posted.id)!.reactions;
    expect(Object.fromEntries(reactions.map((reaction) => [reaction.kind, reaction.count]))).toEqual({
      celebrate: 3,
      clap: 3,
      heart: 3,
      rocket: 3,
    });
  });

  it('delivers the Friday digest to the channel once; the Graph stand-in records it escaped', async () => {
    const admin = stack.people.find((person) => person.appRoles.includes('Admin'))!;
    const settings = await apiAs<TenantSettings>(stack, admin.userPrincipalName, 'GET', '/api/settings');
    const fridayAfternoon = new Date(weeklyDeadline(week, 'friday', '15:00', settings.timeZone).getTime() + 60_000);
    const first = await stack.server.context.winsDigest.run(stack.tenantId, fridayAfternoon);
    expect(first).toMatchObject({ due: true, failed: 0 });
    await stack.server.context.winsDigest.run(stack.tenantId, new Date(fridayAfternoon.getTime() + 15 * 60_000));
    const posts = stack.graph.channels.messages(stack.tenantId, { channelId: CHANNEL });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toContain('Closed the &lt;b&gt;Q4&lt;/b&gt; audit a week early');
    expect(posts[0]!.body.content).not.toContain('<b>Q4');
  });

  it('generates the monthly report in the tab and mails it; the Graph stand-in holds the mail', async () => {
    await tab(page).getByRole('tab', { name: 'Report' }).click();
    await tab(page).locator('#report-okrs').waitFor({ timeout: 60_000 });
    const root = tab(page).locator('[data-report-root]');
    await root.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => root.getByText('Stored, not mailed yet.').count(), { timeout: 15_000 }).toBe(1);
    await root.getByRole('button', { name: 'Send by mail' }).click();
    await expect.poll(() => root.getByText('The report was mailed.').count(), { timeout: 15_000 }).toBe(1);

    const month = (await apiAs<TeamReportList>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/reports`)).months[1]!.month;
    const stored = await apiAs<TeamReport>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/reports/${month}`);
    expect(stored).toMatchObject({ preview: false, delivery: { status: 'sent', sentBy: liam.id } });
    const mails = stack.graph.mail.sentMails(stack.tenantId).filter((mail) => mail.senderId === liam.id);
    expect(mails).toHaveLength(1);
    const recipients = mails[0]!.body.message.toRecipients.map((recipient) => recipient.emailAddress.address.toLowerCase());
    const addressOf = (person: GraphUser): string => (person.mail || person.userPrincipalName).toLowerCase();
    const manager = stack.people.find((person) => person.id === liam.managerId)!;
    expect(recipients.sort()).toEqual([addressOf(liam), addressOf(manager)].sort());
    expect(mails[0]!.body.message.body.content).toContain('Health metrics');
    await page.close();
  });
});
