import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import type { TestStack } from '../support/stack.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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
