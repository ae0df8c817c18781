import { createClient, type TripswitchClient } from '@tripswitch/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard } from './support/dashboard.ts';
import { createFlag } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/** Presses Tab until the element matching `selector` has focus; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe.skipIf(skipBrowser)('the kill switch in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let sdk: TripswitchClient;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
    await createFlag(server, 'new-checkout', 'production', {
      on: true,
      defaultServe: { variant: 'on' },
    });
    const { secret } = await server.api.call('createToken', {
      body: { name: 'checkout service', kind: 'server', environment: 'production' },
    });
    sdk = createClient({ url: server.url, sdkKey: secret, pollIntervalMs: 100 });
    await sdk.ready({ timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await sdk?.close();
    await browser?.close();
    await server?.close();
  });

  it('turns a flag off with the keyboard alone, after confirmation, and a running SDK client sees it', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags/new-checkout/environments/production');
    const killSwitch = page.getByRole('switch', { name: 'new-checkout in production' });
    await killSwitch.waitFor();
    expect(await killSwitch.getAttribute('aria-checked')).toBe('true');
    expect(sdk.isEnabled('new-checkout', { key: 'user-1' })).toBe(true);

    await tabTo(page, '[role="switch"]');
    await page.keyboard.press('Space');
    // Production confirms changes: the dialog takes focus, Cancel first; Tab, then Enter confirms.
    const dialog = page.getByRole('dialog', { name: 'Turn new-checkout off in Production?' });
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Turn off');
    await page.keyboard.press('Enter');

    await expect.poll(() => killSwitch.getAttribute('aria-checked')).toBe('false');
    await page.getByText('Off: everyone gets "off".').waitFor();
    await expect.poll(() => sdk.isEnabled('new-checkout', { key: 'user-1' })).toBe(false);
    const killed = await server.api.call('getFlagEnvironment', {
      params: { flagKey: 'new-checkout', environment: 'production' },
    });
    expect(killed.config.on).toBe(false);
    expect(errors).toEqual([]);
  });

  it('leaves the flag as it is when the confirmation is cancelled with Escape', async () => {
    const { page } = await openDashboard(browser, server);
    await page.goto('/flags/new-checkout/environments/production');
    const killSwitch = page.getByRole('switch', { name: 'new-checkout in production' });
    await killSwitch.focus();
    const before = await killSwitch.getAttribute('aria-checked');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await killSwitch.getAttribute('aria-checked')).toBe(before);
    const versions = await server.api.call('listFlagVersions', {
      params: { flagKey: 'new-checkout', environment: 'production' },
    });
    expect(versions.items).toHaveLength(3); // created, configured, killed: nothing more
  });
});
