import { OFREPProvider } from '@openfeature/ofrep-provider';
import { ErrorCode, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveOfrep, recordedFetch } from './live.ts';

// OpenFeature's own OFREP provider for servers (@openfeature/ofrep-provider, dynamic context:
// one POST /ofrep/v1/evaluate/flags/{key} per evaluation) through @openfeature/server-sdk,
// configured with nothing but a Tripswitch URL and a token, as in any other language.

type Live = Awaited<ReturnType<typeof liveOfrep>>;
let live: Live;
beforeAll(async () => {
  live = await liveOfrep();
});
afterAll(async () => {
  await OpenFeature.close();
  await live.close();
});

async function clientWith(domain: string, token: string, fetch?: typeof globalThis.fetch) {
  const provider = new OFREPProvider({
    baseUrl: live.server.url,
    headers: { Authorization: `Bearer ${token}` },
    ...(fetch && { fetchImplementation: fetch }),
  });
  await OpenFeature.setProviderAndWait(domain, provider);
  return OpenFeature.getClient(domain);
}

describe('@openfeature/ofrep-provider against Tripswitch', () => {
  it('evaluates every kind with values, reasons, variants and metadata', async () => {
    const { fetch, exchanges } = recordedFetch();
    const client = await clientWith('ofrep-values', live.sdkKey, fetch);
    const { checkout, banner, limit, theme, split } = live.flags;
    expect(await client.getBooleanDetails(checkout, false, { targetingKey: 'ada' })).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      flagMetadata: { flagVersion: 2 },
    });
    expect(
      await client.getBooleanDetails(checkout, false, { targetingKey: 'bob', country: 'NO' }),
    ).toMatchObject({ value: true, flagMetadata: { ruleId: 'norway' } });
    expect(await client.getBooleanDetails(checkout, true, { targetingKey: 'bob' })).toMatchObject({
      value: false,
      variant: 'off',
      reason: 'DEFAULT',
    });
    expect(await client.getStringDetails(banner, 'red')).toMatchObject({
      value: 'blue',
      reason: 'STATIC',
    });
    expect(await client.getNumberValue(limit, 0, { targetingKey: 'x', plan: 'pro' })).toBe(20);
    expect(await client.getObjectValue(theme, {})).toEqual({ color: 'dark' });
    expect(await client.getBooleanDetails(split, false, { targetingKey: 'u-7' })).toMatchObject({
      reason: 'SPLIT',
    });
    expect(exchanges.every((exchange) => exchange.status === 200)).toBe(true);
  });

  it('reports a missing flag, a wrong type and a missing targeting key with the default', async () => {
    const client = await clientWith('ofrep-errors', live.sdkKey);
    expect(await client.getBooleanDetails('no-such-flag', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    expect(
      await client.getStringDetails(live.flags.checkout, 'x', { targetingKey: 'ada' }),
    ).toMatchObject({
      value: 'x',
      reason: 'ERROR',
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    expect(await client.getBooleanDetails(live.flags.split, true, {})).toMatchObject({
      value: true,
      errorCode: ErrorCode.TARGETING_KEY_MISSING,
    });
  });

  it('works with a client token, and serves defaults with a token Tripswitch refuses', async () => {
    const browser = await clientWith('ofrep-client-token', live.clientKey);
    expect(await browser.getStringValue(live.flags.banner, 'red')).toBe('blue');
    const refused = await clientWith('ofrep-bad-token', 'tss_not-a-token');
    expect(await refused.getStringDetails(live.flags.banner, 'red')).toMatchObject({
      value: 'red',
      reason: 'ERROR',
      errorCode: ErrorCode.GENERAL,
    });
    const admin = await clientWith('ofrep-admin-token', live.adminKey);
    expect(await admin.getStringValue(live.flags.banner, 'red')).toBe('red');
  });

  it('sees a kill on the next evaluation', async () => {
    const client = await clientWith('ofrep-kill', live.sdkKey);
    const key = await live.flag();
    expect(await client.getBooleanValue(key, false, { targetingKey: 'ada' })).toBe(true);
    await live.kill(key);
    expect(await client.getBooleanDetails(key, true, { targetingKey: 'ada' })).toMatchObject({
      value: false,
      reason: 'DISABLED',
      variant: 'off',
    });
  });
});
