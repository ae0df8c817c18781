import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type TripswitchClient } from '@tripswitch/sdk';
import type { EventsBatch } from '@tripswitch/sdk/protocol';
import type { TestServer } from './server.ts';

/** Short loops, so guardrails trip and rollouts advance within a test's patience. */
export const TRIP_SWITCH_CONFIG = {
  guardrailIntervalMs: 200,
  ingestFlushMs: 100,
  metricsBucketMs: 1000,
};

/** The secret of a new server token of `environment`. */
export async function serverToken(server: TestServer, environment: string): Promise<string> {
  const { secret } = await server.api.call('createToken', {
    body: { name: `service in ${environment}`, kind: 'server', environment },
  });
  return secret;
}

/** A real SDK client on a server token of `environment`, sending its metrics only on flush(). */
export async function connectSdk(server: TestServer, environment: string) {
  const sdk = createClient({
    url: server.url,
    sdkKey: await serverToken(server, environment),
    pollIntervalMs: 100,
    metrics: { flushIntervalMs: 3_600_000 },
  });
  await sdk.ready({ timeoutMs: 10_000 });
  return sdk;
}

export interface Traffic {
  /** Share of calls that fail, per variant (exact: every 1/rate-th call fails). */
  failRate: Record<string, number>;
  latencyMs: Record<string, number>;
  contexts?: number;
}

/**
 * Serves `contexts` users through the SDK as an application would: evaluate the flag, then track
 * the call's outcome against the variant served; then sends the counters through the real ingest
 * endpoint. Returns how many calls each variant served.
 */
export async function serveTraffic(
  sdk: TripswitchClient,
  flagKey: string,
  { failRate, latencyMs, contexts = 1000 }: Traffic,
): Promise<Record<string, number>> {
  const served: Record<string, number> = {};
  for (let i = 0; i < contexts; i++) {
    const context = { key: `user-${i}` };
    const variant = sdk.variationDetail(flagKey, context, false).variant ?? 'none';
    const calls = served[variant] ?? 0;
    served[variant] = calls + 1;
    const rate = failRate[variant] ?? 0;
    const error = Math.floor((calls + 1) * rate) > Math.floor(calls * rate);
    sdk.track(flagKey, context, { error, latencyMs: latencyMs[variant] ?? 10 });
  }
  await sdk.flush();
  return served;
}

export interface WebhookReceiver {
  url: string;
  received: { headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A local HTTP endpoint that records what webhooks deliver to it and answers 200. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tripswitch`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Posts one batch to the real ingest endpoint, as an SDK's reporter does. `ageMs` places it in
 * the past, which is how a test draws half an hour of history in a moment.
 */
export async function reportBatch(server: TestServer, token: string, batch: EventsBatch) {
  const response = await fetch(`${server.url}/sdk/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  if (response.status !== 204) {
    throw new Error(`events: ${response.status} ${await response.text()}`);
  }
}
