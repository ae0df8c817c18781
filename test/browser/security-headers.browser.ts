import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard } from './support/dashboard.ts';
import { createFlag } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(skipBrowser)('security headers', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
    await createFlag(server, 'framed-flag', 'production', {
      on: true,
      defaultServe: { variant: 'on' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the dashboard with a strict CSP that refuses framing and inline script', async () => {
    const response = await fetch(`${server.url}/flags`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('runs the dashboard under that CSP without a single violation', async () => {
    const { page, errors, settled } = await openDashboard(browser, server);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.goto('/flags/framed-flag/environments/production');
    await page
      .getByRole('heading', { name: /framed/i })
      .first()
      .waitFor();
    await settled();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('refuses to be framed by another page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(`<iframe src="${server.url}/flags"></iframe>`);
    const frame = page.frames()[1];
    // A refused frame never runs the app: its document has no root element to render into.
    await expect
      .poll(async () =>
        frame?.evaluate(() => document.getElementById('root') !== null).catch(() => false),
      )
      .toBe(false);
    await context.close();
  });

  it('answers the REST API with nosniff, no framing and a deny-all CSP', async () => {
    const response = await fetch(`${server.url}/api/v1/flags`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
