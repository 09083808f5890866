import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import type { TeamReport, TeamReportList } from '../../server/src/contract/index.js';
import { weeksOfMonth } from '../../server/src/reports/reports.rules.js';
import { WeeklyReportModel, weeklyReportKey } from '../../server/src/weekly/weekly.model.js';
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
  tabFrame,
  THEMES,
} from './tab-support.js';

const HTML_PRIORITY = '<img src=x onerror=alert(1)> Billing <b>migration</b>';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let liam: GraphUser;
let priya: GraphUser;
let marcus: GraphUser;
/** The last complete month in the demo tenant (the report's default). */
let month: string;

const byUpn = (name: string): GraphUser => stack.people.find((person) => person.userPrincipalName === `${name}@northstar.demo`)!;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
  liam = byUpn('liam.novak');
  priya = byUpn('priya.raman');
  marcus = stack.people.find((person) => person.managerId === priya.id && person.accountEnabled)!;
  const list = await apiAs<TeamReportList>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/reports`);
  month = list.months[1]!.month;
  // Priya's priority stays red in three consecutive weekly mails of the month: it lasted more than two weeks.
  for (const isoWeek of weeksOfMonth(month).slice(0, 3)) {
    await WeeklyReportModel.collection.replaceOne(
      { _id: weeklyReportKey(stack.tenantId, priya.id, isoWeek) as never },
      {
        tenantId: stack.tenantId,
        authorId: priya.id,
        isoWeek,
        status: 'sent',
        priorities: [],
        lastWeekPriorities: [{ title: HTML_PRIORITY, keyResultId: null, status: 'red' }],
        risks: 'Vendor delay on the new data centre',
        timeOff: '',
        sentAt: new Date(),
        onTime: true,
        reviewedAt: null,
        reviewedBy: null,
        reviewComment: null,
        sendAttemptedAt: null,
        version: 1,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
      { upsert: true },
    );
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Opens the channel tab as a person and shows its Report section. */
const openReport = (user: GraphUser, viewport?: { width: number; height: number }): Promise<Page> =>
  openChannelSection(context, stack, user.userPrincipalName, 'Report', (root) => root.locator('#report-okrs'), viewport);

describe('the channel tab monthly report', () => {
  it("is configured for Liam Novak's team", async () => {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams({ user: liam.userPrincipalName, frame: 'settings' }).toString()}`);
    await saveTabConfiguration(page);
    await page.close();
  });

  it('shows last month as a preview to a member, with HTML as text and no lead buttons', async () => {
    const page = await openReport(marcus);
    const root = tab(page).locator('[data-report-root]');
    await expect.poll(() => root.getByText('Preview: computed now').count(), { timeout: 15_000 }).toBe(1);
    const red = root.locator('section[aria-labelledby="report-red"]');
    expect(await red.textContent()).toContain(HTML_PRIORITY);
    expect(await red.locator('img, b').count()).toBe(0);
    expect(await root.getByRole('button', { name: 'Generate' }).count()).toBe(0);
    expect(await root.getByRole('button', { name: 'Send by mail' }).count()).toBe(0);
    expect(await root.getByRole('button', { name: 'Print' }).isEnabled()).toBe(true);
    await page.close();
  });

  it('lets the lead generate and send it; the Graph stand-in receives one escaped HTML mail', async () => {
    const page = await openReport(liam);
    const root = tab(page).locator('[data-report-root]');
    await root.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => root.getByText('Stored, not mailed yet.').count(), { timeout: 15_000 }).toBe(1);
    await root.getByRole('button', { name: 'Send by mail' }).click();
    await expect.poll(() => root.getByText('The report was mailed.').count(), { timeout: 15_000 }).toBe(1);
    expect(await root.getByRole('button', { name: 'Send by mail' }).isDisabled()).toBe(true);

    const mails = stack.graph.mail.sentMails(stack.tenantId).filter((mail) => mail.senderId === liam.id);
    expect(mails).toHaveLength(1);
    const html = mails[0]!.body.message.body.content;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Billing &lt;b&gt;migration&lt;/b&gt;');
    expect(html).not.toContain('<img');
    const stored = await apiAs<TeamReport>(stack, liam.userPrincipalName, 'GET', `/api/teams/${liam.id}/reports/${month}`);
    expect(stored).toMatchObject({ preview: false, delivery: { status: 'sent', sentBy: liam.id } });
    await page.close();
  });

  it('is axe clean in every theme, with screenshots, and never scrolls sideways at 320 px', async () => {
    const page = await openReport(liam, { width: 1280, height: 2000 });
    const found: string[] = [];
    for (const theme of THEMES) {
      await setTheme(page, theme);
      found.push(...(await seriousAxeViolations(page)).map((line) => `report (${theme}) ${line}`));
      await page.screenshot({ path: path.join(screenshotDir, `channel-report-${theme}.png`), fullPage: true });
    }
    await page.close();

    const narrow = await openReport(marcus, { width: 320, height: 2400 });
    expect(await horizontalOverflow(narrow)).toBe(0);
    found.push(...(await seriousAxeViolations(narrow)).map((line) => `report (320) ${line}`));
    await narrow.screenshot({ path: path.join(screenshotDir, 'channel-report-320.png'), fullPage: true });
    expect(found).toEqual([]);
    await narrow.close();
  });

  it('prints as a clean A4 PDF: only the report, no buttons or navigation, black on white', async () => {
    const page = await openReport(liam);
    await page.emulateMedia({ media: 'print' });
    const frame = tabFrame(page);
    const printed = await frame.evaluate(() => {
      const shown = (element: Element | null) => element !== null && getComputedStyle(element).display !== 'none';
      const root = document.querySelector('[data-report-root]')!;
      return {
        report: shown(root),
        buttons: Array.from(document.querySelectorAll('button')).filter(shown).length,
        nav: shown(document.querySelector('[data-testid="team-sections"]')),
        color: getComputedStyle(root.querySelector('h3')!).color,
        background: getComputedStyle(root).backgroundColor,
        rowsBreak: getComputedStyle(root.querySelector('tr')!).breakInside,
      };
    });
    expect(printed).toEqual({
      report: true,
      buttons: 0,
      nav: false,
      color: 'rgb(0, 0, 0)',
      background: 'rgb(255, 255, 255)',
      rowsBreak: 'avoid',
    });

    // Chromium prints the top-level document only: print the tab's document (its DOM and style rules) on a page of its own.
    const snapshot = await frame.evaluate(() => ({
      css: Array.from(document.styleSheets)
        .flatMap((sheet) => Array.from(sheet.cssRules).map((rule) => rule.cssText))
        .join('\n'),
      html: document.documentElement.outerHTML.replace(/<script[\s\S]*?<\/script>/g, ''),
    }));
    const pdfPage = await context.newPage();
    await pdfPage.setContent(snapshot.html.replace('</head>', `<style>${snapshot.css}</style></head>`));
    const pdf = await pdfPage.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: false });
    writeFileSync(path.join(screenshotDir, 'channel-report.pdf'), pdf);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
    expect(box).not.toBeNull();
    expect(Math.round(Number(box![1]))).toBe(595); // A4: 210 × 297 mm = 595 × 842 pt
    expect(Math.round(Number(box![2]))).toBe(842);
    await pdfPage.emulateMedia({ media: 'print' });
    await pdfPage.setViewportSize({ width: 794, height: 1123 });
    await pdfPage.screenshot({ path: path.join(screenshotDir, 'channel-report-print.png'), fullPage: true });
    await pdfPage.close();
    await page.close();
  });
});
