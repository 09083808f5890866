import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import { isoWeekOf } from '../../server/src/okrs/periods.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';

const XSS = '<img src=x onerror=alert(1)>';
/** The pane works on the week of the browser's calendar date (the machine's time zone). */
const WEEK = isoWeekOf(new Date(Date.UTC(new Date().getFullYear(), new Date().getMonth(), new Date().getDate())));

let stack: TestStack;
let browser: Browser;
/** Olivia Brown (Daniel Cohen's Enterprise sales team): no demo mails or wins of her own. */
let author: GraphUser;

async function api<T>(method: string, route: string, as: GraphUser, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.baseUrl}/api${route}`, {
    method,
    headers: {
      authorization: `Bearer ${await stack.tokenFor(as.userPrincipalName)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ env: { WINS_DIGEST_INTERVAL_MINUTES: '0', MONTHLY_REPORT_INTERVAL_MINUTES: '0' } }),
    launchBrowser(),
  ]);
  author = stack.people.find((p) => p.userPrincipalName === 'olivia.brown@northstar.demo')!;
  for (const text of [`Booked the Contoso renewal ${XSS}`, 'Ran the first partner webinar']) {
    const posted = await api('POST', `/teams/${author.managerId}/wins`, author, { text });
    expect(posted.status).toBe(201);
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('wins in the Outlook task pane', () => {
  it('offers "Include my wins (n)", inserts them escaped, and leaves them out once unticked', async () => {
    const context = await newLoopbackContext(browser);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(author.userPrincipalName)}`);
    const pane = page.frameLocator('#taskpane-frame');
    await pane.getByRole('heading', { name: `Weekly OKR mail · ${WEEK}` }).waitFor({ timeout: 30_000 });

    const wins = pane.getByTestId('wins');
    const include = wins.getByRole('checkbox', { name: 'Include my wins (2)' });
    expect(await include.isChecked()).toBe(true);
    await expect.poll(() => wins.getByText(`Booked the Contoso renewal ${XSS}`).count()).toBe(1);
    expect(await wins.locator('img').count()).toBe(0);

    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await pane.getByText(/^Inserted\. Check the message/).waitFor({ timeout: 15_000 });
    const body = await page.locator('#compose-body').inputValue();
    expect(body).toContain('Booked the Contoso renewal &lt;img src=x onerror=alert(1)&gt;');
    expect(body).not.toContain('<img');

    await include.uncheck();
    await expect.poll(() => pane.getByTestId('save-state').textContent(), { timeout: 15_000 }).toBe('All changes saved');
    const stored = await api<{ includeWins: boolean; wins: unknown[] }>('GET', `/weekly/${WEEK}`, author);
    expect(stored.body).toMatchObject({ includeWins: false });
    expect(stored.body.wins).toHaveLength(2);
    expect(await wins.getByText('Ran the first partner webinar').count()).toBe(0);

    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await expect
      .poll(async () => (await page.locator('#compose-body').inputValue()).includes('Contoso renewal'), { timeout: 15_000 })
      .toBe(false);
    await context.close();
  });
});
