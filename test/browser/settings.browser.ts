import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard, screenshot } from './support/dashboard.ts';
import { createFlag } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(skipBrowser)('environments, segments and tokens in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates an environment that asks for confirmation, and a segment a rule can target', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/environments');
    await page.getByLabel('Environment key').fill('eu-prod');
    await page.getByLabel('Environment name').fill('EU production');
    await page.getByLabel('Ask for confirmation before changes (for production)').check();
    await page.getByRole('button', { name: 'Create environment' }).click();
    await page.getByRole('list', { name: 'Environments' }).getByText('EU production').waitFor();
    const created = await server.api.call('getEnvironment', { params: { environment: 'eu-prod' } });
    expect(created.confirmChanges).toBe(true);

    await page.goto('/environments/eu-prod/segments');
    const form = page.getByRole('form', { name: 'New segment' });
    await form.getByLabel('Segment key').fill('beta-testers');
    await form.getByLabel('Included context keys').fill('alice\nbob');
    await form.getByRole('button', { name: 'Create segment' }).click();
    await page.getByRole('list', { name: 'Segments' }).getByText('beta-testers').first().waitFor();
    const segment = await server.api.call('getSegment', {
      params: { environment: 'eu-prod', segmentKey: 'beta-testers' },
    });
    expect(segment.rules.included).toEqual(['alice', 'bob']);

    await createFlag(server, 'beta-banner', 'eu-prod');
    await page.goto('/flags/beta-banner/environments/eu-prod');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Operator').selectOption('inSegment');
    await page.getByRole('checkbox', { name: 'beta-testers' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Version 2, by').waitFor();
    const saved = await server.api.call('getFlagEnvironment', {
      params: { flagKey: 'beta-banner', environment: 'eu-prod' },
    });
    expect(saved.config.rules[0]?.conditions).toEqual([
      { operator: 'inSegment', values: ['beta-testers'] },
    ]);
    expect(errors).toEqual([]);
  });

  it('creates a server token whose secret is shown once and works, then revokes it', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/tokens');
    await page.getByLabel('Token name').fill('checkout service');
    await page.getByLabel('Kind').selectOption('server');
    await page.getByLabel('Environment').selectOption('production');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secretBox = page.getByLabel('New token secret', { exact: true });
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    await screenshot(page, 'tokens', [secretBox]);
    const snapshot = await fetch(`${server.url}/sdk/v1/snapshot`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(snapshot.status).toBe(200);

    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await page.getByRole('list', { name: 'Tokens' }).getByText('checkout service').waitFor();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'Revoke checkout service' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('list', { name: 'Tokens' }).getByText('revoked').waitFor();
    const refused = await fetch(`${server.url}/sdk/v1/snapshot`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(refused.status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('signs out when its own admin token is revoked while the dashboard is open', async () => {
    const created = await server.api.call('createToken', {
      body: { name: 'a teammate', kind: 'admin' },
    });
    const { page, errors } = await openDashboard(browser, server, { token: created.secret });
    await page.goto('/flags');
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    await server.api.call('revokeToken', { params: { tokenId: created.token.id } });
    // The live poll meets the 401 within a second or so.
    await page.getByLabel('Admin token').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.evaluate(() => sessionStorage.getItem('tripswitch.adminToken'))).toBeNull();
    expect(errors).toEqual([]);
  });
});
