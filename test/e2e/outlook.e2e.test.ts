import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const screenshotDir = path.resolve('test-results', 'screens');

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the add-in inside the Outlook dev host', () => {
  it('signs in through the host and writes the subject into the compose window', async () => {
    const context = await newLoopbackContext(browser);
    const page = await context.newPage();
    const user = stack.users[0]!;
    await page.goto(`${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(user.upn)}`);
    const pane = page.frameLocator('#taskpane-frame');
    const signedIn = pane.getByTestId('signed-in-as');
    await signedIn.waitFor({ timeout: 30_000 });
    expect(await signedIn.textContent()).toBe(`Signed in as ${user.name}`);

    await pane.getByRole('button', { name: 'Fill subject' }).click();
    await expect.poll(() => page.locator('#compose-subject').inputValue()).toBe(`Weekly OKRs — ${user.name}`);
    expect(await page.locator('#host-log').textContent()).toContain('subject.set(');
    await page.screenshot({ path: path.join(screenshotDir, 'outlook.png') });
    await context.close();
  });

  it('records what an add-in writes through the Office-compatible mailbox item', async () => {
    const context = await newLoopbackContext(browser);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(stack.users[0]!.upn)}`);
    await page.frameLocator('#taskpane-frame').getByTestId('signed-in-as').waitFor({ timeout: 30_000 });
    const paneFrame = page.frame({ url: /\/addin\/$/ });
    if (!paneFrame) throw new Error('The task pane frame is missing');

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

  it('serves the add-in with the configured Office.js instead of the CDN copy', async () => {
    const html = await (await fetch(`${stack.baseUrl}/addin/`)).text();
    expect(html).toContain('<script src="/dev/office.js"></script>');
    expect(html).not.toContain('appsforoffice.microsoft.com');
  });
});
