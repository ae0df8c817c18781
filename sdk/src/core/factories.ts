// Test factories: small wire objects with sensible defaults, overridden per test. Not exported by
// the package; only *.test.ts files import this.
import type {
  Condition,
  Operator,
  Rule,
  Serve,
  Snapshot,
  SnapshotFlag,
  SnapshotSegment,
} from '../protocol/index.ts';
import { compileSnapshot } from './compile-snapshot.ts';
import { evaluate } from './evaluate.ts';
import type { CompiledSnapshot } from './types.ts';

/** A boolean flag `checkout`, on, serving `off` by default, with no targets or rules. */
export function flag(overrides: Partial<SnapshotFlag> = {}): SnapshotFlag {
  return {
    key: 'checkout',
    kind: 'boolean',
    salt: 'checkout-salt',
    version: 1,
    variants: [
      { key: 'on', value: true },
      { key: 'off', value: false },
    ],
    on: true,
    offVariation: 'off',
    targets: [],
    rules: [],
    defaultServe: { variant: 'off' },
    ...overrides,
  };
}

/** A condition on `attribute`. */
export function condition(
  attribute: string,
  operator: Operator,
  values: (string | number)[],
  negate?: boolean,
): Condition {
  return negate === undefined
    ? { attribute, operator, values }
    : { attribute, operator, values, negate };
}

/** An inSegment condition over segment keys. */
export function inSegment(segmentKeys: string[], negate?: boolean): Condition {
  const base: Condition = { operator: 'inSegment', values: segmentKeys };
  return negate === undefined ? base : { ...base, negate };
}

/** Whether a context satisfies `conditions`, observed through evaluation of a one-rule flag. */
export function matcher(
  conditions: Condition[],
  report?: (message: string) => void,
): (context: Record<string, unknown>) => boolean {
  const snapshot = compiled([flag({ rules: [rule(conditions, 'on')] })], [], report);
  return (context) => evaluate(snapshot, 'checkout', context, false).variant === 'on';
}

/** A rule serving `serve` (a variant key or a Serve) when every condition matches. */
export function rule(conditions: Condition[], serve: string | Serve, id = 'rule-1'): Rule {
  return { id, conditions, serve: typeof serve === 'string' ? { variant: serve } : serve };
}

/** A rollout over `[variant, weight]` shares. */
export function rollout(shares: [string, number][], bucketBy?: string): Serve {
  const variations = shares.map(([variant, weight]) => ({ variant, weight }));
  return { rollout: bucketBy === undefined ? { variations } : { variations, bucketBy } };
}

/** A segment with no members unless given. */
export function segment(key: string, overrides: Partial<SnapshotSegment> = {}): SnapshotSegment {
  return { key, version: 1, included: [], excluded: [], conditions: [], ...overrides };
}

/** A wire snapshot of `production` at revision 10. */
export function snapshot(
  flags: SnapshotFlag[],
  segments: SnapshotSegment[] = [],
  revision = 10,
): Snapshot {
  return {
    schemaVersion: 1,
    environment: 'production',
    revision,
    flags: Object.fromEntries(flags.map((f) => [f.key, f])),
    segments: Object.fromEntries(segments.map((s) => [s.key, s])),
  };
}

/** Compiles a snapshot the test expects to be valid; fails the test otherwise. */
export function compiled(
  flags: SnapshotFlag[],
  segments: SnapshotSegment[] = [],
  report?: (message: string) => void,
): CompiledSnapshot {
  const result = compileSnapshot(snapshot(flags, segments), report);
  if (!result.ok) throw new Error(`test snapshot refused: ${result.reason}`);
  return result.snapshot;
}

/** A deterministic pseudo-random generator in [0, 1) (mulberry32), so property tests replay exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
