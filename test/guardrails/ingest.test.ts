import { latencyBin } from '@tripswitch/sdk/protocol';
import pg from 'pg';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { guardedTripswitch, outcomes } from './support.ts';

// POST /sdk/v1/events: SDK counters validated, added up per time bucket in Postgres, and read back
// as chart series per variant.

async function setup() {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

async function storedBuckets(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      flag_key: string;
      variant: string;
      evaluations: string;
      outcomes: string;
      errors: string;
      latency: string[];
    }>('SELECT flag_key, variant, evaluations, outcomes, errors, latency FROM metric_buckets');
    return rows;
  } finally {
    await client.end();
  }
}

describe('POST /sdk/v1/events', () => {
  it('adds batches from many SDKs into the same buckets, and serves them as series per variant', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const latency = new Array(latencyBin(40) + 1).fill(0);
    latency[latencyBin(5)] = 90;
    latency[latencyBin(40)] = 10;
    for (let i = 0; i < 3; i++) {
      const response = await tripswitch.postEvents({
        flags: [{ ...outcomes(flagKey, 'on', 100, 5), latency }, outcomes(flagKey, 'off', 300, 3)],
        events: [{ event: 'purchase', flagKey, variant: 'on', count: 4, valueSum: 40 }],
      });
      expect(response.status).toBe(204);
    }
    // The three batches may straddle a bucket boundary: wait for all of them, wherever they went.
    await vi.waitFor(async () => {
      const rows = await storedBuckets(tripswitch.server.database.url);
      expect(rows.reduce((total, row) => total + Number(row.outcomes), 0)).toBe(1200);
    });
    const series = await tripswitch.admin.call('getMetrics', { params: tripswitch.at(flagKey) });
    const byVariant = Object.fromEntries(series.variants.map((v) => [v.variant, v.points]));
    const sum = (variant: string, field: 'evaluations' | 'outcomes' | 'errors') =>
      (byVariant[variant] ?? []).reduce((total, point) => total + point[field], 0);
    expect([
      sum('on', 'outcomes'),
      sum('on', 'errors'),
      sum('off', 'outcomes'),
      sum('off', 'errors'),
    ]).toEqual([300, 15, 900, 9]);
    const onPoint = byVariant.on?.at(-1);
    expect(onPoint?.latencyP50).toBeLessThan(7);
    expect(onPoint?.latencyP95).toBeGreaterThan(40);
    expect(onPoint?.latencyP95).toBeLessThan(50);
    expect(byVariant.on?.reduce((total, point) => total + (point.events.purchase ?? 0), 0)).toBe(
      12,
    );
    expect(series.stepSeconds).toBeGreaterThanOrEqual(1);
  });

  it('drops counters of flags and variants that do not exist, without failing the batch', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const response = await tripswitch.postEvents({
      flags: [
        outcomes(flagKey, 'on', 10),
        outcomes(flagKey, 'made-up-variant', 10),
        outcomes('no-such-flag', 'on', 10),
      ],
    });
    expect(response.status).toBe(204);
    await vi.waitFor(async () =>
      expect(await storedBuckets(tripswitch.server.database.url)).toHaveLength(1),
    );
    expect(await storedBuckets(tripswitch.server.database.url)).toMatchObject([
      { flag_key: flagKey, variant: 'on', evaluations: '10' },
    ]);
  });

  it('refuses bad batches whole with a problem naming each field', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const tooManyErrors = await tripswitch.postEvents({ flags: [outcomes(flagKey, 'on', 10, 11)] });
    expect(tooManyErrors).toMatchObject({
      status: 400,
      body: {
        code: 'TS_VALIDATION',
        errors: [
          { field: '/body/flags/0/errors', message: 'counts 11, more than the 10 outcomes' },
        ],
      },
    });
    const unknownField = await tripswitch.postEvents({ flags: [], extra: 1 } as never);
    expect(unknownField.body).toMatchObject({
      code: 'TS_VALIDATION',
      errors: [{ field: '/body/extra' }],
    });
    const badKey = await tripswitch.postEvents({ flags: [outcomes('Not A Key', 'on', 1)] });
    expect(badKey.body).toMatchObject({ errors: [{ field: '/body/flags/0/flagKey' }] });
    expect(await storedBuckets(tripswitch.server.database.url)).toEqual([]);
  });

  it('takes server SDK tokens only', async () => {
    const tripswitch = await setup();
    expect((await tripswitch.postEvents({}, tripswitch.server.adminToken)).body).toMatchObject({
      status: 403,
      code: 'TS_FORBIDDEN',
    });
    expect((await tripswitch.postEvents({}, 'tss_nope')).status).toBe(401);
  });

  it('refuses a chart range that ends before it starts, or has too many points', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const call = (query: Record<string, unknown>) =>
      tripswitch.server.api({
        method: 'GET',
        url: `/api/v1/flags/${flagKey}/environments/production/metrics`,
        query: query as Record<string, string>,
      });
    const backwards = await call({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(backwards.json()).toMatchObject({ status: 400, errors: [{ field: '/query/from' }] });
    const dense = await call({
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      stepSeconds: '1',
    });
    expect(dense.json()).toMatchObject({ status: 400, errors: [{ field: '/query/stepSeconds' }] });
    const missing = await tripswitch.server.api({
      method: 'GET',
      url: '/api/v1/flags/no-such-flag/environments/production/metrics',
    });
    expect(missing.statusCode).toBe(404);
  });
});
