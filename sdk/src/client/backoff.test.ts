import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

const options = { initialMs: 100, maxMs: 1_000 };

describe('backoffDelay', () => {
  it('draws uniformly below a ceiling that doubles with each attempt', () => {
    const almostOne = () => 0.999_999;
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, options, almostOne))).toEqual([
      99, 199, 399, 799,
    ]);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(backoffDelay(5, options, () => 0.999_999)).toBe(999);
    expect(backoffDelay(10_000, options, () => 0.999_999)).toBe(999);
  });

  it('can retry at once: full jitter starts at zero', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });

  it('spreads a crowd of clients over the whole window', () => {
    const delays = [0.1, 0.5, 0.9].map((draw) => backoffDelay(3, options, () => draw));
    expect(delays).toEqual([80, 400, 720]);
  });
});
