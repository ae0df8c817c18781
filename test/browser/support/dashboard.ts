import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import type { TestServer } from './server.ts';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/** A dashboard page whose uncaught errors are collected, so a test can assert there were none. */
export interface DashboardPage {
  page: Page;
  errors: string[];
  /**
   * Resolves once no request has been in flight for half a second, the change feed aside: it
   * stays open, so Playwright's `networkidle` never comes.
   */
  settled(): Promise<void>;
}

const QUIET_MS = 500;

/** Opens the dashboard in a fresh browser context, signed in with `token` unless `signedIn` is false. */
export async function openDashboard(
  browser: Browser,
  server: TestServer,
  { viewport = DESKTOP, signedIn = true, token = server.adminToken } = {},
): Promise<DashboardPage> {
  const context = await browser.newContext({ baseURL: server.url, viewport });
  if (signedIn) {
    // The same storage the sign-in form writes; the sign-in test goes through the form itself.
    await context.addInitScript((token) => {
      if (!sessionStorage.getItem('tripswitch.adminToken')) {
        sessionStorage.setItem('tripswitch.adminToken', token);
      }
    }, token);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const inFlight = new Set<Request>();
  let lastActivity = Date.now();
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/changes') return;
    inFlight.add(request);
    lastActivity = Date.now();
  });
  const finished = (request: Request) => {
    if (inFlight.delete(request)) lastActivity = Date.now();
  };
  page.on('requestfinished', finished);
  page.on('requestfailed', finished);
  async function settled() {
    while (inFlight.size > 0 || Date.now() - lastActivity < QUIET_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { page, errors, settled };
}

/**
 * Writes a screenshot for the README when it is missing or TRIPSWITCH_SCREENSHOTS=1 asks for a
 * refresh, so ordinary runs leave the committed pictures alone. `mask` hides secrets.
 */
export async function screenshot(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  const path = join(screenshots, `${name}.png`);
  if (existsSync(path) && process.env.TRIPSWITCH_SCREENSHOTS !== '1') return;
  mkdirSync(screenshots, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, animations: 'disabled', mask });
}

/** True when the page is not wider than the viewport (no horizontal scrolling). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}
