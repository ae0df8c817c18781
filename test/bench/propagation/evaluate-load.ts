import autocannon from 'autocannon';
import { median } from './probe.ts';

/** What browsers' fetches after a change cost: /sdk/v1/evaluate answers per second. */
export interface EvaluateLoad {
  requestsPerSecond: number;
  flags: number;
  /** Every answer was a 200. */
  allOk: boolean;
}

const CONNECTIONS = 50;
const SECONDS = 5;
const ROUNDS = 3;

/**
 * Loads `url` (POST /sdk/v1/evaluate) with one context, as browsers fetching their results after
 * a change do: the median of three rounds of autocannon, which shares the cores with the server.
 * The figure sizes the spread the server asks browsers to take (BROWSER_REFETCHES_PER_SECOND).
 */
export async function evaluateLoad(url: string, token: string, flags: number) {
  const rounds: number[] = [];
  let allOk = true;
  for (let round = 0; round < ROUNDS; round++) {
    const load = await autocannon({
      url,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { key: 'user-1', country: 'NO', plan: 'pro' } }),
    });
    rounds.push(load.requests.average);
    allOk &&= load.non2xx === 0 && load.errors === 0;
  }
  return { requestsPerSecond: median(rounds), flags, allOk } satisfies EvaluateLoad;
}
