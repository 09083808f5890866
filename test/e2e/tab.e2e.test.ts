import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/stack.js';
import { launchBrowser, newLoopbackContext } from './browser.js';

const screenshotDir = path.resolve('test-results', 'screens');

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await newLoopbackContext(browser);
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openTeamsHost(query: Record<string, string>): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams(query).toString()}`);
  return page;
}

function tabBackground(page: Page): Promise<string> {
  return page
    .frameLocator('#tab-frame')
    .locator('.fui-FluentProvider')
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);
}

function luminance(cssColor: string): number {
  const [red = 0, green = 0, blue = 0] = (cssColor.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
}

describe('the tab in a plain browser', () => {
  it('offers sign-in and follows the system colour scheme', async () => {
    const darkContext = await newLoopbackContext(browser, { colorScheme: 'dark' });
    const page = await darkContext.newPage();
    await page.goto(`${stack.baseUrl}/tab/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const background = await page
      .locator('.fui-FluentProvider')
      .first()
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(luminance(background)).toBeLessThan(0.3);
    await darkContext.close();
  });
});

describe('the tab inside the Teams dev host', () => {
  it('signs the picked demo user in through nested app authentication', async () => {
    const user = stack.users[1] ?? stack.users[0]!;
    const page = await openTeamsHost({ user: user.upn });
    const signedIn = page.frameLocator('#tab-frame').getByTestId('signed-in-as');
    await signedIn.waitFor({ timeout: 30_000 });

    expect(await signedIn.textContent()).toBe(`Signed in as ${user.name}`);
    await expect.poll(() => page.locator('#app-status').textContent()).toContain('notifySuccess');
    expect(await page.locator('#host-log').textContent()).toContain('NAA GetToken');
    await page.close();
  });

  it('signs the next user in when the host switches users', async () => {
    const [first, second] = stack.users;
    const page = await openTeamsHost({ user: first!.upn });
    const signedIn = page.frameLocator('#tab-frame').getByTestId('signed-in-as');
    await signedIn.waitFor({ timeout: 30_000 });
    expect(await signedIn.textContent()).toBe(`Signed in as ${first!.name}`);

    await page.selectOption('#user-picker', second!.upn);
    await expect.poll(() => signedIn.textContent().catch(() => ''), { timeout: 30_000 }).toBe(`Signed in as ${second!.name}`);
    await page.close();
  });

  it('switches the Fluent theme when the host theme changes', async () => {
    const page = await openTeamsHost({ user: stack.users[0]!.upn, theme: 'default' });
    await page.frameLocator('#tab-frame').getByTestId('signed-in-as').waitFor({ timeout: 30_000 });
    const light = await tabBackground(page);
    await page.screenshot({ path: path.join(screenshotDir, 'teams-light.png') });

    await page.selectOption('#theme-picker', 'dark');
    await expect.poll(() => tabBackground(page)).not.toBe(light);
    const dark = await tabBackground(page);
    await page.screenshot({ path: path.join(screenshotDir, 'teams-dark.png') });

    expect(luminance(light)).toBeGreaterThan(0.8);
    expect(luminance(dark)).toBeLessThan(0.3);
    await page.selectOption('#theme-picker', 'contrast');
    await expect.poll(() => tabBackground(page)).not.toBe(dark);
    await page.close();
  });

  it('saves the tab configuration through the host', async () => {
    const page = await openTeamsHost({ user: stack.users[0]!.upn, frame: 'settings' });
    const save = page.locator('#save-config');
    await expect.poll(() => save.isEnabled(), { timeout: 30_000 }).toBe(true);
    await save.click();

    await expect.poll(() => page.locator('#app-status').textContent()).toBe('Tab configuration saved');
    const saved = JSON.parse((await page.locator('#saved-config').textContent()) ?? 'null') as { contentUrl?: string; entityId?: string };
    expect(saved.contentUrl).toBe(`${stack.baseUrl}/tab/`);
    expect(saved.entityId).toBe('northstar-team-okrs');
    await page.close();
  });
});
