import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestStack } from '../support/stack.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where the browser tests write their screenshots (and the report's PDF). */
export const screenshotDir = path.resolve('test-results', 'screens');

/** The dev hosts' themes every page is screenshot and checked in. */
export const THEMES = ['default', 'dark', 'contrast'] as const;

/** Switches the dev host's theme and waits until the tab has applied it. */
export async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  await page.selectOption('#theme-picker', theme);
  await expect.poll(() => tab(page).locator('[data-theme]').first().getAttribute('data-theme'), { timeout: 15_000 }).toBe(theme);
}

/** Saves the dev Teams host's configuration frame once the tab allows it; returns what the host stored for the channel. */
export async function saveTabConfiguration(page: Page): Promise<{ contentUrl?: string; entityId?: string; suggestedDisplayName?: string }> {
  const save = page.locator('#save-config');
  await expect.poll(() => save.isEnabled(), { timeout: 30_000 }).toBe(true);
  await save.click();
  await expect.poll(() => page.locator('#app-status').textContent(), { timeout: 15_000 }).toBe('Tab configuration saved');
  return JSON.parse((await page.locator('#saved-config').textContent()) ?? 'null') as { contentUrl?: string; entityId?: string };
}

/**
 * Opens the dev Teams host's channel frame as a person (the demo binds the General channel to Liam Novak's team),
 * switches to one section of the channel tab and waits for what marks it as loaded.
 */
export async function openChannelSection(
  context: BrowserContext,
  stack: TestStack,
  upn: string,
  section: 'Metrics' | 'Report' | 'Wins',
  loaded: (root: FrameLocator) => Locator,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${stack.baseUrl}/dev/teams?${new URLSearchParams({ user: upn, frame: 'channel' }).toString()}`);
  await waitForPage(page);
  await tab(page).getByRole('tab', { name: section }).click();
  await loaded(tab(page)).first().waitFor({ timeout: 60_000 });
  return page;
}

/** The tab's frame inside the Teams dev host page. */
export function tabFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => new URL(candidate.url(), 'http://x').pathname.startsWith('/tab/'));
  if (!frame) throw new Error('the dev host has no tab frame');
  return frame;
}

/** The tab frame's locator root (follows reloads of the frame). */
export function tab(page: Page): FrameLocator {
  return page.frameLocator('#tab-frame');
}

/** Waits until the page under the shell has its heading and no loading indicator. */
export async function waitForPage(page: Page, timeout = 30_000): Promise<void> {
  const root = tab(page);
  await root.locator('main h1').first().waitFor({ timeout });
  await root.getByTestId('loading-state').first().waitFor({ state: 'detached', timeout });
  await root.locator('.fui-Spinner').first().waitFor({ state: 'detached', timeout });
}

/** Moves the tab to a route the way its own links do (a hash change), without reloading. */
export async function goToRoute(page: Page, route: string): Promise<void> {
  await tabFrame(page).evaluate((hash) => (window.location.hash = hash), `#/${route}`);
  await waitForPage(page);
}

/** Serious and critical axe-core violations in the tab frame, as `rule: target` lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const frame = tabFrame(page);
  // Playwright's evaluate is not subject to the page's CSP, so axe can be injected into the tab as it ships.
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  return frame.evaluate(async () => {
    // A theme switch starts colour transitions; judge contrast on the settled colours.
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document | { exclude: string[][] },
          ): Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    // Fluent's focus manager (tabster) puts aria-hidden focus redirectors (`<i data-tabster-dummy>`) around arrow-key
    // groups such as a TabList; they never keep focus, and Fluent documents their aria-hidden-focus hit as by design.
    const result = await axe.run({ exclude: [['[data-tabster-dummy]']] });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
  });
}

/** How far the tab's document is wider than its frame (0: no horizontal scroll). */
export function horizontalOverflow(page: Page): Promise<number> {
  return tabFrame(page).evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Calls the API as a demo user (by UPN) and returns the JSON answer; throws on any non-2xx. */
export async function apiAs<T>(stack: TestStack, upn: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${await stack.tokenFor(upn)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
