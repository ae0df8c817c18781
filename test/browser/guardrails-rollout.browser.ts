import type { TripswitchClient } from '@tripswitch/sdk';
import { latencyBin, type VariantCounters } from '@tripswitch/sdk/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { fitsWidth, openDashboard, PHONE, screenshot } from './support/dashboard.ts';
import { createFlag } from './support/flags.ts';
import {
  connectSdk,
  reportBatch,
  serverToken,
  serveTraffic,
  TRIP_SWITCH_CONFIG,
} from './support/guardrails.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const flagKey = 'search-ranking';
const params = { flagKey, environment: 'staging' };
const guardrailName = 'p95 latency at most 50% above control';
// Tall enough to show the charts and their totals in one picture.
const TALL = { width: 1280, height: 1150 };

describe.skipIf(skipBrowser)('a progressive rollout in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let sdk: TripswitchClient;
  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(),
      startTestServer({ config: TRIP_SWITCH_CONFIG }),
    ]);
    await createFlag(server, flagKey, 'staging');
    sdk = await connectSdk(server, 'staging');
  });
  afterAll(async () => {
    await sdk?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows field errors from the form and from the server next to their fields', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${flagKey}/environments/staging/guardrails`);
    await page.getByRole('button', { name: 'Add a guardrail' }).click();
    await page.getByLabel('Metric', { exact: true }).selectOption({ label: 'Custom event rate' });
    const event = page.getByRole('textbox', { name: 'Event' });
    await event.fill('declined!');
    await page.getByLabel('Window').fill('soon');
    await page.getByRole('button', { name: 'Add guardrail' }).click();
    // The form's own check first: nothing is sent while the window cannot be read.
    await expect.poll(() => page.getByLabel('Window').getAttribute('aria-invalid')).toBe('true');
    expect(await event.getAttribute('aria-invalid')).toBeNull();

    // Then the server's: the event name's format, shown at the Event field.
    await page.getByLabel('Window').fill('5m');
    await page.getByRole('button', { name: 'Add guardrail' }).click();
    await expect.poll(() => event.getAttribute('aria-invalid')).toBe('true');
    const described = (await event.getAttribute('aria-describedby')) ?? '';
    const message = page.locator(`[id="${described.split(' ').at(-1)}"]`);
    expect(await message.textContent()).not.toBe('');
    expect(await page.getByLabel('Window').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Cancel' }).click();
    const { items } = await server.api.call('listGuardrails', { params });
    expect(items).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('starts a rollout with short holds and shows it advance to 100% as healthy metrics arrive', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${flagKey}/environments/staging`);
    await page.getByRole('link', { name: 'Guardrails, rollout and metrics' }).click();

    // A guardrail relative to control: p95 latency at most 50% above it.
    await page.getByRole('button', { name: 'Add a guardrail' }).click();
    await page.getByLabel('Metric', { exact: true }).selectOption({ label: 'p95 latency' });
    await page.getByRole('radio', { name: 'Relative to control' }).check();
    await page.getByLabel('Limit: above control (%)').fill('50');
    await page.getByLabel('Minimum sample').fill('50');
    await page.getByLabel('Window').fill('1m');
    await page.getByRole('button', { name: 'Add guardrail' }).click();
    await page.getByRole('listitem', { name: guardrailName }).waitFor();

    // Steps 10%, 50%, 100%, each held a second; a share that does not grow is caught first.
    await page.getByText('Start a progressive rollout').click();
    const steps = [
      ['10', '1s'],
      ['5', '1s'],
      ['100', '1s'],
    ];
    for (const [index, [share, hold]] of steps.entries()) {
      await page.getByLabel(`Step ${index + 1} share (%)`).fill(share as string);
      await page.getByLabel(`Step ${index + 1} hold`).fill(hold as string);
    }
    await page.getByRole('button', { name: 'Remove step 5' }).click();
    await page.getByRole('button', { name: 'Remove step 4' }).click();
    await page.getByRole('button', { name: 'Start rollout' }).click();
    const step2 = page.getByLabel('Step 2 share (%)');
    await expect.poll(() => step2.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('must be larger than the step before', { exact: true }).waitFor();
    await step2.fill('50');
    await page.getByRole('button', { name: 'Start rollout' }).click();

    const rollout = page.getByRole('region', { name: 'Progressive rollout' });
    await rollout.getByText('Step 1 of 3').waitFor();
    // The hold is over at once, but the guardrail has no samples yet: the page says so.
    const waits = rollout.getByRole('list', { name: 'What the rollout waits for' });
    await expect.poll(() => waits.textContent()).toContain('Waiting for samples');

    // Healthy traffic through the real SDK, the new path as fast as the old one.
    let serving = true;
    const traffic = (async () => {
      while (serving) {
        await serveTraffic(sdk, flagKey, { failRate: {}, latencyMs: { on: 20, off: 20 } });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    try {
      await rollout.getByText('Step 2 of 3').waitFor({ timeout: 20_000 });
      expect(await rollout.locator('.rollout-share').textContent()).toMatch(/^50% get on/);
      const figures = page.getByRole('table', { name: 'Over the range' });
      await expect.poll(() => figures.getByRole('row', { name: /^on / }).count()).toBe(1);
      await page.getByRole('figure', { name: 'Error rate' }).getByRole('application').waitFor();
      await rollout.getByText(/completed at/).waitFor({ timeout: 20_000 });
    } finally {
      serving = false;
      await traffic;
    }
    expect(await rollout.locator('.pill').textContent()).toBe('completed');
    const done = await server.api.call('getRollout', { params });
    expect(done.state).toBe('completed');
    const config = await server.api.call('getFlagEnvironment', { params });
    expect(config.config.defaultServe).toEqual({
      rollout: {
        variations: [
          { variant: 'on', weight: 100_000 },
          { variant: 'off', weight: 0 },
        ],
      },
    });
    const versions = await server.api.call('listFlagVersions', { params });
    expect(versions.items.filter((version) => version.source === 'schedule')).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('charts half an hour of reported metrics per variant, with totals that match what was sent', async () => {
    const history = 'recommendations';
    await createFlag(server, history, 'staging');
    const token = await serverToken(server, 'staging');
    // One batch a minute for the last 30 minutes: control steady, treatment getting worse.
    const sent = { off: { evaluations: 0, errors: 0 }, on: { evaluations: 0, errors: 0 } };
    for (let minutesAgo = 29; minutesAgo >= 0; minutesAgo--) {
      const worse = (29 - minutesAgo) / 29;
      const counters = (variant: 'on' | 'off', calls: number, errors: number, slowMs: number) => {
        sent[variant].evaluations += calls;
        sent[variant].errors += errors;
        const latency: number[] = [];
        latency[latencyBin(20)] = calls - Math.ceil(calls / 10);
        latency[latencyBin(slowMs)] = (latency[latencyBin(slowMs)] ?? 0) + Math.ceil(calls / 10);
        const item: VariantCounters = {
          flagKey: history,
          variant,
          evaluations: calls,
          outcomes: calls,
          errors,
          latency: Array.from(latency, (count) => count ?? 0),
        };
        return item;
      };
      await reportBatch(server, token, {
        schemaVersion: 1,
        periodMs: 60_000,
        ageMs: minutesAgo * 60_000 + 1000,
        flags: [
          counters('off', 900, 9, 45),
          counters('on', 100, Math.round(1 + 3 * worse), Math.round(45 + 60 * worse)),
        ],
      });
    }

    const { page, errors } = await openDashboard(browser, server, { viewport: TALL });
    await page.goto(`/flags/${history}/environments/staging/guardrails`);
    const figures = page.getByRole('table', { name: 'Over the range' });
    const row = (variant: string) => figures.getByRole('row', { name: new RegExp(`^${variant} `) });
    const rate = (errors: number, calls: number) =>
      `${Number(((errors / calls) * 100).toFixed(2))}%`;
    for (const variant of ['off', 'on'] as const) {
      const { evaluations, errors: failed } = sent[variant];
      const count = evaluations.toLocaleString('en-US');
      await expect
        .poll(() => row(variant).textContent())
        .toBe(`${variant}${count}${count}${failed}${rate(failed, evaluations)}`);
    }
    for (const name of ['Error rate', 'Latency p95 and p99 (dashed)', /^Evaluations per/]) {
      const chart = page.getByRole('figure', { name });
      await chart.getByRole('application').waitFor();
      // A line per variant (two per variant for latency), each drawn through many points.
      expect(await chart.locator('path.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);
    }
    await screenshot(page, 'guardrails-metrics');
    expect(errors).toEqual([]);
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const { page, errors, settled } = await openDashboard(browser, server, { viewport: PHONE });
    for (const path of [`/flags/${flagKey}/environments/staging/guardrails`, '/webhooks']) {
      await page.goto(path);
      await page.locator('main h1, main h2').first().waitFor();
      await settled();
      expect(await fitsWidth(page), path).toBe(true);
    }
    expect(errors).toEqual([]);
  });
});
