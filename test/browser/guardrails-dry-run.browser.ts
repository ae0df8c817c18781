import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard } from './support/dashboard.ts';
import { createFlag, rolloutOn } from './support/flags.ts';
import { reportBatch, serverToken, TRIP_SWITCH_CONFIG } from './support/guardrails.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Dry runs and data problems as a person sees them: a shadow guardrail saying when it would have
// tripped (while the flag stays on), a replay of stored metrics from the card, and a guardrail
// held by a split that does not match its weights, with the reason.

const params = (flagKey: string) => ({ flagKey, environment: 'production' });

function batch(flagKey: string, counts: Record<string, [evaluations: number, errors: number]>) {
  return {
    schemaVersion: 1 as const,
    periodMs: 1000,
    ageMs: 0,
    flags: Object.entries(counts).map(([variant, [evaluations, errors]]) => ({
      flagKey,
      variant,
      evaluations,
      outcomes: evaluations,
      errors,
    })),
  };
}

describe.skipIf(skipBrowser)('guardrail dry runs in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let token = '';
  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(),
      startTestServer({ config: TRIP_SWITCH_CONFIG }),
    ]);
    token = await serverToken(server, 'production');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows what a shadow guardrail would have done, and replays a guardrail on stored metrics', async () => {
    await createFlag(server, 'shadowed', 'production', { on: true });
    await server.api.call('createGuardrail', {
      params: params('shadowed'),
      body: { metric: 'errorRate', threshold: { kind: 'absolute', value: 0.05 }, shadow: true },
    });
    await reportBatch(server, token, batch('shadowed', { on: [400, 80], off: [400, 4] }));
    await expect
      .poll(
        async () =>
          (await server.api.call('listGuardrails', { params: params('shadowed') })).items[0]
            ?.shadowTrip?.at ?? null,
        { timeout: 10_000 },
      )
      .not.toBeNull();

    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags/shadowed/environments/production');
    await page.getByRole('link', { name: 'Guardrails, rollout and metrics' }).click();
    const card = page.getByRole('listitem', { name: 'Error rate at most 5%' });
    const shadow = card.getByTestId('shadow-trip');
    await shadow.waitFor();
    expect(await shadow.textContent()).toMatch(
      /^Shadow mode: watches and records, never acts\. Would have tripped at .+: error rate: on 20% of 400 outcomes, limit 5%: above it \(evidence/,
    );
    expect(
      (await server.api.call('getFlagEnvironment', { params: params('shadowed') })).config.on,
    ).toBe(true);

    await card.getByText('Replay on stored metrics').click();
    await card.getByRole('button', { name: 'Last hour' }).click();
    const result = card.getByTestId('replay-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(
      /it would have tripped at .+ \(look \d+\): error rate: on 20%/,
    );
    expect(errors).toEqual([]);
  });

  it('shows a guardrail held by a split far from its weights, with the reason', async () => {
    await createFlag(server, 'skewed', 'production', { on: true, defaultServe: rolloutOn(50) });
    await server.api.call('createGuardrail', {
      params: params('skewed'),
      body: { metric: 'errorRate', threshold: { kind: 'absolute', value: 0.5 }, minimumSample: 50 },
    });
    // The split check starts 15 s after the configuration changed (SDKs may still send counts
    // made under the previous one); keep reporting a 1:3 split until it holds.
    await expect
      .poll(
        async () => {
          await reportBatch(server, token, batch('skewed', { on: [100, 0], off: [300, 0] }));
          const [guardrail] = (
            await server.api.call('listGuardrails', { params: params('skewed') })
          ).items;
          return guardrail?.status.outcome;
        },
        { timeout: 40_000, interval: 500 },
      )
      .toBe('held');

    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags/skewed/environments/production');
    await page.getByRole('link', { name: 'Guardrails, rollout and metrics' }).click();
    const card = page.getByRole('listitem', { name: 'Error rate at most 50%' });
    await card.getByText('Held', { exact: true }).waitFor();
    expect(await card.getByRole('status').first().textContent()).toContain(
      'Held: Variant "off" got 75% of',
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
