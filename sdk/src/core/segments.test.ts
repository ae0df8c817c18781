import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { compiled, condition, flag, inSegment, rule, segment } from './factories.ts';

const beta = segment('beta', {
  included: ['insider'],
  excluded: ['banned'],
  conditions: [condition('plan', 'in', ['pro']), condition('country', 'in', ['NO'])],
});
const staff = segment('staff', { included: ['ada'] });
const inBeta = (negate?: boolean) =>
  flag({ rules: [rule([inSegment(['staff', 'beta'], negate)], 'on')] });

describe('segments', () => {
  const snapshot = compiled([inBeta()], [beta, staff]);
  const served = (context: Record<string, unknown>) =>
    evaluate(snapshot, 'checkout', context, false).variant;

  it('always includes listed keys, whatever their attributes', () => {
    expect(served({ key: 'insider' })).toBe('on');
    expect(served({ key: 'ada', plan: 'free' })).toBe('on');
  });

  it('never includes excluded keys, even when every condition matches', () => {
    expect(served({ key: 'banned', plan: 'pro', country: 'NO' })).toBe('off');
  });

  it('includes other contexts only when every segment condition matches', () => {
    expect(served({ key: 'u1', plan: 'pro', country: 'NO' })).toBe('on');
    expect(served({ key: 'u1', plan: 'pro', country: 'SE' })).toBe('off');
    expect(served({ plan: 'pro', country: 'NO' })).toBe('on');
  });

  it('includes nobody by conditions when the segment has none', () => {
    expect(served({ key: 'u1' })).toBe('off');
  });

  it('inverts membership when negated', () => {
    const negated = compiled([inBeta(true)], [beta, staff]);
    expect(evaluate(negated, 'checkout', { key: 'banned' }, false).variant).toBe('on');
    expect(evaluate(negated, 'checkout', { key: 'ada' }, false).variant).toBe('off');
  });

  it('treats an unknown segment as having no members, and reports it at compile time', () => {
    const reports: string[] = [];
    const orphan = compiled([flag({ rules: [rule([inSegment(['ghost'])], 'on')] })], [], (m) =>
      reports.push(m),
    );
    expect(evaluate(orphan, 'checkout', { key: 'u1' }, true).variant).toBe('off');
    expect(reports).toEqual([
      'flags.checkout: inSegment names unknown segment "ghost", which has no members',
    ]);
  });

  it('refuses nested segment references, which could form cycles, and reports them', () => {
    const reports: string[] = [];
    const nested = segment('outer', { conditions: [inSegment(['staff'])] });
    const snapshotWithNesting = compiled(
      [flag({ rules: [rule([inSegment(['outer'])], 'on')] })],
      [nested, staff],
      (m) => reports.push(m),
    );
    expect(evaluate(snapshotWithNesting, 'checkout', { key: 'ada' }, true).variant).toBe('off');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(
      /^segments\.outer\.conditions\[0\]: a segment cannot refer to segments/,
    );
  });
});
