import type { FlagConfig } from '@tripswitch/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { diffConfigs } from './configDiff.ts';

const base: FlagConfig = {
  on: true,
  offVariation: 'off',
  targets: [],
  rules: [
    {
      id: 'r1',
      name: 'nordics',
      conditions: [{ attribute: 'country', operator: 'in', values: ['NO', 'SE'] }],
      serve: { variant: 'on' },
    },
  ],
  defaultServe: { variant: 'off' },
};

describe('diffConfigs', () => {
  it('finds nothing between equal configurations', () => {
    expect(diffConfigs(base, structuredClone(base))).toEqual([]);
  });

  it('reads a kill and a new rollout as sentences', () => {
    const after: FlagConfig = {
      ...base,
      on: false,
      defaultServe: {
        rollout: {
          variations: [
            { variant: 'on', weight: 5000 },
            { variant: 'off', weight: 95000 },
          ],
        },
      },
    };
    expect(diffConfigs(base, after)).toEqual([
      { path: 'kill switch', before: 'on', after: 'off' },
      { path: 'default rule', before: 'off', after: 'rollout on 5% · off 95%' },
    ]);
  });

  it('follows rules by id, so a rule inserted first reads as one added rule and a new order', () => {
    const added = {
      id: 'r0',
      conditions: [{ attribute: 'plan', operator: 'in' as const, values: ['free'], negate: true }],
      serve: { variant: 'off' },
    };
    const changes = diffConfigs(base, { ...base, rules: [added, ...base.rules] });
    expect(changes).toEqual([
      {
        path: 'rules › rule r0',
        after: 'conditions: plan not in free · serve: off',
      },
      {
        path: 'rule order',
        before: 'rule "nordics"',
        after: 'rule r0 → rule "nordics"',
      },
    ]);
  });

  it('points at the changed condition inside a rule, counting from one', () => {
    const rule = base.rules[0];
    if (!rule) throw new Error('fixture has a rule');
    const after = {
      ...base,
      rules: [
        {
          ...rule,
          conditions: [{ attribute: 'country', operator: 'in' as const, values: ['NO'] }],
        },
      ],
    };
    expect(diffConfigs(base, after)).toEqual([
      {
        path: 'rules › rule "nordics" › conditions › 1',
        before: 'country in NO, SE',
        after: 'country in NO',
      },
    ]);
  });
});
