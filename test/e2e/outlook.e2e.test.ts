import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import { isoWeekOf } from '../../server/src/okrs/periods.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';

/** The slice of Office.js the checks below drive inside the task pane frame. */
type AsyncResult = { status: string; value: unknown; error?: { message: string } };
type Done = (result: AsyncResult) => void;
interface OfficeLike {
  CoercionType: { Html: string; Text: string };
  context: {
    mailbox: {
      item: {
        subject: { getAsync(done: Done): void };
        to: { setAsync(list: unknown[], done: Done): void };
        cc: { addAsync(list: unknown[], done: Done): void };
        body: {
          getTypeAsync(done: Done): void;
          getAsync(coercionType: string, done: Done): void;
          setAsync(data: string, options: { coercionType: string }, done: Done): void;
        };
        loadCustomPropertiesAsync(done: Done): void;
      };
    };
  };
}

interface WeeklyReportBody {
  id: string;
  status: string;
  version: number;
  keyResults: Array<{ keyResultId: string; title: string; confidence: number | null; note: string; checkedIn: boolean }>;
  priorities: Array<{ rank: number; title: string; keyResultId: string | null }>;
  reviewComment: string | null;
}

const screenshotDir = path.resolve('test-results', 'screens');
/** The pane works on the week of the browser's calendar date; the machine's and the browser's time zone are the same. */
const WEEK = isoWeekOf(new Date(Date.UTC(new Date().getFullYear(), new Date().getMonth(), new Date().getDate())));

let stack: TestStack;
let browser: Browser;
/** Employees (not managers) with a manager and active key results, each used by one test. */
const employees: GraphUser[] = [];

async function api<T>(method: string, route: string, upn: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.baseUrl}/api${route}`, {
    method,
    headers: {
      authorization: `Bearer ${await stack.tokenFor(upn)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  mkdirSync(screenshotDir, { recursive: true });
  // The latest deadline of the week anywhere (Sunday 23:59 at UTC−12), so a mail sent during the test is on time.
  const admin = stack.people.find((person) => person.appRoles.includes('Admin'))!;
  const settings = await api<{ version: number }>('GET', '/settings', admin.userPrincipalName);
  const saved = await api('PUT', '/settings', admin.userPrincipalName, {
    version: settings.body.version,
    checkInDay: 'sunday',
    deadlines: { manager: '23:59', members: '23:59', review: '23:59' },
    timeZone: 'Etc/GMT+12',
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const managers = new Set(stack.people.map((person) => person.managerId));
  for (const person of stack.people) {
    if (employees.length === 4) break;
    if (!person.managerId || managers.has(person.id) || person.appRoles.length > 0 || !person.accountEnabled) continue;
    const draft = await api<WeeklyReportBody>('GET', `/weekly/${WEEK}`, person.userPrincipalName);
    if (draft.body.keyResults.length >= 2 && draft.body.version === 0) employees.push(person);
  }
  expect(employees).toHaveLength(4);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openCompose(upn: string): Promise<{ context: BrowserContext; page: Page; pane: FrameLocator }> {
  const context = await newLoopbackContext(browser);
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(upn)}`);
  const pane = page.frameLocator('#taskpane-frame');
  await pane.getByRole('heading', { name: `Weekly OKR mail · ${WEEK}` }).waitFor({ timeout: 30_000 });
  return { context, page, pane };
}

const managerOf = (person: GraphUser): GraphUser => stack.people.find((candidate) => candidate.id === person.managerId)!;

describe('the weekly OKR mail in the Outlook dev host', () => {
  it('fills from data, saves edits, inserts, records the send, and shows the review', async () => {
    const author = employees[0]!;
    const manager = managerOf(author);
    const before = (await api<WeeklyReportBody>('GET', `/weekly/${WEEK}`, author.userPrincipalName)).body;
    const { context, page, pane } = await openCompose(author.userPrincipalName);

    expect(await pane.getByTestId('signed-in-as').textContent()).toBe(`Signed in as ${author.displayName}`);
    await expect.poll(() => pane.getByTestId('key-result').count()).toBe(before.keyResults.length);
    await expect.poll(() => pane.getByTestId('report-status').textContent()).toBe('draft');
    const first = before.keyResults[0]!;
    const confidence = pane.getByLabel(`Confidence for ${first.title}`);
    expect(await confidence.inputValue()).toBe(first.confidence === null ? '' : String(first.confidence));
    const newConfidence = first.confidence === 3 ? 4 : 3;
    await confidence.fill(String(newConfidence));
    await pane.getByLabel(`Note for ${first.title}`).fill('Customer pilot slipped a week');

    await pane.getByRole('button', { name: 'Add priority' }).click();
    await pane.getByLabel('Priority P1').fill('Close the pilot with Contoso');
    await pane.getByLabel('Key result of P1').selectOption(first.keyResultId);
    await pane.getByRole('button', { name: 'Add priority' }).click();
    await pane.getByLabel('Priority P2').fill('Hire a second designer');
    await pane.getByRole('button', { name: 'Move P2 up' }).click();
    await expect.poll(() => pane.getByTestId('save-state').textContent(), { timeout: 15_000 }).toBe('All changes saved');

    const stored = (await api<WeeklyReportBody>('GET', `/weekly/${WEEK}`, author.userPrincipalName)).body;
    expect(stored.keyResults[0]).toMatchObject({ confidence: newConfidence, note: 'Customer pilot slipped a week', checkedIn: true });
    expect(stored.priorities).toEqual([
      { rank: 1, title: 'Hire a second designer', keyResultId: null },
      { rank: 2, title: 'Close the pilot with Contoso', keyResultId: first.keyResultId },
    ]);

    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await pane.getByText(/^Inserted\. Check the message/).waitFor({ timeout: 15_000 });
    const rendered = (await api<{ subject: string }>('GET', `/weekly/${WEEK}/render`, author.userPrincipalName)).body;
    expect(await page.locator('#compose-subject').inputValue()).toBe(rendered.subject);
    expect(await page.locator('#compose-to').inputValue()).toContain(manager.mail ?? manager.userPrincipalName);
    expect(await page.locator('#compose-cc').inputValue()).not.toBe('');
    const body = await page.locator('#compose-body').inputValue();
    expect(body).toContain('Hire a second designer');
    expect(body).toContain('Customer pilot slipped a week');
    expect(body).toContain('<table');
    const properties = JSON.parse((await page.locator('#custom-properties').textContent()) ?? '{}') as Record<string, string>;
    expect(JSON.parse(properties.northstarWeekly!)).toMatchObject({ reportId: stored.id, isoWeek: WEEK, priorities: 2 });
    await page.screenshot({ path: path.join(screenshotDir, 'outlook-inserted.png') });

    await page.locator('#compose-send').click();
    await expect.poll(() => page.locator('#send-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    expect(await page.locator('#host-log').textContent()).toContain('[event runtime] customProperties.load');

    const queue = await api<{ items: Array<{ author: { id: string }; status: string; report: WeeklyReportBody | null }> }>(
      'GET',
      `/weekly/review/${WEEK}`,
      manager.userPrincipalName,
    );
    expect(queue.status).toBe(200);
    const entry = queue.body.items.find((item) => item.author.id === author.id);
    expect(entry).toMatchObject({ status: 'on_time', report: { status: 'sent' } });

    const reviewed = await api<WeeklyReportBody>('POST', `/weekly/${author.id}/${WEEK}/review`, manager.userPrincipalName, {
      comment: 'Good focus — let us talk about the pilot.',
    });
    expect(reviewed.status).toBe(200);

    await page.reload();
    await pane.getByRole('heading', { name: `Weekly OKR mail · ${WEEK}` }).waitFor({ timeout: 30_000 });
    await expect.poll(() => pane.getByTestId('report-status').textContent()).toBe('reviewed');
    expect(await pane.getByTestId('review-comment').textContent()).toBe('Good focus — let us talk about the pilot.');
    expect(await pane.getByLabel('Priority P1').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'outlook-reviewed.png') });
    await context.close();
  });

  it('escapes a script tag and HTML typed into a priority in the inserted body', async () => {
    const author = employees[1]!;
    const { context, page, pane } = await openCompose(author.userPrincipalName);
    await pane.getByRole('button', { name: 'Add priority' }).click();
    await pane.getByLabel('Priority P1').fill('<script>window.pwned=1</script><b onclick="x()">bold</b> & more');
    await pane.getByRole('textbox', { name: 'Risks and blockers' }).fill('<img src=x onerror=alert(1)>');
    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await pane.getByText(/^Inserted\. Check the message/).waitFor({ timeout: 15_000 });

    const body = await page.locator('#compose-body').inputValue();
    expect(body).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;b onclick=');
    expect(body).toContain('&amp; more');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(body).not.toMatch(/<script|<b onclick|<img/i);
    const preview = page.frameLocator('#body-preview');
    await expect.poll(() => preview.locator('body').textContent()).toContain('<script>window.pwned=1</script>');
    await context.close();
  });

  it('keeps an edit made just before the pane closes', async () => {
    const author = employees[1]!;
    const { context, page, pane } = await openCompose(author.userPrincipalName);
    await pane.getByRole('textbox', { name: 'Risks and blockers' }).fill('Flu on Friday');
    await page.reload();
    await expect
      .poll(async () => (await api<WeeklyReportBody & { risks: string }>('GET', `/weekly/${WEEK}`, author.userPrincipalName)).body.risks, {
        timeout: 10_000,
      })
      .toBe('Flu on Friday');
    await context.close();
  });

  it('asks before sending a weekly mail without priorities, and "Don\'t send" does not count it as sent', async () => {
    const author = employees[2]!;
    const manager = managerOf(author);
    const { context, page, pane } = await openCompose(author.userPrincipalName);
    const sentCalls: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/weekly\/[^/]+\/sent$/.test(new URL(request.url()).pathname)) sentCalls.push(request.url());
    });
    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await pane.getByText(/^Inserted\. Check the message/).waitFor({ timeout: 15_000 });

    await page.locator('#compose-send').click();
    const dialog = page.locator('#smart-alert');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.locator('#smart-alert-message').textContent()).toContain('lists no priorities');
    await page.locator('#smart-alert-cancel').click();
    await expect.poll(() => page.locator('#send-state').getAttribute('data-state')).toBe('draft');
    expect(await page.locator('#send-state').textContent()).toBe('Not sent');

    const afterCancel = (await api<WeeklyReportBody & { sentAt: string | null }>('GET', `/weekly/${WEEK}`, author.userPrincipalName)).body;
    expect({ status: afterCancel.status, sentAt: afterCancel.sentAt }).toEqual({ status: 'draft', sentAt: null });
    const queue = await api<{ items: Array<{ author: { id: string }; status: string }> }>(
      'GET',
      `/weekly/review/${WEEK}`,
      manager.userPrincipalName,
    );
    expect(queue.body.items.find((item) => item.author.id === author.id)?.status).toBe('missing');
    expect(sentCalls).toEqual([]);

    await page.locator('#compose-send').click();
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('#smart-alert-send').click();
    await expect.poll(() => page.locator('#send-state').getAttribute('data-state')).toBe('sent');
    expect(sentCalls).toEqual([]);
    await context.close();
  });

  // Outlook sends on "Send anyway" without calling the handler again: the send is recognised afterwards
  // from the message in the author's Sent Items (read through Graph, here the stand-in's mailbox).
  it('records a mail sent through "Send anyway" as sent, at its sentDateTime', async () => {
    const author = employees[3]!;
    const manager = managerOf(author);
    const { context, page, pane } = await openCompose(author.userPrincipalName);
    const sentCalls: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/weekly\/[^/]+\/sent$/.test(new URL(request.url()).pathname)) sentCalls.push(request.url());
    });
    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await pane.getByText(/^Inserted\. Check the message/).waitFor({ timeout: 15_000 });
    expect(stack.graph.mail.sentItems(stack.tenantId, author.id)).toEqual([]);

    await page.locator('#compose-send').click();
    await page.locator('#smart-alert').waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('#smart-alert-send').click();
    await expect.poll(() => page.locator('#send-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    expect(sentCalls).toEqual([]);

    const [message] = stack.graph.mail.sentItems(stack.tenantId, author.id);
    expect(message).toBeDefined();
    const rendered = (await api<{ subject: string }>('GET', `/weekly/${WEEK}/render`, author.userPrincipalName)).body;
    expect(message!.subject).toBe(rendered.subject);
    expect(message!.toRecipients.map((recipient) => recipient.address)).toContain(manager.mail ?? manager.userPrincipalName);
    const sentAt = Date.parse(message!.sentDateTime);

    type Sent = WeeklyReportBody & { sentAt: string | null; onTime: boolean | null };
    await expect
      .poll(
        async () => {
          const own = (await api<Sent>('GET', `/weekly/${WEEK}`, author.userPrincipalName)).body;
          return { status: own.status, sentAt: own.sentAt && Date.parse(own.sentAt), onTime: own.onTime };
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toEqual({ status: 'sent', sentAt, onTime: true });
    const queue = await api<{ items: Array<{ author: { id: string }; status: string; report: Sent | null }> }>(
      'GET',
      `/weekly/review/${WEEK}`,
      manager.userPrincipalName,
    );
    const entry = queue.body.items.find((item) => item.author.id === author.id);
    expect(entry?.status).toBe('on_time');
    expect(entry?.report && Date.parse(entry.report.sentAt!)).toBe(sentAt);
    const reads = stack.graph.requestLog.filter((request) => request.path === `/v1.0/users/${author.id}/mailFolders/sentitems/messages`);
    expect(reads.length).toBeGreaterThan(0);
    expect(new URLSearchParams(reads[0]!.query).get('$expand')).toContain(
      "singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-C000-000000000046} Name cecp-",
    );
    await context.close();
  });

  it('lets the mail go when the Northstar service cannot be reached', async () => {
    const author = employees[1]!;
    const { context, page, pane } = await openCompose(author.userPrincipalName);
    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await pane.getByText(/^Inserted\. Check the message/).waitFor({ timeout: 15_000 });
    await context.route('**/api/weekly/**', (route) => route.abort('connectionrefused'));
    await page.locator('#compose-send').click();
    await expect.poll(() => page.locator('#send-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    expect(await page.locator('#smart-alert').isVisible()).toBe(false);
    await context.close();
  });

  it('explains a service outage in the pane and recovers on Retry', async () => {
    const context = await newLoopbackContext(browser);
    const page = await context.newPage();
    let down = true;
    await context.route('**/api/weekly/**', (route) => (down ? route.abort('connectionrefused') : route.fallback()));
    await page.goto(`${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(employees[0]!.userPrincipalName)}`);
    const pane = page.frameLocator('#taskpane-frame');
    await pane.getByText('The Northstar service cannot be reached right now', { exact: false }).waitFor({ timeout: 30_000 });
    down = false;
    await pane.getByRole('button', { name: 'Retry' }).click();
    await pane.getByRole('heading', { name: `Weekly OKR mail · ${WEEK}` }).waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('explains that the pane writes into a message being composed when opened on a received one', async () => {
    const context = await newLoopbackContext(browser);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(employees[0]!.userPrincipalName)}&mode=read`);
    const pane = page.frameLocator('#taskpane-frame');
    await pane.getByText(/Start a new message, then open Northstar/).waitFor({ timeout: 30_000 });
    expect(await pane.getByRole('button', { name: 'Insert into message' }).count()).toBe(0);
    await context.close();
  });

  it('says when sign-in fails and signs in on request', async () => {
    const context = await newLoopbackContext(browser);
    const page = await context.newPage();
    let refuse = true;
    await context.route('**/dev/session', (route) =>
      refuse ? route.fulfill({ status: 403, contentType: 'application/problem+json', body: '{"title":"No consent"}' }) : route.fallback(),
    );
    await page.goto(`${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(employees[0]!.userPrincipalName)}`);
    const pane = page.frameLocator('#taskpane-frame');
    await pane.getByText(/You are not signed in to Northstar/).waitFor({ timeout: 30_000 });
    refuse = false;
    await pane.getByRole('button', { name: 'Sign in' }).click();
    await pane.getByRole('heading', { name: `Weekly OKR mail · ${WEEK}` }).waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('explains a missing manager and inserts without a recipient when asked', async () => {
    const top = stack.people.find((person) => person.managerId === null)!;
    const { context, page, pane } = await openCompose(top.userPrincipalName);
    await page.locator('#compose-to').fill('');
    await pane.getByRole('button', { name: 'Insert into message' }).click();
    await pane.getByText(/finds no manager for you/).waitFor({ timeout: 15_000 });
    expect(await page.locator('#compose-subject').inputValue()).toBe('');
    await pane.getByRole('button', { name: 'Insert without a recipient' }).click();
    await pane.getByText(/^Inserted\. Check the message/).waitFor({ timeout: 15_000 });
    expect(await page.locator('#compose-subject').inputValue()).toContain(WEEK);
    expect(await page.locator('#compose-to').inputValue()).toBe('');
    await context.close();
  });

  it('records what an add-in writes through the Office-compatible mailbox item', async () => {
    const { context, page } = await openCompose(employees[0]!.userPrincipalName);
    const paneFrame = page.frame({ url: /\/addin\/$/ });
    if (!paneFrame) throw new Error('The task pane frame is missing');
    await page.locator('#compose-to').fill('');

    const outcome = await paneFrame.evaluate(async () => {
      const office = (window as unknown as { Office: OfficeLike }).Office;
      const item = office.context.mailbox.item;
      const run = (start: (done: Done) => void) => new Promise<AsyncResult>((resolve) => start(resolve));
      const bodyType = await run((done) => item.body.getTypeAsync(done));
      await run((done) => item.body.setAsync('<p>Hello <b>team</b></p>', { coercionType: office.CoercionType.Html }, done));
      await run((done) => item.to.setAsync(['lead@northstar.demo'], done));
      await run((done) => item.cc.addAsync([{ displayName: 'Team', emailAddress: 'team@northstar.demo' }], done));
      const properties = (await run((done) => item.loadCustomPropertiesAsync(done))).value as {
        set(name: string, value: unknown): void;
        saveAsync(done: Done): void;
      };
      properties.set('northstarWeek', '2025-W12');
      await run((done) => properties.saveAsync(done));
      const text = await run((done) => item.body.getAsync(office.CoercionType.Text, done));
      const burst = await Promise.all([1, 2, 3, 4].map(() => run((done) => item.subject.getAsync(done))));
      return { bodyType: bodyType.value, text: text.value, burst: burst.map((result) => result.status) };
    });

    expect(outcome.bodyType).toBe('html');
    expect(outcome.text).toBe('Hello team');
    expect(outcome.burst.filter((status) => status === 'failed')).toHaveLength(1);
    expect(await page.locator('#compose-body').inputValue()).toBe('<p>Hello <b>team</b></p>');
    expect(await page.locator('#compose-to').inputValue()).toBe('lead@northstar.demo');
    expect(await page.locator('#compose-cc').inputValue()).toContain('Team <team@northstar.demo>');
    expect(JSON.parse((await page.locator('#custom-properties').textContent()) ?? '{}')).toEqual({ northstarWeek: '2025-W12' });

    await page.selectOption('#body-type', 'text');
    const refused = await paneFrame.evaluate(async () => {
      const office = (window as unknown as { Office: OfficeLike }).Office;
      return new Promise<string>((resolve) =>
        office.context.mailbox.item.body.setAsync('<p>x</p>', { coercionType: office.CoercionType.Html }, (result) =>
          resolve(result.status),
        ),
      );
    });
    expect(refused).toBe('failed');
    await context.close();
  });

  it('serves the add-in and the send handler with the configured Office.js instead of the CDN copy', async () => {
    for (const page of ['/addin/', '/addin/events.html']) {
      const html = await (await fetch(`${stack.baseUrl}${page}`)).text();
      expect(html).toContain('<script src="/dev/office.js"></script>');
      expect(html).not.toContain('appsforoffice.microsoft.com');
    }
    const script = await fetch(`${stack.baseUrl}/addin/events.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    const source = await script.text();
    expect(source).not.toMatch(/^\s*import[\s{*]|\bimport\(|\brequire\(/m);
    expect(source).toContain('onMessageSendHandler');
  });
});
