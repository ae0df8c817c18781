import { describe, expect, it } from 'vitest';
import { compileSnapshot } from './compile-snapshot.ts';
import { evaluate } from './evaluate.ts';
import { condition, flag, rollout, rule, seededRandom, segment, snapshot } from './factories.ts';

const valid = snapshot(
  [
    flag({
      targets: [{ variant: 'on', values: ['vip'] }],
      rules: [
        rule([condition('country', 'in', ['NO'])], 'on', 'r0'),
        rule([condition('plan', 'in', ['pro'])], 'off', 'r1'),
        rule(
          [condition('beta', 'in', ['true'])],
          rollout([
            ['on', 50000],
            ['off', 50000],
          ]),
          'r2',
        ),
      ],
    }),
  ],
  [segment('beta', { included: ['a'] })],
);

// biome-ignore lint/suspicious/noExplicitAny: these tests corrupt snapshots in ways no type allows.
type Corruptible = any;

/** A copy of the valid snapshot with one change applied to it. */
function broken(change: (s: Corruptible) => void): unknown {
  const copy = structuredClone(valid) as Corruptible;
  change(copy);
  return copy;
}

describe('compiling snapshots', () => {
  it('compiles a valid snapshot, keeping its environment, revision and schema version', () => {
    const result = compileSnapshot(valid);
    expect(result.ok && result.snapshot).toMatchObject({
      environment: 'production',
      revision: 10,
      schemaVersion: 1,
    });
  });

  it('refuses a newer schema major with a reason that says to upgrade', () => {
    expect(compileSnapshot({ ...valid, schemaVersion: 2 })).toEqual({
      ok: false,
      reason: 'schemaVersion: 2 is newer than this SDK understands (1); upgrade @tripswitch/sdk',
    });
  });

  it('ignores unknown fields, which newer minors may add', () => {
    const extended = broken((s) => {
      s.publishedAt = 'now';
      s.flags.checkout.owner = 'team-a';
      s.flags.checkout.rules[0].conditions[0].caseInsensitive = true;
      s.segments.beta.description = 'testers';
    });
    const result = compileSnapshot(extended);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(evaluate(result.snapshot, 'checkout', { key: 'x', country: 'NO' }, false).value).toBe(
        true,
      );
  });

  const refusals: [string, (s: Corruptible) => void, string][] = [
    [
      'a missing environment',
      (s) => delete s.environment,
      'environment: expected a non-empty string, got undefined',
    ],
    ['a negative revision', (s) => (s.revision = -1), 'revision: expected an integer >= 0, got -1'],
    [
      'a fractional schema version',
      (s) => (s.schemaVersion = 1.5),
      'schemaVersion: expected an integer >= 1, got 1.5',
    ],
    ['flags as an array', (s) => (s.flags = []), 'flags: expected an object, got an array'],
    ['missing segments', (s) => delete s.segments, 'segments: expected an object, got undefined'],
    [
      'a flag stored under another key',
      (s) => (s.flags.checkout.key = 'other'),
      'flags.checkout.key: expected "checkout", got "other"',
    ],
    [
      'an unknown flag kind',
      (s) => (s.flags.checkout.kind = 'date'),
      'flags.checkout.kind: unknown kind "date"',
    ],
    [
      'no variants',
      (s) => (s.flags.checkout.variants = []),
      'flags.checkout.variants: a flag needs at least one variant',
    ],
    [
      'a variant value of the wrong kind',
      (s) => (s.flags.checkout.variants[1].value = 'no'),
      'flags.checkout.variants[1].value: expected a boolean value, got "no"',
    ],
    [
      'a duplicate variant key',
      (s) => (s.flags.checkout.variants[1].key = 'on'),
      'flags.checkout.variants[1].key: duplicate variant "on"',
    ],
    [
      'an unknown off variation',
      (s) => (s.flags.checkout.offVariation = 'gone'),
      'flags.checkout.offVariation: no variant "gone" in this flag',
    ],
    [
      'a target naming an unknown variant',
      (s) => (s.flags.checkout.targets[0].variant = 'gone'),
      'flags.checkout.targets[0].variant: no variant "gone" in this flag',
    ],
    [
      'a target key that is not a string',
      (s) => (s.flags.checkout.targets[0].values = ['a', 7]),
      'flags.checkout.targets[0].values[1]: expected a non-empty string, got 7',
    ],
    [
      'a rule serving both a variant and a rollout',
      (s) => (s.flags.checkout.rules[2].serve.variant = 'on'),
      'flags.checkout.rules[2].serve: expected exactly one of variant or rollout',
    ],
    [
      'a default rule serving nothing',
      (s) => (s.flags.checkout.defaultServe = {}),
      'flags.checkout.defaultServe: expected exactly one of variant or rollout',
    ],
    [
      'rollout weights that do not sum to 100000',
      (s) => (s.flags.checkout.rules[2].serve.rollout.variations[0].weight = 49000),
      'flags.checkout.rules[2].serve.rollout: weights sum to 99000, expected 100000',
    ],
    [
      'a fractional weight',
      (s) => (s.flags.checkout.rules[2].serve.rollout.variations[1].weight = 0.5),
      'flags.checkout.rules[2].serve.rollout.variations[1].weight: expected an integer >= 0, got 0.5',
    ],
    [
      'a rule without an id',
      (s) => delete s.flags.checkout.rules[1].id,
      'flags.checkout.rules[1].id: expected a non-empty string, got undefined',
    ],
    [
      'a condition value that is an object',
      (s) => (s.flags.checkout.rules[0].conditions[0].values = ['NO', {}]),
      'flags.checkout.rules[0].conditions[0].values[1]: expected a string or a number, got an object',
    ],
    [
      'a condition without an attribute',
      (s) => delete s.flags.checkout.rules[0].conditions[0].attribute,
      'flags.checkout.rules[0].conditions[0].attribute: expected a non-empty string, got undefined',
    ],
    [
      'a negate that is not a boolean',
      (s) => (s.flags.checkout.rules[0].conditions[0].negate = 'yes'),
      'flags.checkout.rules[0].conditions[0].negate: expected a boolean, got "yes"',
    ],
    [
      'segment members that are not strings',
      (s) => (s.segments.beta.excluded = [null]),
      'segments.beta.excluded[0]: expected a non-empty string, got null',
    ],
  ];

  it.each(refusals)('refuses %s with a reason naming the path', (_, change, reason) => {
    expect(compileSnapshot(broken(change))).toEqual({ ok: false, reason });
  });

  it('refuses input that is not a snapshot at all', () => {
    for (const input of [null, undefined, 'snapshot', 42, [], true]) {
      const result = compileSnapshot(input);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/^snapshot: expected an object/);
    }
  });

  it('never throws, whatever part of a snapshot is replaced by junk', () => {
    const random = seededRandom(20261126);
    const junk = [
      null,
      undefined,
      0,
      -1,
      1.5,
      '',
      'x',
      [],
      {},
      [null],
      { key: 1 },
      true,
      Number.NaN,
    ];
    let refused = 0;
    for (let round = 0; round < 2000; round++) {
      const copy = structuredClone(valid) as unknown as Record<string, unknown>;
      replaceRandomNode(copy, junk[Math.floor(random() * junk.length)], random);
      const result = compileSnapshot(copy);
      if (!result.ok) {
        refused++;
        expect(result.reason).toMatch(/^[\w.[\]-]+: .+/);
      }
    }
    expect(refused).toBeGreaterThan(500);
  });
});

/** Replaces one node, chosen at random along a random path, with `value`. */
function replaceRandomNode(
  root: Record<string, unknown>,
  value: unknown,
  random: () => number,
): void {
  let node: Record<string, unknown> = root;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[Math.floor(random() * keys.length)] as string;
    const next = node[key];
    if (typeof next !== 'object' || next === null || random() < 0.3) {
      node[key] = value;
      return;
    }
    node = next as Record<string, unknown>;
  }
}
