import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { median } from './probe.ts';

/** Requests per second on the snapshot's 304 path, beside a bare Fastify route answering 304. */
export interface SnapshotLoad {
  /** Median over the rounds. */
  requestsPerSecond: number;
  /** The bare Fastify route, measured alternately with Tripswitch in the same rounds. */
  floorRequestsPerSecond: number;
  rounds: number;
  /** Every answer was a 304 (nothing else was measured). */
  all304: boolean;
  tool: string;
}

const CONNECTIONS = 100;
const SECONDS = 10;
const ROUNDS = 3;

export interface Load {
  requestsPerSecond: number;
  all304: boolean;
  tool: string;
}

// wrk (C, one thread) leaves this 2-core machine's other core to the server; autocannon (Node)
// takes a whole core itself, so it is the fallback where wrk is not installed.
function withWrk(url: string, headers: Record<string, string>): Load | undefined {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  const run = spawnSync('wrk', [...args, url], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return undefined;
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1];
  if (rate === undefined) return undefined;
  // wrk counts 3xx as success; anything else it reports on this line.
  return {
    requestsPerSecond: Number(rate),
    all304: !/Non-2xx or 3xx responses/.test(run.stdout),
    tool: 'wrk -t1 -c100 -d10s',
  };
}

async function withAutocannon(url: string, headers: Record<string, string>): Promise<Load> {
  const load = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const notModified = load.statusCodeStats?.['304' as keyof typeof load.statusCodeStats];
  return {
    requestsPerSecond: load.requests.average,
    all304: (notModified?.count ?? 0) === load.requests.total,
    tool: 'autocannon -c 100 -d 10',
  };
}

/** One round of load on `url` (wrk where installed, else autocannon). */
export async function load(url: string, headers: Record<string, string>): Promise<Load> {
  return withWrk(url, headers) ?? withAutocannon(url, headers);
}

/**
 * Loads `url` with If-None-Match: the ETag it has, so every answer is a bodiless 304; the bare
 * Fastify route at `floorUrl` gets the same load just before, in each of three rounds, so both
 * medians come from the same minutes of a shared machine.
 */
export async function snapshotLoad(
  url: string,
  token: string,
  floorUrl: string,
): Promise<SnapshotLoad> {
  const etag = (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).headers.get(
    'etag',
  ) as string;
  const headers = { authorization: `Bearer ${token}`, 'if-none-match': etag };
  const tripswitch: Load[] = [];
  const floor: Load[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    floor.push(await load(floorUrl, headers));
    tripswitch.push(await load(url, headers));
  }
  return {
    requestsPerSecond: median(tripswitch.map((run) => run.requestsPerSecond)),
    floorRequestsPerSecond: median(floor.map((run) => run.requestsPerSecond)),
    rounds: ROUNDS,
    all304: tripswitch.every((run) => run.all304),
    tool: (tripswitch[0] as Load).tool,
  };
}
