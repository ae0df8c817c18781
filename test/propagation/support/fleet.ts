import { createClient, type FlagChange, type Logger, type TripswitchClient } from '@tripswitch/sdk';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** An SDK client with everything it announced, in order. */
export interface TrackedClient {
  client: TripswitchClient;
  changes: FlagChange[];
}

/**
 * SDK clients (the real client, streaming by default) spread over `urls`, `perUrl` on each,
 * recording every change they announce. Fast backoff: tests wait on reconnects.
 */
export async function sdkFleet(urls: string[], sdkKey: string, perUrl: number) {
  const clients: TrackedClient[] = [];
  for (const url of urls) {
    for (let i = 0; i < perUrl; i++) {
      const client = createClient({
        url,
        sdkKey,
        logger: quiet,
        pollIntervalMs: 200,
        backoff: { initialMs: 50, maxMs: 500 },
      });
      const changes: FlagChange[] = [];
      client.on('change', (change) => changes.push(change));
      clients.push({ client, changes });
    }
  }
  await Promise.all(clients.map(({ client }) => client.ready({ timeoutMs: 10_000 })));
  return {
    clients,
    close: () => Promise.all(clients.map(({ client }) => client.close())),
  };
}
