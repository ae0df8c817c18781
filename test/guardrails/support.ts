import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminClient, TripswitchApiError } from '@tripswitch/sdk/admin';
import type { EventsBatch, VariantCounters } from '@tripswitch/sdk/protocol';
import type { Config } from '@tripswitch/server';
import { expect } from 'vitest';
import { startServer } from '../support/app.ts';
import { uniqueKey } from '../support/factories.ts';

/** Short intervals, so guardrails, rollouts and webhooks act within a test's patience. */
export const FAST: Partial<Config> = {
  guardrailIntervalMs: 100,
  ingestFlushMs: 50,
  metricsBucketMs: 1000,
  webhookRetryMs: 50,
};

/**
 * A listening Tripswitch on a cloned database with fast trip-switch intervals, an admin client, a
 * server SDK token for production, and helpers to create flags and post SDK counters.
 */
export async function guardedTripswitch(config: Partial<Config> = {}) {
  const server = await startServer({ config: { ...FAST, ...config } });
  const admin = createAdminClient({ url: server.url, token: server.adminToken });
  const { secret: sdkKey } = await admin.call('createToken', {
    body: { name: uniqueKey('sdk'), kind: 'server', environment: 'production' },
  });
  const at = (flagKey: string) => ({ flagKey, environment: 'production' });
  return {
    server,
    admin,
    sdkKey,
    at,
    /** A boolean flag (variants on, off), on in production and serving off by default. */
    async flag(key = uniqueKey('flag')) {
      await admin.call('createFlag', { body: { key, defaultVariation: 'off' } });
      await admin.call('enableFlag', { params: at(key) });
      return key;
    },
    /** Posts one SDK batch; resolves with the response status. */
    async postEvents(batch: Partial<EventsBatch>, key = sdkKey) {
      const response = await fetch(`${server.url}/sdk/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schemaVersion: 1, periodMs: 1000, ageMs: 0, flags: [], ...batch }),
      });
      return {
        status: response.status,
        body: response.status === 204 ? null : await response.json(),
      };
    },
    close: () => server.close(),
  };
}

/** Counters for `outcomes` calls of a variant, `errors` of them failed. */
export function outcomes(
  flagKey: string,
  variant: string,
  count: number,
  errors = 0,
): VariantCounters {
  return { flagKey, variant, evaluations: count, outcomes: count, errors };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP server on port 0 that records webhook deliveries and answers as told (204 by default). */
export async function webhookReceiver() {
  const received: ReceivedWebhook[] = [];
  let answers: number[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answer(...next: number[]) {
      answers = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The problem document an admin API call was refused with (fails the test if it succeeded). */
export async function problemOf(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TripswitchApiError);
  return (error as TripswitchApiError).problem;
}
