import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard, screenshot } from './support/dashboard.ts';
import { createFlag, rolloutOn } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(skipBrowser)('history and audit in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  const params = { flagKey: 'search-ranking', environment: 'staging' };
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
    // Version 2: on with a 10% rollout; version 3: rolled further to 50% (the one that hurt).
    const v2 = await createFlag(server, params.flagKey, params.environment, {
      on: true,
      defaultServe: rolloutOn(10),
    });
    await server.api.call('updateFlagEnvironment', {
      params,
      body: {
        baseVersion: v2.version,
        config: { ...v2.config, defaultServe: rolloutOn(50) },
        comment: 'Half of traffic',
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows who changed what in each version and rolls back to an earlier one after confirmation', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${params.flagKey}/environments/${params.environment}/history`);
    const versions = page.getByRole('list', { name: 'Versions' });
    await versions.getByText('Version 3').waitFor();
    // The newest version opens with its diff against the one before.
    const latestChanges = page.getByRole('list', { name: 'Changes in version 3' });
    await expect.poll(() => latestChanges.textContent()).toContain('rollout on 10% · off 90%');
    expect(await latestChanges.textContent()).toContain('rollout on 50% · off 50%');
    expect(await versions.textContent()).toContain('“Half of traffic”');
    await screenshot(page, 'history');

    await page.getByRole('button', { name: 'Roll back to version 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll search-ranking back to version 2?' });
    await dialog.getByRole('button', { name: 'Roll back to version 2' }).click();
    await versions.getByText('Version 4').waitFor();

    const current = await server.api.call('getFlagEnvironment', { params });
    const v2 = await server.api.call('getFlagVersion', { params: { ...params, version: 2 } });
    expect(current.version).toBe(4);
    expect(current.config).toEqual(v2.config);
    const v4 = await server.api.call('getFlagVersion', { params: { ...params, version: 4 } });
    expect(v4.source).toBe('dashboard');

    // Back to the targeting of the same environment, not the flag's first one.
    await page.getByRole('link', { name: 'Back to targeting' }).click();
    await page.waitForURL(`**/flags/${params.flagKey}/environments/${params.environment}`);
    expect(errors).toEqual([]);
  });

  it('rolls a killed flag back with a reason, saying that it turns the flag back on', async () => {
    await server.api.call('killFlag', { params, body: { comment: 'latency' } });
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${params.flagKey}/environments/${params.environment}/history`);
    const versions = page.getByRole('list', { name: 'Versions' });
    await versions.getByText('Version 5').waitFor();
    await page.getByRole('button', { name: 'Roll back to version 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll search-ranking back to version 2?' });
    await expect
      .poll(() => dialog.textContent())
      .toContain(
        'It turns search-ranking back on: targets, rules and the default rule apply again.',
      );
    await dialog.getByLabel('Reason').fill('latency fixed in 2.4.1');
    await dialog.getByRole('button', { name: 'Roll back to version 2' }).click();
    await versions.getByText('“Rollback to version 2: latency fixed in 2.4.1”').waitFor();

    const current = await server.api.call('getFlagEnvironment', { params });
    expect(current).toMatchObject({ version: 6, config: { on: true } });
    const audit = await server.api.call('listAudit', { query: { flag: params.flagKey } });
    expect(audit.items[0]?.comment).toBe('Rollback to version 2: latency fixed in 2.4.1');

    // Rolling back to the killed version says the opposite.
    await page.getByRole('button', { name: 'Roll back to version 5' }).click();
    const offDialog = page.getByRole('dialog', { name: 'Roll search-ranking back to version 5?' });
    await expect.poll(() => offDialog.textContent()).toContain('It turns search-ranking off');
    await offDialog.getByRole('button', { name: 'Cancel' }).click();
    expect(errors).toEqual([]);
  });

  it('filters the audit log by flag and action', async () => {
    await createFlag(server, 'other-flag', 'development');
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/audit');
    const entries = page.getByRole('list', { name: 'Audit entries' });
    await entries.getByText('other-flag').first().waitFor();
    await page.getByLabel('Flag key').fill(params.flagKey);
    await expect.poll(() => entries.textContent()).not.toContain('other-flag');
    expect(await entries.textContent()).toContain(params.flagKey);
    await screenshot(page, 'audit');

    const rollbacks = await server.api.call('listAudit', { query: { flag: params.flagKey } });
    const action = rollbacks.items[0]?.action ?? '';
    await page.getByLabel('Action').fill(action);
    await expect
      .poll(() => entries.locator('li').count())
      .toBe(rollbacks.items.filter((entry) => entry.action === action).length);
    expect(errors).toEqual([]);
  });
});
