// biome-ignore lint/style/noRestrictedImports: this test alone spawns a second Node process, to show buckets do not depend on the process.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Serve } from '../protocol/index.ts';
import { bucketOf } from './bucketing.ts';
import { evaluate } from './evaluate.ts';
import { compiled, flag, rollout, seededRandom } from './factories.ts';

const KEYS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

// Each statistic below follows a chi-square distribution when bucketing is uniform and
// independent. The thresholds are its 0.999 quantiles: a correct hash fails with probability
// 0.1% for a given key set, and the key set is fixed, so a pass is stable. A real bias is far
// above them: 1% off in a 50/50 split over 100k keys gives a statistic of 40 (threshold 10.8).
const CHI_SQUARE_999 = { 1: 10.828, 2: 13.816, 9: 27.877, 81: 126.083 } as const;

function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce(
    (sum, count, i) => sum + (count - (expected[i] as number)) ** 2 / (expected[i] as number),
    0,
  );
}

const variantKeys = Array.from({ length: 10 }, (_, i) => `v${i}`);
const multiVariant = (serve: Serve, salt = 'uniformity') =>
  compiled([
    flag({
      kind: 'string',
      salt,
      variants: variantKeys.map((key) => ({ key, value: key })),
      offVariation: 'v0',
      defaultServe: serve,
    }),
  ]);

/** Splits 100000 into `ways` integer weights as equal as possible. */
function equalWeights(ways: number): number[] {
  return Array.from(
    { length: ways },
    (_, i) => Math.floor(100000 / ways) + (i < 100000 % ways ? 1 : 0),
  );
}

describe('bucketing properties', () => {
  it.each([
    [2, 1],
    [3, 2],
    [10, 9],
  ] as const)('spreads 100k keys uniformly over a %i-way split', (ways, freedom) => {
    const weights = equalWeights(ways);
    const snapshot = multiVariant(rollout(weights.map((w, i) => [`v${i}`, w])));
    const counts = new Array<number>(ways).fill(0);
    for (const key of KEYS) {
      const variant = evaluate(snapshot, 'checkout', { key }, '').variant as string;
      const index = Number(variant.slice(1));
      counts[index] = (counts[index] as number) + 1;
    }
    const expected = weights.map((w) => (KEYS.length * w) / 100000);
    expect(chiSquare(counts, expected)).toBeLessThan(CHI_SQUARE_999[freedom]);
  });

  it('is sticky: raising a variant share, the others not growing, never moves a context out of it', () => {
    const random = seededRandom(42);
    const contexts = KEYS.slice(0, 5000);
    let stayed = 0;
    for (let round = 0; round < 40; round++) {
      const ways = 2 + Math.floor(random() * 4);
      const before = randomWeights(ways, random);
      const raised = Math.floor(random() * ways);
      const after = before.map((w, i) => (i === raised ? w : Math.floor(w * random())));
      after[raised] = 100000 - after.reduce((sum, w, i) => (i === raised ? sum : sum + w), 0);
      const serve = (weights: number[]) =>
        multiVariant(rollout(weights.map((w, i) => [`v${i}`, w])));
      const [first, second] = [serve(before), serve(after)];
      for (const key of contexts) {
        if (evaluate(first, 'checkout', { key }, '').variant === `v${raised}`) {
          expect(evaluate(second, 'checkout', { key }, '').variant).toBe(`v${raised}`);
          stayed++;
        }
      }
    }
    // The rounds put thousands of contexts in the raised variant, so the check is not vacuous.
    expect(stayed).toBeGreaterThan(20000);
  });

  it('is independent across flags: two salts give uncorrelated buckets', () => {
    // A 10 x 10 contingency table of deciles under two salts; independence means each cell holds
    // 1% of the keys, and the statistic has (10 - 1) * (10 - 1) = 81 degrees of freedom.
    const cells = new Array<number>(100).fill(0);
    for (const key of KEYS) {
      const cell =
        Math.floor(bucketOf('flag-a', key) / 10000) * 10 +
        Math.floor(bucketOf('flag-b', key) / 10000);
      cells[cell] = (cells[cell] as number) + 1;
    }
    expect(chiSquare(cells, new Array(100).fill(KEYS.length / 100))).toBeLessThan(
      CHI_SQUARE_999[81],
    );
  });

  it('is deterministic across processes', () => {
    const sample = ['', 'user-1', 'ünïcödé', '😀', 'x'.repeat(1000), '12345'];
    const module = new URL('./bucketing.ts', import.meta.url).href;
    const script = `import { bucketOf } from ${JSON.stringify(module)};
      console.log(JSON.stringify(${JSON.stringify(sample)}.map((value) => bucketOf('salt', value))));`;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(output)).toEqual(sample.map((value) => bucketOf('salt', value)));
  });
});

/** Random integer weights over `ways` variants summing to 100000. */
function randomWeights(ways: number, random: () => number): number[] {
  const cuts = Array.from({ length: ways - 1 }, () => Math.floor(random() * 100001)).sort(
    (a, b) => a - b,
  );
  return [...cuts, 100000].map((cut, i) => cut - (i === 0 ? 0 : (cuts[i - 1] as number)));
}
