import type { EventsBatch } from '@tripswitch/sdk/protocol';
import { latencyBin } from '@tripswitch/sdk/protocol';
import autocannon from 'autocannon';

/** What one SDK flush looks like here: every flag evaluated, both variants, with outcomes. */
export function sdkBatch(flagKeys: string[]): EventsBatch {
  const latency = new Array(latencyBin(120) + 1).fill(0);
  latency[latencyBin(8)] = 900;
  latency[latencyBin(30)] = 90;
  latency[latencyBin(120)] = 10;
  return {
    schemaVersion: 1,
    periodMs: 10_000,
    ageMs: 0,
    flags: flagKeys.flatMap((flagKey) => [
      { flagKey, variant: 'on', evaluations: 5000, outcomes: 1000, errors: 3, latency },
      { flagKey, variant: 'off', evaluations: 5000, outcomes: 1000, errors: 2, latency },
    ]),
    events: [
      { event: 'checkout-completed', flagKey: flagKeys[0] as string, variant: 'on', count: 40 },
    ],
  };
}

export interface IngestResult {
  batchesPerSecond: number;
  /** Counters (one flag variant, or one custom event) per second. */
  countersPerSecond: number;
  /** SDK observations (evaluations + outcomes + events) the accepted batches stand for, per second. */
  observationsPerSecond: number;
  accepted: number;
  refused: number;
  p99Ms: number;
}

/** Posts `batch` from `connections` connections for `seconds`, as that many SDKs at once. */
export async function ingestThroughput(
  url: string,
  sdkKey: string,
  batch: EventsBatch,
  connections: number,
  seconds: number,
): Promise<IngestResult> {
  const result = await autocannon({
    url: `${url}/sdk/v1/events`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${sdkKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  const codes = result.statusCodeStats as Record<string, { count: number } | undefined>;
  const accepted = codes['204']?.count ?? 0;
  const perSecond = accepted / seconds;
  const counters = batch.flags.length + (batch.events?.length ?? 0);
  const observations =
    batch.flags.reduce((sum, item) => sum + item.evaluations + (item.outcomes ?? 0), 0) +
    (batch.events ?? []).reduce((sum, item) => sum + item.count, 0);
  return {
    batchesPerSecond: perSecond,
    countersPerSecond: perSecond * counters,
    observationsPerSecond: perSecond * observations,
    accepted,
    refused: result.requests.total - accepted,
    p99Ms: result.latency.p99,
  };
}
