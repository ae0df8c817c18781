import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { fitsWidth, openDashboard, PHONE, screenshot } from './support/dashboard.ts';
import { createFlag, rolloutOn } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(skipBrowser)('the dashboard with other writers, and on a phone', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a change made through the API without a reload', async () => {
    const params = { flagKey: 'live-flag', environment: 'staging' };
    await createFlag(server, params.flagKey, params.environment, { on: true });
    const { page, errors } = await openDashboard(browser, server);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`/flags/${params.flagKey}/environments/${params.environment}`);
    const killSwitch = page.getByRole('switch', { name: 'live-flag in staging' });
    // The dashboard follows the server's change feed (polling is only its safety net).
    await expect.poll(() => requested).toContain('/api/v1/changes');
    await expect.poll(() => killSwitch.getAttribute('aria-checked')).toBe('true');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await server.api.call('killFlag', { params, body: { comment: 'from a script' } });
    await expect.poll(() => killSwitch.getAttribute('aria-checked')).toBe('false');
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('explains a stale edit refused with 409, then reapplies it on the current version', async () => {
    const params = { flagKey: 'stale-edit', environment: 'development' };
    await createFlag(server, params.flagKey, params.environment, { on: true });
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${params.flagKey}/environments/${params.environment}`);
    const targets = page.getByLabel('Context keys served on');
    await targets.fill('alice');

    // Someone else saves a 20% rollout behind the page's back.
    const theirs = await server.api.call('getFlagEnvironment', { params });
    await server.api.call('updateFlagEnvironment', {
      params,
      body: {
        baseVersion: theirs.version,
        config: { ...theirs.config, defaultServe: rolloutOn(20) },
      },
    });
    await page.getByRole('button', { name: 'Save changes' }).click();

    const notice = page.getByRole('alert').filter({ hasText: 'changed while you were editing' });
    await notice.getByRole('heading', { name: /^Not saved/ }).waitFor();
    const explained = (await notice.textContent()) ?? '';
    expect(explained).toContain(`saved version ${theirs.version + 1}`);
    expect(explained).toContain('token:TRIPSWITCH_ADMIN_TOKEN');
    expect(explained).toContain('rollout on 20% · off 80%');
    expect(await targets.inputValue()).toBe('alice');
    await screenshot(page, 'conflict');

    await notice.getByRole('button', { name: 'Reapply my edit on their version' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`Version ${theirs.version + 2}, by`).waitFor();
    const merged = await server.api.call('getFlagEnvironment', { params });
    expect(merged.config.targets).toEqual([{ variant: 'on', values: ['alice'] }]);
    expect(merged.config.defaultServe).toEqual(rolloutOn(20));
    expect(errors).toEqual([]);
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    await createFlag(server, 'a-flag-with-a-rather-long-key-for-narrow-screens', 'production', {
      defaultServe: rolloutOn(5),
    });
    const { page, errors, settled } = await openDashboard(browser, server, { viewport: PHONE });
    const pages = [
      '/flags',
      '/flags/a-flag-with-a-rather-long-key-for-narrow-screens/environments/production',
      '/flags/a-flag-with-a-rather-long-key-for-narrow-screens/environments/production/history',
      '/flags/new',
      '/audit',
      '/environments',
      '/tokens',
    ];
    for (const path of pages) {
      await page.goto(path);
      await page.locator('main h1, main h2').first().waitFor();
      await settled();
      expect(await fitsWidth(page), path).toBe(true);
    }
    await page.goto(pages[1] as string);
    await page.getByRole('switch').waitFor();
    await screenshot(page, 'phone-targeting');
    expect(errors).toEqual([]);
  });
});
