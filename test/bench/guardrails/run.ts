// `pnpm bench:guardrails`: what outcome metrics cost an SDK per evaluation, how many SDK batches
// one server instance ingests per second, and how long a breach takes to trip the switch and to
// reach an SDK on the stream, with the default intervals and with short ones. Not a test: the
// machine is shared, so compare figures from one run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createAdminClient } from '@tripswitch/sdk/admin';
import { migrate, readMigrations } from '@tripswitch/server/migrations';
import pg from 'pg';
import { startInstance } from '../../propagation/support/instance.ts';
import { databaseUrl, withAdminConnection } from '../../support/postgres.ts';
import { type Measurement, measure, median } from '../measure.ts';
import { subjects } from '../scenario.ts';
import { clientEngine } from './counting.ts';
import { ingestThroughput, sdkBatch } from './ingest.ts';
import { type TripTiming, timeTrip } from './trip-latency.ts';

const CONTEXTS = Number(process.env.BENCH_CONTEXTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TRIPS = Number(process.env.BENCH_TRIPS ?? 10);
const FLAGS = 20;
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The child side: one counting measurement, printed as JSON. */
async function countingChild(metrics: boolean): Promise<void> {
  const engine = clientEngine(metrics);
  const result = await measure(engine, subjects(CONTEXTS), Math.min(200_000, CONTEXTS), RUNS);
  console.log(JSON.stringify(result));
  process.exit(0);
}

function inChild(arg: string): Measurement {
  const output = execFileSync(
    process.execPath,
    ['--conditions=@tripswitch/source', '--import', 'tsx', fileURLToPath(import.meta.url), arg],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Measurement;
}

async function storedEvaluations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ sum: string | null }>(
      'SELECT sum(evaluations) AS sum FROM metric_buckets',
    );
    return Number(rows[0]?.sum ?? 0);
  } finally {
    await client.end();
  }
}

function summarize(label: string, timings: TripTiming[]): string {
  const cell = (pick: (t: TripTiming) => number) => {
    const values = timings.map(pick);
    return `${median(values).toFixed(0)} (max ${Math.max(...values).toFixed(0)})`;
  };
  return `| ${label} | ${cell((t) => t.crossingToTripMs)} | ${cell((t) => t.tripToSdkMs)} | ${cell((t) => t.crossingToSdkMs)} |`;
}

async function main() {
  console.log(
    `Counting cost: client.variation over ${CONTEXTS.toLocaleString('en')} contexts, median of ${RUNS} runs, one process each.`,
  );
  const off = inChild('metrics-off');
  const on = inChild('metrics-on');
  console.log('\n| client | ns/eval (median) | fastest run | runs | CPU ns/eval |');
  console.log('|---|---:|---:|---|---:|');
  for (const r of [off, on]) {
    console.log(
      `| ${r.name} | ${r.nsPerEval.toFixed(0)} | ${Math.min(...r.runs).toFixed(0)} | ${r.runs.map((t) => t.toFixed(0)).join(', ')} | ${r.cpuNsPerEval.toFixed(0)} |`,
    );
  }
  // Other processes share this machine: the fastest runs disturb least.
  const fastest = (r: Measurement) => Math.min(...r.runs);
  console.log(
    `\nCounting adds ${(on.nsPerEval - off.nsPerEval).toFixed(0)} ns per evaluation in medians, ${(fastest(on) - fastest(off)).toFixed(0)} ns in fastest runs.`,
  );

  const name = `tripswitch_bench_${randomBytes(4).toString('hex')}`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${name}"`));
  await migrate(databaseUrl(name), await readMigrations());
  const adminToken = `tsa_${randomBytes(32).toString('base64url')}`;
  const base = { databaseUrl: databaseUrl(name), adminToken, quiet: true };
  // One instance at a time, so the one measured is the elected one.
  let instance = await startInstance(base);
  try {
    const admin = createAdminClient({ url: instance.url, token: adminToken });
    const { secret: sdkKey } = await admin.call('createToken', {
      body: { name: 'bench', kind: 'server', environment: 'production' },
    });
    const flagKeys = Array.from({ length: FLAGS }, (_, i) => `ingest-${i}`);
    for (const key of flagKeys) await admin.call('createFlag', { body: { key } });

    const batch = sdkBatch(flagKeys);
    const ingest = await ingestThroughput(instance.url, sdkKey, batch, CONNECTIONS, SECONDS);
    await sleep(2_500);
    const perBatch = batch.flags.reduce((sum, item) => sum + item.evaluations, 0);
    // Requests still in flight when the load stops are stored without being counted as answered.
    const storedBatches = (await storedEvaluations(databaseUrl(name))) / perBatch;
    const lost = ingest.accepted - storedBatches;
    const inFlight = storedBatches - ingest.accepted;
    console.log(
      `\nIngest: ${CONNECTIONS} connections posting one SDK batch each (${batch.flags.length + (batch.events?.length ?? 0)} counters: ${FLAGS} flags x 2 variants with latency histograms, 1 event) for ${SECONDS} s to one instance.`,
    );
    console.log(
      '\n| batches/s | counters/s | SDK observations/s | p99 (ms) | refused | every accepted batch stored |',
    );
    console.log('|---:|---:|---:|---:|---:|---|');
    console.log(
      `| ${ingest.batchesPerSecond.toFixed(0)} | ${ingest.countersPerSecond.toFixed(0)} | ${(ingest.observationsPerSecond / 1e6).toFixed(1)} M | ${ingest.p99Ms} | ${ingest.refused} | ${lost > 0 ? `no: ${lost} missing` : `yes (+${inFlight} in flight at the end)`} |`,
    );

    console.log(
      `\nTrip latency: ${TRIPS} trips per setting, each breach at a random moment of an evaluation interval; the threshold is crossed when the breaching batch is accepted.`,
    );
    console.log(
      '\n| intervals (evaluation, ingest flush) | crossing -> trip committed (ms) | trip -> SDK serves off (ms) | crossing -> SDK (ms) |',
    );
    console.log('|---|---:|---:|---:|');
    const settings: Array<{ label: string; intervalMs: number; env: Record<string, string> }> = [
      { label: 'defaults: 5000 ms, 1000 ms', intervalMs: 5000, env: {} },
      {
        label: 'short: 250 ms, 100 ms',
        intervalMs: 250,
        env: { TRIPSWITCH_GUARDRAIL_INTERVAL_MS: '250', TRIPSWITCH_INGEST_FLUSH_MS: '100' },
      },
    ];
    for (const [index, setting] of settings.entries()) {
      if (index > 0) {
        await instance.kill();
        instance = await startInstance({ ...base, env: setting.env });
      }
      const adminOf = createAdminClient({ url: instance.url, token: adminToken });
      const timings: TripTiming[] = [];
      for (let i = 0; i < TRIPS; i++) {
        timings.push(
          await timeTrip(instance.url, adminOf, sdkKey, `trip-${index}-${i}`, setting.intervalMs),
        );
      }
      console.log(summarize(setting.label, timings));
    }
  } finally {
    await instance.kill();
    await withAdminConnection((admin) =>
      admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  }
}

const child = process.argv[2];
if (child) await countingChild(child === 'metrics-on');
else await main();
