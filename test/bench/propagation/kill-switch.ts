import { createClient, type Logger } from '@tripswitch/sdk';
import { percentile } from './probe.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const TRIALS = 10;

/**
 * The kill switch end to end, through real SDK clients (streaming, as they do by default): from
 * the kill's (or enable's) HTTP response to each client's onFlagChange callback.
 */
export async function measureKillSwitch(
  urls: string[],
  sdkKey: string,
  toggle: () => Promise<void>,
  flagKey: string,
) {
  const clients = urls.flatMap((url) =>
    Array.from({ length: 25 }, () => createClient({ url, sdkKey, logger: quiet })),
  );
  await Promise.all(clients.map((client) => client.ready({ timeoutMs: 10_000 })));
  const latencies: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const heard: number[] = [];
    const done = new Promise<void>((resolve) => {
      for (const client of clients) {
        const stop = client.onFlagChange(flagKey, () => {
          heard.push(performance.now());
          stop();
          if (heard.length === clients.length) resolve();
        });
      }
    });
    await toggle();
    const answeredAt = performance.now();
    await done;
    for (const at of heard) latencies.push(Math.max(0, at - answeredAt));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await Promise.all(clients.map((client) => client.close()));
  return {
    clients: clients.length,
    trials: TRIALS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.reduce((max, value) => Math.max(max, value), 0),
  };
}
