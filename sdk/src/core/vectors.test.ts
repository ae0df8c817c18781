import { describe, expect, it } from 'vitest';
import bucketing from '../../../test/vectors/bucketing.json' with { type: 'json' };
import evaluation from '../../../test/vectors/evaluation.json' with { type: 'json' };
import type { EvaluationContext, FlagKind } from '../protocol/index.ts';
import { bucketOf } from './bucketing.ts';
import { compileSnapshot } from './compile-snapshot.ts';
import { evaluate } from './evaluate.ts';
import { murmur3 } from './murmur3.ts';

// The golden vectors shared by every SDK language (test/vectors/, frozen). This test only reads
// them; regenerating them is a deliberate, reviewed change.

const utf8 = new TextEncoder();

describe('golden bucketing vectors', () => {
  it('has a few hundred cases', () => {
    expect(bucketing.cases.length).toBeGreaterThan(200);
  });

  it('reproduces every hash and bucket', () => {
    for (const { salt, value, hash, bucket } of bucketing.cases) {
      const bytes = utf8.encode(`${salt}.${value}`);
      expect(murmur3(bytes, bytes.length, 0), `${salt}.${value}`).toBe(hash);
      expect(bucketOf(salt, value), `${salt}.${value}`).toBe(bucket);
    }
  });
});

describe('golden evaluation vectors', () => {
  it('has a few hundred cases', () => {
    expect(evaluation.suites.reduce((sum, suite) => sum + suite.cases.length, 0)).toBeGreaterThan(
      300,
    );
  });

  for (const suite of evaluation.suites) {
    it(`serves the expected variant and reason for every case of "${suite.name}"`, () => {
      const compiled = compileSnapshot(suite.snapshot);
      if (!compiled.ok) throw new Error(compiled.reason);
      for (const c of suite.cases) {
        const { flagKey, errorMessage, flagVersion, ...outcome } = evaluate(
          compiled.snapshot,
          c.flag,
          c.context as EvaluationContext,
          c.defaultValue as unknown,
          'expectedKind' in c ? (c.expectedKind as FlagKind) : undefined,
        );
        expect(outcome, `${c.flag} ${JSON.stringify(c.context)}`).toEqual(c.expected);
      }
    });
  }
});
