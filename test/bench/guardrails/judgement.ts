import {
  calibratedCritical,
  DEFAULT_SCENARIO,
  type HoldResult,
  perLookTripAt,
  type Scenario,
  simulate,
  tripShare,
} from '../../guardrails/simulation.ts';

// The judgement table of `pnpm bench:guardrails`: seeded simulated one-hour holds (looks every
// 5 s, 10 s buckets, 300 s sliding window for the old test, minimum sample 200, confidence 0.99,
// one guardrail and one treatment), judged by the sequential tests and by the old per-look test in
// the same run. Pure computation: the figures do not depend on the machine's load.

const HOLDS = Number(process.env.BENCH_HOLDS ?? 1000);
const LOW_TRAFFIC = 2;

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** "median / p95 (caught)" of trip times in seconds. */
function timing(times: ReadonlyArray<number | null>): { text: string; median: number | null } {
  const caught = times.filter((t): t is number => t !== null);
  const median = quantile(caught, 0.5);
  const p95 = times.length === caught.length ? quantile(caught, 0.95) : null;
  const cell = `${median ?? '—'} / ${p95 ?? '> 3600'} s`;
  return {
    text:
      caught.length === times.length
        ? cell
        : `${cell} (${percent(caught.length / times.length)} caught)`,
    median,
  };
}

interface Family {
  label: string;
  traffic: number;
  healthy: Partial<Scenario>;
  regression: (lift: number) => Partial<Scenario>;
}

const FAMILIES: Family[] = [
  {
    label: 'relative, margin 0 (vs control at 1%)',
    traffic: DEFAULT_SCENARIO.perSecond,
    healthy: { threshold: { kind: 'relative', margin: 0 } },
    regression: (lift) => ({ treatmentRate: 0.01 * lift }),
  },
  {
    label: 'absolute, limit 1% (treatment from 1%)',
    traffic: DEFAULT_SCENARIO.perSecond,
    healthy: { threshold: { kind: 'absolute', limit: 0.01 } },
    regression: (lift) => ({ treatmentRate: 0.01 * lift }),
  },
  {
    label: 'relative, margin 0, low traffic',
    traffic: LOW_TRAFFIC,
    healthy: { threshold: { kind: 'relative', margin: 0 } },
    regression: (lift) => ({ treatmentRate: 0.01 * lift }),
  },
];

const HEALTHY: Array<[string, Partial<Scenario>]> = [
  ['A/A, relative margin 0', { threshold: { kind: 'relative', margin: 0 } }],
  ['A/A, relative margin 0.1', { threshold: { kind: 'relative', margin: 0.1 } }],
  ['A/A, relative margin 0.25', { threshold: { kind: 'relative', margin: 0.25 } }],
  [
    'absolute limit 0.5%, true rate 0.4%',
    { controlRate: 0.004, treatmentRate: 0.004, threshold: { kind: 'absolute', limit: 0.005 } },
  ],
  [
    'absolute limit 0.5%, true rate 0.45%',
    { controlRate: 0.0045, treatmentRate: 0.0045, threshold: { kind: 'absolute', limit: 0.005 } },
  ],
  [
    'absolute limit 0.5%, true rate 0.5% (at the limit)',
    { controlRate: 0.005, treatmentRate: 0.005, threshold: { kind: 'absolute', limit: 0.005 } },
  ],
];

export function judgementTable(): void {
  const started = performance.now();
  console.log(
    `Judgement: ${HOLDS} seeded one-hour holds per row, looks every 5 s, ${DEFAULT_SCENARIO.perSecond} outcomes/s per variant (low traffic: ${LOW_TRAFFIC}/s), 1% errors, minimum sample 200, confidence 0.99. Old: the per-look z test over a 300 s sliding window.`,
  );
  console.log('\nFalse trips: share of healthy holds tripped within the hour (budget: 1%).\n');
  console.log('| healthy variant | traffic | sequential | old per-look |');
  console.log('|---|---:|---:|---:|');
  for (const [label, change] of HEALTHY) {
    for (const perSecond of [DEFAULT_SCENARIO.perSecond, LOW_TRAFFIC]) {
      const results = simulate({ ...DEFAULT_SCENARIO, ...change, perSecond }, HOLDS, 1);
      const sequential = tripShare(results.map((r) => r.sequentialTripAt));
      const old = tripShare(results.map((r) => r.perLookTripAt));
      console.log(`| ${label} | ${perSecond}/s | ${percent(sequential)} | ${percent(old)} |`);
    }
  }

  console.log(
    '\nTime to trip a regression (treatment error rate x lift): median / p95 seconds. "Old, held to 1%": the old test at the critical z that trips 1% of this family\'s healthy holds over the hour (calibrated in this run), the fair comparison at equal budget.\n',
  );
  console.log(
    '| guardrail | lift | sequential | old per-look (z > 2.33) | old, held to 1% (z > c) | sequential / old (medians) | sequential / old held to 1% |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const family of FAMILIES) {
    const base = { ...DEFAULT_SCENARIO, ...family.healthy, perSecond: family.traffic };
    const healthy: HoldResult[] = simulate(base, HOLDS, 2);
    const critical = calibratedCritical(healthy, 0.01);
    for (const lift of [1.5, 2, 5]) {
      const results = simulate({ ...base, ...family.regression(lift) }, HOLDS, 3);
      const sequential = timing(results.map((r) => r.sequentialTripAt));
      const old = timing(results.map((r) => r.perLookTripAt));
      const held = timing(results.map((r) => perLookTripAt(r, critical, base.lookSeconds)));
      const ratio = (a: number | null, b: number | null) =>
        a !== null && b !== null ? `${(a / b).toFixed(2)}x` : '—';
      console.log(
        `| ${family.label}, ${family.traffic}/s | ${lift}x | ${sequential.text} | ${old.text} | ${held.text} (c = ${critical.toFixed(2)}) | ${ratio(sequential.median, old.median)} | ${ratio(sequential.median, held.median)} |`,
      );
    }
  }
  console.log(
    `\n(judgement table computed in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
