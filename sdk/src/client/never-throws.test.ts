import { describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { booleanFlag, snapshotOf, valueFlag } from './testing/snapshots.ts';
import type { TripswitchClient } from './types.ts';

// Whatever an application passes, evaluation answers with a value: it never throws.

const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter');
    },
    ownKeys() {
      throw new Error('hostile keys');
    },
    has() {
      throw new Error('hostile has');
    },
  },
);
const cyclic: Record<string, unknown> = { key: 'u1' };
cyclic.self = cyclic;

const contexts: unknown[] = [
  undefined,
  null,
  42,
  'a string',
  Symbol('context'),
  () => {},
  [],
  { key: 42 },
  { key: null },
  { key: { nested: true } },
  { key: 'u1', country: Symbol('x'), plan: () => {}, age: Number.NaN, list: [null, {}] },
  Object.create(null),
  cyclic,
  hostile,
];
const keys: unknown[] = [
  undefined,
  null,
  42,
  '',
  'no-such-flag',
  {},
  Symbol('key'),
  'x'.repeat(10_000),
];
const defaults: unknown[] = [undefined, null, true, 'text', 1, { a: 1 }, [1], Symbol('d'), () => 1];

function clients(): Array<[string, TripswitchClient]> {
  const flags = [
    booleanFlag('new-checkout', {
      rules: [
        {
          id: 'r1',
          conditions: [{ attribute: 'country', operator: 'in', values: ['NO'] }],
          serve: {
            rollout: {
              variations: [
                { variant: 'on', weight: 50_000 },
                { variant: 'off', weight: 50_000 },
              ],
            },
          },
        },
      ],
    }),
    valueFlag('banner', 'string', ['blue', 'red']),
  ];
  const ready = createClient({ offline: true, bootstrap: snapshotOf(1, flags), logger: silent });
  const notReady = createClient({ url: 'http://127.0.0.1:1', sdkKey: 'tss_x', logger: silent });
  return [
    ['a ready client', ready],
    ['a client that is not ready', notReady],
  ];
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe.each(clients())('%s', (_, client) => {
  it('never throws from isEnabled, variation, variationDetail or allFlags', () => {
    // Typed calls cannot express garbage: go through an untyped view, as plain JavaScript would.
    const untyped = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    let calls = 0;
    for (const context of contexts) {
      expect(typeof untyped.allFlags?.(context)).toBe('object');
      for (const key of keys) {
        expect(typeof untyped.isEnabled?.(key, context)).toBe('boolean');
        for (const fallback of defaults) {
          const detail = untyped.variationDetail?.(key, context, fallback) as { reason: string };
          expect(detail.reason).toMatch(/^(STATIC|TARGETING_MATCH|SPLIT|DEFAULT|DISABLED|ERROR)$/);
          untyped.variation?.(key, context, fallback);
          calls++;
        }
      }
    }
    expect(calls).toBe(contexts.length * keys.length * defaults.length);
  });

  it('never throws synchronously from subscriptions or ready(), whatever they are given', async () => {
    const untyped = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const key of keys) {
      const unsubscribe = untyped.onFlagChange?.(key, () => {}) as () => void;
      unsubscribe();
      unsubscribe();
    }
    const garbage = [undefined, null, 42, {}, { timeoutMs: -1 }, { timeoutMs: 'soon' }];
    const expected = client.status === 'ready' ? 'fulfilled' : 'rejected';
    const waiting = garbage.map((options) => untyped.ready?.(options) as Promise<void>);
    // Closing settles every wait that has not settled yet.
    await client.close();
    await client.close();
    const settled = await Promise.allSettled(waiting);
    expect(settled.map((outcome) => outcome.status)).toEqual(garbage.map(() => expected));
  });
});
