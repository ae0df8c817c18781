// An example service with an old and a new checkout behind the flag `new-checkout`, served over
// HTTP through the Tripswitch SDK: `client.guard` runs the path the flag picks for each user,
// times it and counts its failures against the variant, which is what guardrails judge.
//
// Run it against a Tripswitch server:
//   TRIPSWITCH_URL=http://127.0.0.1:4000 TRIPSWITCH_SDK_KEY=tss_... NEW_PATH_FAILURE_RATE=0.2 \
//     pnpm exec tsx --conditions=@tripswitch/source test/demo/guarded-service.ts
//   curl 'http://127.0.0.1:4100/checkout?user=ada'
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ClientOptions, createClient, type TripswitchClient } from '@tripswitch/sdk';

export const FLAG = 'new-checkout';

export interface GuardedServiceOptions {
  /** Client options: at least `url` and `sdkKey`. */
  client: ClientOptions;
  /** Share of new-checkout calls that fail, exactly (every 1/rate-th call). */
  newPathFailureRate: number;
  /** Share of old-checkout calls that fail, exactly; default 0. */
  oldPathFailureRate?: number;
  port?: number;
}

/** Fails exactly `rate` of its calls, spread evenly: deterministic, so runs are repeatable. */
function failingAt(rate: number) {
  let calls = 0;
  return () => {
    calls++;
    return Math.floor(calls * rate) > Math.floor((calls - 1) * rate);
  };
}

export async function startGuardedService(options: GuardedServiceOptions) {
  const client: TripswitchClient = createClient(options.client);
  await client.ready({ timeoutMs: 10_000 });
  const newFails = failingAt(options.newPathFailureRate);
  const oldFails = failingAt(options.oldPathFailureRate ?? 0);
  /** What the service itself saw: when each path ran and whether it failed. */
  const calls: Array<{ at: number; path: 'new' | 'old'; failed: boolean }> = [];
  const checkout = (path: 'new' | 'old', fails: () => boolean) => {
    const failed = fails();
    calls.push({ at: Date.now(), path, failed });
    if (failed) throw new Error(`the ${path} checkout failed`);
    return { path, total: 42 };
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://service');
    const user = url.searchParams.get('user');
    if (url.pathname !== '/checkout' || !user) {
      response.writeHead(404).end();
      return;
    }
    let variant = 'none';
    try {
      const order = client.guard(
        FLAG,
        { key: user },
        {
          on: () => {
            variant = 'on';
            return checkout('new', newFails);
          },
          off: () => {
            variant = 'off';
            return checkout('old', oldFails);
          },
        },
      );
      response.writeHead(200, { 'content-type': 'application/json', 'x-variant': variant });
      response.end(JSON.stringify(order));
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json', 'x-variant': variant });
      response.end(JSON.stringify({ error: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    client,
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.close();
    },
  };
}

export type GuardedService = Awaited<ReturnType<typeof startGuardedService>>;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const service = await startGuardedService({
    client: {
      url: process.env.TRIPSWITCH_URL ?? 'http://127.0.0.1:4000',
      sdkKey: process.env.TRIPSWITCH_SDK_KEY ?? '',
      metrics: { flushIntervalMs: 1000 },
    },
    newPathFailureRate: Number(process.env.NEW_PATH_FAILURE_RATE ?? 0),
    port: Number(process.env.PORT ?? 4100),
  });
  console.log(`guarded service on ${service.url}/checkout?user=<id>`);
  process.on('SIGINT', () => void service.close().then(() => process.exit(0)));
}
