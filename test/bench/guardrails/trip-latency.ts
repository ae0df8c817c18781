import { createClient, type Logger } from '@tripswitch/sdk';
import type { AdminClient } from '@tripswitch/sdk/admin';
import { sdkBatch } from './ingest.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** One trip, timed on the machine's clock (server and bench share it). */
export interface TripTiming {
  /** From the breaching batch being accepted to the kill version committed. */
  crossingToTripMs: number;
  /** From the kill committed to an SDK on the stream serving the flag off. */
  tripToSdkMs: number;
  crossingToSdkMs: number;
}

/**
 * Creates a flag with an error-rate guardrail, connects an SDK to the stream, then, at a random
 * moment within `spreadMs` (so breaches do not fall into step with the evaluator's ticks), posts
 * one batch that breaches it (the threshold is crossed when the server accepts it) and times the
 * trip's commit and its arrival at the SDK.
 */
export async function timeTrip(
  url: string,
  admin: AdminClient,
  sdkKey: string,
  flagKey: string,
  spreadMs: number,
): Promise<TripTiming> {
  const params = { flagKey, environment: 'production' };
  await admin.call('createFlag', { body: { key: flagKey } });
  await admin.call('enableFlag', { params });
  await admin.call('createGuardrail', {
    params,
    body: { metric: 'errorRate', threshold: { kind: 'absolute', value: 0.05 }, minimumSample: 100 },
  });
  const client = createClient({ url, sdkKey, logger: quiet, metrics: false });
  await client.ready({ timeoutMs: 10_000 });
  const seen = new Promise<number>((resolve) => {
    client.onFlagChange(flagKey, () => {
      const { reason } = client.variationDetail(flagKey, { key: 'anyone' }, true);
      if (reason === 'DISABLED') resolve(Date.now());
    });
  });
  await new Promise((resolve) => setTimeout(resolve, Math.random() * spreadMs));
  const batch = sdkBatch([flagKey]);
  batch.flags = [{ flagKey, variant: 'on', evaluations: 400, outcomes: 400, errors: 200 }];
  const response = await fetch(`${url}/sdk/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sdkKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  if (response.status !== 204) throw new Error(`the breaching batch got HTTP ${response.status}`);
  const crossedAt = Date.now();
  const sdkAt = await seen;
  await client.close();
  const [kill] = (await admin.call('listFlagVersions', { params })).items;
  if (kill?.actor !== 'guardrail') throw new Error('the last version is not the guardrail kill');
  const trippedAt = Date.parse(kill.createdAt);
  return {
    crossingToTripMs: trippedAt - crossedAt,
    tripToSdkMs: sdkAt - trippedAt,
    crossingToSdkMs: sdkAt - crossedAt,
  };
}
