import { describe, expect, it } from 'vitest';
import type { Outcome } from './counters.ts';
import { type GuardHost, runGuarded } from './guard.ts';

function host(variant: string | undefined) {
  const recorded: Array<{ variant: string } & Outcome> = [];
  let clock = 0;
  const guardHost: GuardHost & { tick(ms: number): void } = {
    serve: () => variant,
    record: (_flag, served, outcome) => recorded.push({ variant: served, ...outcome }),
    now: () => clock,
    tick: (ms) => {
      clock += ms;
    },
  };
  return { host: guardHost, recorded };
}

describe('runGuarded', () => {
  it("runs the served variant's path and records its latency as a success", () => {
    const { host: guard, recorded } = host('on');
    const result = runGuarded(
      guard,
      'checkout',
      {},
      {
        on: () => {
          guard.tick(42);
          return 'new';
        },
        off: () => 'old',
      },
    );
    expect(result).toBe('new');
    expect(recorded).toEqual([{ variant: 'on', error: undefined, latencyMs: 42 }]);
  });

  it('counts a throw against the served variant and rethrows it without a fallback', () => {
    const { host: guard, recorded } = host('on');
    const failure = new Error('boom');
    expect(() =>
      runGuarded(
        guard,
        'checkout',
        {},
        {
          on: () => {
            throw failure;
          },
          off: () => 'old',
        },
      ),
    ).toThrow(failure);
    expect(recorded).toEqual([{ variant: 'on', error: failure, latencyMs: 0 }]);
  });

  it('answers with the fallback path when the chosen one throws, still counting the error', () => {
    const { host: guard, recorded } = host('on');
    const result = runGuarded(
      guard,
      'checkout',
      {},
      {
        on: () => {
          throw new Error('boom');
        },
        off: () => 'old',
      },
      { fallback: 'off' },
    );
    expect(result).toBe('old');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ variant: 'on' });
    expect(recorded[0]?.error).toBeInstanceOf(Error);
  });

  it('waits for a promise: a rejection is an error, and the fallback answers it', async () => {
    const { host: guard, recorded } = host('on');
    const paths = {
      on: async () => {
        guard.tick(5);
        throw new Error('late');
      },
      off: async () => 'old',
    };
    await expect(runGuarded(guard, 'checkout', {}, paths)).rejects.toThrow('late');
    await expect(runGuarded(guard, 'checkout', {}, paths, { fallback: 'off' })).resolves.toBe(
      'old',
    );
    expect(recorded.map((outcome) => [outcome.variant, outcome.latencyMs])).toEqual([
      ['on', 5],
      ['on', 5],
    ]);
    expect(recorded.every((outcome) => outcome.error instanceof Error)).toBe(true);
  });

  it('runs the fallback unmeasured when the flag serves no variant or one without a path', () => {
    for (const served of [undefined, 'beta', 'constructor']) {
      const { host: guard, recorded } = host(served);
      expect(runGuarded(guard, 'checkout', {}, { off: () => 'old' }, { fallback: 'off' })).toBe(
        'old',
      );
      expect(recorded).toEqual([]);
    }
  });

  it('throws a TypeError naming the flag when no path can run', () => {
    const { host: guard } = host('beta');
    expect(() => runGuarded(guard, 'checkout', {}, { on: () => 1 })).toThrow(
      'guard: no path for variant "beta" of flag "checkout"; add one, or a fallback',
    );
  });
});
