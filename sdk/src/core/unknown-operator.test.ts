import { describe, expect, it } from 'vitest';
import type { Condition } from '../protocol/index.ts';
import { compileSnapshot } from './compile-snapshot.ts';
import { evaluate } from './evaluate.ts';
import { condition, flag, matcher, rule, snapshot } from './factories.ts';

// An operator this SDK does not know yet, as a newer server might send it.
const future = (negate?: boolean) =>
  ({ ...condition('country', 'in', ['NO'], negate), operator: 'nearTo' }) as unknown as Condition;

describe('unknown operators', () => {
  it('make their condition match nothing, negated or not', () => {
    expect(matcher([future()])({ country: 'NO' })).toBe(false);
    expect(matcher([future(true)])({ country: 'SE' })).toBe(false);
    expect(matcher([future(true)])({})).toBe(false);
  });

  it('leave the rest of the snapshot working', () => {
    const result = compileSnapshot(
      snapshot([
        flag({
          rules: [
            rule([future()], 'on', 'new'),
            rule([condition('plan', 'in', ['pro'])], 'on', 'old'),
          ],
        }),
      ]),
    );
    expect(
      result.ok && evaluate(result.snapshot, 'checkout', { plan: 'pro', country: 'NO' }, false),
    ).toMatchObject({
      variant: 'on',
      ruleId: 'old',
    });
  });

  it('are reported once per compile, naming the first place and counting the others', () => {
    const reports: string[] = [];
    const flags = [
      flag({ rules: [rule([future(), future(true)], 'on')] }),
      flag({ key: 'banner', rules: [rule([future()], 'on')] }),
    ];
    compileSnapshot(snapshot(flags), (message) => reports.push(message));
    expect(reports).toEqual([
      'flags.checkout.rules[0].conditions[0] (and 2 more): unknown operator "nearTo"; the condition matches nothing',
    ]);
    compileSnapshot(snapshot(flags), (message) => reports.push(message));
    expect(reports).toHaveLength(2);
  });

  it('cannot break compilation through a reporter that throws', () => {
    const result = compileSnapshot(snapshot([flag({ rules: [rule([future()], 'on')] })]), () => {
      throw new Error('logger down');
    });
    expect(result.ok).toBe(true);
  });
});
