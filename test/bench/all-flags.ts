import { compileSnapshot, type EvaluationContext, evaluateAll } from '@tripswitch/sdk';
import type { SnapshotFlag } from '@tripswitch/sdk/protocol';
import { median } from './measure.ts';
import { RULE, subjects } from './scenario.ts';

const variants = [
  { key: 'on', value: true },
  { key: 'off', value: false },
];
const fiftyFifty = {
  rollout: {
    variations: [
      { variant: 'on', weight: 50000 },
      { variant: 'off', weight: 50000 },
    ],
  },
};

/** A realistic mix of 100 flags: rule + rollout, static, killed, targeted, text and semver rules. */
function hundredFlags(): Record<string, SnapshotFlag> {
  const flags: Record<string, SnapshotFlag> = {};
  for (let i = 0; i < 100; i++) {
    const key = `flag-${i}`;
    const base = {
      key,
      kind: 'boolean' as const,
      salt: `${key}-salt`,
      version: 1,
      variants,
      offVariation: 'off',
    };
    const kind = i % 5;
    flags[key] = {
      ...base,
      on: kind !== 2,
      targets:
        kind === 3
          ? [{ variant: 'on', values: Array.from({ length: 100 }, (_, t) => `user-${t * 37}`) }]
          : [],
      rules:
        kind === 0
          ? [
              {
                id: 'nordic-paid',
                conditions: [
                  { attribute: 'country', operator: 'in', values: [...RULE.countries] },
                  { attribute: 'plan', operator: 'in', values: [...RULE.plans] },
                ],
                serve: fiftyFifty,
              },
            ]
          : kind === 3
            ? [
                {
                  id: 'new-app',
                  conditions: [
                    { attribute: 'appVersion', operator: 'semverGt', values: ['2.3.0'] },
                  ],
                  serve: { variant: 'on' },
                },
              ]
            : kind === 4
              ? [
                  {
                    id: 'staff',
                    conditions: [
                      { attribute: 'email', operator: 'endsWith', values: ['@acme.io'] },
                    ],
                    serve: { variant: 'on' },
                  },
                ]
              : [],
      defaultServe: kind === 1 ? { variant: 'on' } : kind === 4 ? fiftyFifty : { variant: 'off' },
    };
  }
  return flags;
}

/** Median ns per evaluateAll call (100 flags) over `runs` passes of `count` contexts. */
export function measureAllFlags(
  count: number,
  runs: number,
): { nsPerCall: number; runs: number[] } {
  const compiled = compileSnapshot({
    schemaVersion: 1,
    environment: 'bench',
    revision: 1,
    flags: hundredFlags(),
    segments: {},
  });
  if (!compiled.ok) throw new Error(compiled.reason);
  const contexts: EvaluationContext[] = subjects(count).map((s, i) => ({
    ...s,
    appVersion: `2.${i % 6}.${i % 3}`,
    email: i % 4 === 0 ? `${s.key}@acme.io` : `${s.key}@example.com`,
  }));
  if (
    Object.keys(evaluateAll(compiled.snapshot, contexts[0] as EvaluationContext)).length !== 100
  ) {
    throw new Error('evaluateAll did not return 100 flags');
  }
  // Reading one result keeps the work observable without timing a walk over all 100.
  let sink = 0;
  const pass = () => {
    for (const context of contexts)
      sink += evaluateAll(compiled.snapshot, context)['flag-0']?.value ? 1 : 0;
  };
  pass();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    pass();
    times.push(Number(process.hrtime.bigint() - start) / count);
  }
  if (sink === 0) throw new Error('flag-0 was never on: the scenario is broken');
  return { nsPerCall: median(times), runs: times };
}
