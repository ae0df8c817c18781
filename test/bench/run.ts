// The evaluation benchmark (`pnpm bench`): Tripswitch's core against four peer SDKs on the same
// flag and the same 1,000,000 contexts, plus allFlags for 100 flags and the browser bundle size.
// Not a test: the machine is shared and noisy, so compare ratios within one run.
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

const engines: (() => Engine<never> | Promise<Engine<never>>)[] = [
  tripswitch as () => Engine<never>,
  flagd as () => Engine<never>,
  growthbook as () => Engine<never>,
  launchdarkly as () => Promise<Engine<never>>,
  unleash as () => Promise<Engine<never>>,
];

const population = subjects(CONTEXTS);
console.log(
  `Evaluating one flag over ${CONTEXTS.toLocaleString('en')} distinct contexts: ${WARMUP.toLocaleString('en')} warm-up, median of ${RUNS} runs.`,
);
const results: Measurement[] = [];
for (const create of engines) {
  const engine = await create();
  try {
    const result = await measure(engine, population, WARMUP, RUNS);
    console.log(`  ${result.name}: ${result.nsPerEval.toFixed(0)} ns/eval`);
    results.push(result);
  } finally {
    await engine.close();
  }
}
const allFlags = measureAllFlags(20_000, RUNS);
const bundles = [await bundleSize('core/index.ts'), await bundleSize('index.ts')];
const failures = report(results, allFlags, bundles);
if (failures.length > 0) {
  console.error(`\nTargets missed or splits wrong:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
