import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DrawnChart, overlaps, percentFigure, readChart } from './support/charts.ts';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard } from './support/dashboard.ts';
import { createFlag, rolloutOn } from './support/flags.ts';
import { reportBatch, serverToken } from './support/guardrails.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const flagKey = 'checkout';
const environment = 'production';

// What the incident looked like: SDKs report exposures every 10 s (no outcomes), and the
// outcomes arrive in one batch: treatment 498 of 2,500 failed (19.92%), control 10 of 2,000.
async function reportIncident(server: TestServer) {
  const token = await serverToken(server, environment);
  for (let secondsAgo = 290; secondsAgo >= 0; secondsAgo -= 10) {
    await reportBatch(server, token, {
      schemaVersion: 1,
      periodMs: 10_000,
      ageMs: secondsAgo * 1000 + 500,
      flags: [
        { flagKey, variant: 'off', evaluations: 400 },
        { flagKey, variant: 'on', evaluations: 100 },
      ],
    });
  }
  await reportBatch(server, token, {
    schemaVersion: 1,
    periodMs: 10_000,
    ageMs: 0,
    flags: [
      { flagKey, variant: 'off', evaluations: 0, outcomes: 2000, errors: 10 },
      { flagKey, variant: 'on', evaluations: 0, outcomes: 2500, errors: 498 },
    ],
  });
}

/** The figure a table row shows in its `column`-th cell (0 is the row header). */
async function cellFigure(row: Locator, column: number): Promise<number> {
  return percentFigure(await row.locator('th, td').nth(column).textContent());
}

/** Waits for the chart library to draw `figure`, then reads what it drew. */
async function drawn(figure: Locator): Promise<DrawnChart> {
  await figure.getByRole('application').waitFor();
  return readChart(figure);
}

function pointsOf(chart: DrawnChart, line: string) {
  return chart.points.filter((point) => point.line === line);
}

describe.skipIf(skipBrowser)('metric charts show what the tables under them show', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(),
      startTestServer({ config: { guardrailIntervalMs: 200, ingestFlushMs: 100 } }),
    ]);
    await createFlag(server, flagKey, environment, { on: true, defaultServe: rolloutOn(20) });
    // Armed before the outcomes arrive: a guardrail's evidence starts at its arming.
    await server.api.call('createGuardrail', {
      params: { flagKey, environment },
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.02 },
        minimumSample: 50,
        windowSeconds: 300,
      },
    });
    await reportIncident(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('plots each variant’s error rate at the figure of the totals table, in percent', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${flagKey}/environments/${environment}/guardrails`);
    const totals = page.getByRole('table', { name: 'Over the range' });
    const chart = await drawn(page.getByRole('figure', { name: 'Error rate', exact: true }));
    for (const variant of ['on', 'off']) {
      const tableRate = await cellFigure(
        totals.getByRole('row', { name: new RegExp(`^${variant} `) }),
        4,
      );
      const points = pointsOf(chart, variant);
      expect(points, `${variant} has one point with outcomes`).toHaveLength(1);
      expect(points[0]?.value).toBeCloseTo(tableRate, 2);
      // Drawn where the axis says that figure is (within a pixel's worth of the axis).
      expect(points[0]?.drawn).toBeCloseTo(tableRate, 0);
    }
    expect(await totals.textContent()).toContain('19.92%');
    expect(errors).toEqual([]);
  });

  it('plots the trip chart at the figures measured at the trip, with the limit clear of the axes', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto(`/flags/${flagKey}/environments/${environment}/guardrails`);
    const trip = page.getByRole('region', { name: /^Trip of / });
    await trip.waitFor({ timeout: 20_000 });
    const figures = trip.getByRole('table', { name: 'Measured at the trip' });
    const treatment = await cellFigure(figures.getByRole('row', { name: /^on / }), 2);
    const control = await cellFigure(figures.getByRole('row', { name: /^off \(control\)/ }), 2);
    expect(treatment).toBe(19.92);
    const chart = await drawn(trip.getByRole('figure', { name: /around the trip/ }));
    for (const [variant, figure] of [
      ['on', treatment],
      ['off', control],
    ] as const) {
      const points = pointsOf(chart, variant);
      expect(points, `${variant} has one point with outcomes`).toHaveLength(1);
      expect(points[0]?.value).toBeCloseTo(figure, 1);
      expect(points[0]?.drawn).toBeCloseTo(figure, 0);
    }
    expect(chart.limit).toBeCloseTo(2, 0);
    const label = chart.limitLabel;
    if (!label) throw new Error('no limit label drawn');
    expect(chart.axes.filter((axis) => overlaps(label, axis))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says in the flags list that a guardrail tripped the flag', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags');
    const states = page.getByRole('list', { name: `State of ${flagKey} per environment` });
    await expect.poll(() => states.textContent()).toContain('production: offtripped');
    expect(await states.locator('.pill.tripped').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
