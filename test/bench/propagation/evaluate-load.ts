import autocannon from 'autocannon';
import { median } from './probe.ts';

/** One POST path under load: median answers per second, and whether each had the status. */
export interface PathLoad {
  requestsPerSecond: number;
  /** Every answer had the expected status (200, or 304 for the conditional call). */
  allOk: boolean;
}

/**
 * What browsers' fetches cost, one instance, one context: our /sdk/v1/evaluate, and OFREP's bulk
 * evaluation answering in full (200) and unchanged (304 on If-None-Match), measured in turn in
 * the same rounds so the ratios come from the same minutes of a shared machine.
 */
export interface EvaluateLoad {
  flags: number;
  evaluate: PathLoad;
  ofrepBulk: PathLoad;
  ofrepBulk304: PathLoad;
}

const CONNECTIONS = 50;
const SECONDS = 5;
const ROUNDS = 3;
const CONTEXT = { country: 'NO', plan: 'pro' };

async function round(
  url: string,
  headers: Record<string, string>,
  body: string,
  status: number,
): Promise<{ requestsPerSecond: number; ok: boolean }> {
  const load = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const stats = load.statusCodeStats?.[String(status) as keyof typeof load.statusCodeStats];
  return {
    requestsPerSecond: load.requests.average,
    ok: load.errors === 0 && (stats?.count ?? 0) === load.requests.total,
  };
}

/**
 * Loads the three paths of the instance at `baseUrl` with a client token, as browsers fetching
 * their results after a change do (autocannon shares the cores with the server). The evaluate
 * figure sizes the spread the server asks browsers to take (BROWSER_REFETCHES_PER_SECOND).
 */
export async function evaluateLoad(baseUrl: string, token: string, flags: number) {
  const authorization = `Bearer ${token}`;
  const ofrepUrl = `${baseUrl}/ofrep/v1/evaluate/flags`;
  const ofrepBody = JSON.stringify({ context: { targetingKey: 'user-1', ...CONTEXT } });
  const first = await fetch(ofrepUrl, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: ofrepBody,
  });
  const etag = first.headers.get('etag') as string;
  const paths: Array<{
    url: string;
    headers: Record<string, string>;
    body: string;
    status: number;
  }> = [
    {
      url: `${baseUrl}/sdk/v1/evaluate`,
      headers: { authorization },
      body: JSON.stringify({ context: { key: 'user-1', ...CONTEXT } }),
      status: 200,
    },
    { url: ofrepUrl, headers: { authorization }, body: ofrepBody, status: 200 },
    {
      url: ofrepUrl,
      headers: { authorization, 'if-none-match': etag },
      body: ofrepBody,
      status: 304,
    },
  ];
  const runs = paths.map(() => [] as Array<{ requestsPerSecond: number; ok: boolean }>);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, path] of paths.entries()) {
      runs[i]?.push(await round(path.url, path.headers, path.body, path.status));
    }
  }
  const summary = (i: number): PathLoad => ({
    requestsPerSecond: median((runs[i] ?? []).map((run) => run.requestsPerSecond)),
    allOk: (runs[i] ?? []).every((run) => run.ok),
  });
  return {
    flags,
    evaluate: summary(0),
    ofrepBulk: summary(1),
    ofrepBulk304: summary(2),
  } satisfies EvaluateLoad;
}
