import { createClient, type TripswitchClient } from '@tripswitch/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard } from './support/dashboard.ts';
import { createFlag, rolloutOn } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/** Presses Tab until the element matching `selector` has focus; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const productionOf = (flagKey: string) => ({ flagKey, environment: 'production' });

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
    await createFlag(server, 'search-ranking', 'production', {
      on: true,
      defaultServe: rolloutOn(25),
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
    // Production confirms changes: the dialog takes focus in its reason field (Enter there is a
    // new line, not a confirmation), then Cancel; Tab again, then Enter confirms.
    const dialog = page.getByRole('dialog', { name: 'Turn new-checkout off in Production?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await dialog.getByLabel('Reason').getAttribute('id'),
    );
    await page.keyboard.type('checkout errors at 19.9%');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
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
    // The reason is the version's comment, in the history and the audit log.
    const [kill] = (
      await server.api.call('listFlagVersions', { params: productionOf('new-checkout') })
    ).items;
    expect(kill?.comment).toBe('checkout errors at 19.9%');
    const audit = await server.api.call('listAudit', { query: { flag: 'new-checkout' } });
    expect(audit.items[0]?.comment).toBe('checkout errors at 19.9%');
    await page.getByRole('link', { name: 'History' }).click();
    await page
      .getByRole('list', { name: 'Versions' })
      .getByText('“checkout errors at 19.9%”')
      .waitFor();
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

  it('shows each environment’s rollout share in the flags list and kills from there with the same confirmation', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags');
    const states = page.getByRole('list', { name: 'State of search-ranking per environment' });
    await expect.poll(() => states.textContent()).toContain('production: on · 25%');
    expect(await states.textContent()).toContain('staging: off');

    await states.getByRole('button', { name: 'Kill search-ranking in production' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn search-ranking off in Production?' });
    expect(await dialog.textContent()).toContain('Everyone gets "off" within moments.');
    await dialog.getByLabel('Reason').fill('ranking timeouts');
    await dialog.getByRole('button', { name: 'Turn off' }).click();

    await expect.poll(() => states.textContent()).toContain('production: off');
    expect(await states.textContent()).not.toContain('25%');
    expect(await states.getByRole('button', { name: /^Kill .* in production/ }).count()).toBe(0);
    await expect
      .poll(() =>
        Array.from({ length: 50 }, (_, i) =>
          sdk.isEnabled('search-ranking', { key: `user-${i}` }),
        ).some(Boolean),
      )
      .toBe(false);
    const [kill] = (
      await server.api.call('listFlagVersions', { params: productionOf('search-ranking') })
    ).items;
    expect(kill).toMatchObject({ config: { on: false }, comment: 'ranking timeouts' });
    expect(errors).toEqual([]);
  });
});
