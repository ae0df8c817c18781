// The evaluation benchmark (`pnpm bench`): Tripswitch's core against four peer SDKs on the same
// flag and the same 1,000,000 contexts, plus allFlags for 100 flags and the browser bundle size.
// Each measurement runs in a fresh Node process, so no engine inherits another's heap or JIT
// state. Not a test: the machine is shared and noisy, so compare ratios within one run.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureAllFlags } from './all-flags.ts';
import { bundleSize } from './bundle-size.ts';
import { flagd } from './engines/flagd.ts';
import { growthbook } from './engines/growthbook.ts';
import { launchdarkly } from './engines/launchdarkly.ts';
import { tripswitch } from './engines/tripswitch.ts';
import { unleash } from './engines/unleash.ts';
import { type Engine, type Measurement, measure } from './measure.ts';
import { report } from './report.ts';
import { subjects } from './scenario.ts';

const CONTEXTS = Number(process.env.BENCH_CONTEXTS ?? 1_000_000);
const WARMUP = Math.min(200_000, CONTEXTS);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const engines: Record<string, () => Engine<never> | Promise<Engine<never>>> = {
  tripswitch: tripswitch as () => Engine<never>,
  flagd: flagd as () => Engine<never>,
  growthbook: growthbook as () => Engine<never>,
  launchdarkly: launchdarkly as () => Promise<Engine<never>>,
  unleash: unleash as () => Promise<Engine<never>>,
};

/** Runs one measurement in this process and prints it as JSON (the child side). */
async function measureOne(name: string): Promise<void> {
  if (name === 'allFlags') {
    console.log(JSON.stringify(measureAllFlags(20_000, RUNS)));
    return;
  }
  const create = engines[name];
  if (!create) throw new Error(`unknown engine ${name}`);
  const engine = await create();
  try {
    console.log(JSON.stringify(await measure(engine, subjects(CONTEXTS), WARMUP, RUNS)));
  } finally {
    await engine.close();
  }
}

/** Runs one measurement in a fresh Node process and parses its JSON line (the parent side). */
function inChild<T>(name: string): T {
  const output = execFileSync(
    process.execPath,
    ['--conditions=@tripswitch/source', '--import', 'tsx', fileURLToPath(import.meta.url), name],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string) as T;
}

const only = process.argv[2];
if (only) {
  await measureOne(only);
} else {
  console.log(
    `One flag over ${CONTEXTS.toLocaleString('en')} distinct contexts: ${WARMUP.toLocaleString('en')} warm-up, median of ${RUNS} runs, one process per engine.`,
  );
  const results: Measurement[] = [];
  for (const name of Object.keys(engines)) {
    const result = inChild<Measurement>(name);
    console.log(`  ${result.name}: ${result.nsPerEval.toFixed(0)} ns/eval`);
    results.push(result);
  }
  const allFlags = inChild<{ nsPerCall: number; runs: number[] }>('allFlags');
  // The two client modes, each as an app using it ships it: local evaluation (a server token)
  // and the browser client (a client token), which leaves the evaluator out.
  const bundles = [
    await bundleSize('core/index.ts'),
    await bundleSize('index.ts', ['createClient']),
    await bundleSize('index.ts', ['createBrowserClient']),
  ];
  const failures = report(results, allFlags, bundles);
  if (failures.length > 0) {
    console.error(`\nTargets missed or splits wrong:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}
