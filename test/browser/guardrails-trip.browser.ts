import { createHmac } from 'node:crypto';
import type { TripswitchClient } from '@tripswitch/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard, screenshot } from './support/dashboard.ts';
import { createFlag } from './support/flags.ts';
import {
  connectSdk,
  serveTraffic,
  startWebhookReceiver,
  TRIP_SWITCH_CONFIG,
  type WebhookReceiver,
} from './support/guardrails.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const flagKey = 'checkout-v2';
const params = { flagKey, environment: 'production' };
const guardrailName = 'Error rate at most 5%';

describe.skipIf(skipBrowser)('a guardrail tripping a progressive rollout, in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let sdk: TripswitchClient;
  let receiver: WebhookReceiver;
  let webhookSecret = '';
  beforeAll(async () => {
    [browser, server, receiver] = await Promise.all([
      launchChromium(),
      startTestServer({ config: TRIP_SWITCH_CONFIG }),
      startWebhookReceiver(),
    ]);
    await createFlag(server, flagKey, 'production');
    sdk = await connectSdk(server, 'production');
  });
  afterAll(async () => {
    await sdk?.close();
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  it('creates a webhook for trips and shows its signing secret once', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Webhook name').fill('incident channel');
    await page.getByLabel('URL').fill(receiver.url);
    expect(await page.getByLabel('A guardrail tripped').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create webhook' }).click();

    const secret = page.getByRole('textbox', { name: 'New webhook secret' });
    webhookSecret = await secret.inputValue();
    expect(webhookSecret.length).toBeGreaterThan(20);
    const list = page.getByRole('list', { name: 'Webhooks' });
    await list.getByText('incident channel').waitFor();
    expect(await list.textContent()).toContain('guardrail.tripped · all environments');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await list.getByText('incident channel').waitFor();
    expect(await secret.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows the trip with its figures and chart when bad metrics arrive, and re-arms on confirmation', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${flagKey}/environments/production`);
    await page.getByRole('link', { name: 'Guardrails, rollout and metrics' }).click();
    await page.getByRole('heading', { name: 'Guardrails and rollout in Production' }).waitFor();

    // A guardrail: error rate at most 5%, judged on 50 outcomes per variant over a minute.
    await page.getByRole('button', { name: 'Add a guardrail' }).click();
    await page.getByLabel('Limit (%)').fill('5');
    await page.getByLabel('Minimum sample').fill('50');
    await page.getByLabel('Window').fill('1m');
    await page.getByRole('button', { name: 'Add guardrail' }).click();
    const guardrail = page.getByRole('listitem', { name: guardrailName });
    await guardrail.waitFor();

    // A rollout of 20% held for an hour, then everyone; production asks first.
    await page.getByText('Start a progressive rollout').click();
    await page.getByLabel('Step 1 share (%)').fill('20');
    await page.getByLabel('Step 1 hold').fill('1h');
    for (let removed = 0; removed < 3; removed++) {
      await page.getByRole('button', { name: 'Remove step 2' }).click();
    }
    await page.getByRole('button', { name: 'Start rollout' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start rolling out on in Production?' });
    await dialog.getByRole('button', { name: 'Start rollout' }).click();
    const rollout = page.getByRole('region', { name: 'Progressive rollout' });
    await rollout.getByText('Step 1 of 2').waitFor();
    expect(await rollout.locator('.rollout-share').textContent()).toMatch(/^20% get on/);

    // The SDK picks up the rollout, then its application fails 30% of calls on the new path.
    await expect
      .poll(async () => (await serveTraffic(sdk, flagKey, { failRate: {}, latencyMs: {} })).on)
      .toBeGreaterThan(100);
    await expect.poll(() => guardrail.locator('.pill').textContent()).toBe('Healthy');
    const totals = page.getByRole('table', { name: 'Over the range' });
    await totals.getByRole('row', { name: /^on / }).waitFor();
    await page.getByRole('figure', { name: 'Error rate' }).getByRole('application').waitFor();
    await screenshot(page, 'guardrails-rollout');
    const served = await serveTraffic(sdk, flagKey, {
      failRate: { on: 0.3, off: 0.01 },
      latencyMs: { on: 40, off: 20 },
    });
    expect(served.on).toBeGreaterThan(100);

    const trip = page.getByRole('region', { name: `Trip of ${guardrailName}` });
    await trip.waitFor({ timeout: 20_000 });
    expect(await trip.getByRole('heading').textContent()).toContain(
      `Tripped: ${guardrailName}. The guardrail turned ${flagKey} off`,
    );
    const treatment = trip.getByRole('row', { name: /^on / });
    expect(await treatment.textContent()).toMatch(/breached$/);
    expect(await trip.getByRole('row', { name: /^off \(control\)/ }).count()).toBe(1);
    const chart = trip.getByRole('figure', { name: /around the trip/ });
    await chart.getByRole('application').waitFor();
    await rollout.getByText('stopped by a guardrail').waitFor();
    expect(await guardrail.locator('.pill').textContent()).toBe('Tripped');

    // The kill reached the running SDK, as an ordinary version by the guardrail.
    await expect
      .poll(async () => (await serveTraffic(sdk, flagKey, { failRate: {}, latencyMs: {} })).on)
      .toBeUndefined();
    const killed = await server.api.call('getFlagEnvironment', { params });
    expect(killed.config.on).toBe(false);
    expect(killed.updatedBy).toBe('guardrail');
    await screenshot(page, 'guardrails-trip');

    // The targeting page says why the flag is off, and leads back to the trip.
    await page.getByRole('link', { name: 'Targeting' }).click();
    const killSwitch = page.getByRole('switch', { name: `${flagKey} in production` });
    await expect.poll(() => killSwitch.getAttribute('aria-checked')).toBe('false');
    await page.getByText(`Tripped: ${guardrailName}`).waitFor();
    await page.getByRole('link', { name: 'See the trip and re-arm it' }).click();
    await trip.waitFor();

    await trip.getByRole('button', { name: `Re-arm ${guardrailName}` }).click();
    const confirmRearm = page.getByRole('dialog', { name: `Re-arm “${guardrailName}”?` });
    await confirmRearm.getByRole('button', { name: 'Re-arm', exact: true }).click();
    await trip.waitFor({ state: 'detached' });
    await expect.poll(() => guardrail.locator('.pill').textContent()).not.toBe('Tripped');
    const { items } = await server.api.call('listGuardrails', { params });
    expect(items.map((item) => item.state)).toEqual(['armed']);
    expect(errors).toEqual([]);
  });

  it('sends the trip to the webhook, signed with the secret shown, and lists the delivery', async () => {
    await expect.poll(() => receiver.received.length).toBeGreaterThan(0);
    const [delivery] = receiver.received;
    expect(delivery?.headers['x-tripswitch-event']).toBe('guardrail.tripped');
    const timestamp = delivery?.headers['x-tripswitch-timestamp'];
    const expected = createHmac('sha256', webhookSecret)
      .update(`${timestamp}.${delivery?.body}`)
      .digest('hex');
    expect(delivery?.headers['x-tripswitch-signature']).toBe(`sha256=${expected}`);

    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/webhooks');
    await page.getByRole('button', { name: 'Recent deliveries' }).click();
    const deliveries = page.getByRole('list', { name: 'Deliveries' });
    await deliveries.getByText('guardrail.tripped').waitFor();
    await expect.poll(() => deliveries.textContent()).toMatch(/^delivered guardrail\.tripped/);
    expect(errors).toEqual([]);
  });
});
