// Golden evaluation vectors: a snapshot and contexts -> the variant and reason every SDK must
// serve. Expectations are declared here by hand (what each operator, target and rule means);
// the generator refuses to write a file the implementation disagrees with, then the file is
// frozen. Rollout expectations come from the frozen bucketing vectors' rule: consecutive ranges.

import { bucketOf } from '@tripswitch/sdk';
import type {
  Condition,
  Operator,
  Snapshot,
  SnapshotFlag,
  SnapshotSegment,
} from '@tripswitch/sdk/protocol';

export interface Expected {
  reason: string;
  variant?: string;
  value?: unknown;
  ruleIndex?: number;
  ruleId?: string;
  errorCode?: string;
}
export interface EvaluationCase {
  flag: string;
  context: Record<string, unknown>;
  /** Present when the caller asks for a kind (typed variation calls). */
  expectedKind?: string;
  /** The caller's default; served on ERROR. */
  defaultValue: unknown;
  expected: Expected;
}
export interface EvaluationSuite {
  name: string;
  snapshot: Snapshot;
  cases: EvaluationCase[];
}

const base = (key: string, overrides: Partial<SnapshotFlag> = {}): SnapshotFlag => ({
  key,
  kind: 'boolean',
  salt: `${key}-salt`,
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
});

const snapshotOf = (flags: SnapshotFlag[], segments: SnapshotSegment[] = []): Snapshot => ({
  schemaVersion: 1,
  environment: 'vectors',
  revision: 1,
  flags: Object.fromEntries(flags.map((f) => [f.key, f])),
  segments: Object.fromEntries(segments.map((s) => [s.key, s])),
});

const ruleMatch = (
  ruleId = 'r0',
  ruleIndex = 0,
  variant = 'on',
  value: unknown = true,
): Expected => ({
  reason: 'TARGETING_MATCH',
  variant,
  value,
  ruleIndex,
  ruleId,
});
const fallThrough: Expected = { reason: 'DEFAULT', variant: 'off', value: false };
const MISSING = Symbol('missing');

/** One operator: its values, and context values with whether they match (MISSING: no attribute). */
type OperatorTable = [Operator, (string | number)[], [unknown, boolean][]][];

const operatorTable: OperatorTable = [
  [
    'in',
    ['NO', 'SE', 7],
    [
      ['NO', true],
      ['SE', true],
      ['DK', false],
      ['no', false],
      [7, true],
      ['7', false],
      [8, false],
      [['DK', 'SE'], true],
      [['DK'], false],
      [[], false],
      [null, false],
      [MISSING, false],
    ],
  ],
  [
    'in',
    ['true'],
    [
      [true, true],
      [false, false],
      ['true', true],
    ],
  ],
  [
    'notIn',
    ['NO', 'SE'],
    [
      ['DK', true],
      ['NO', false],
      [['DK', 'FI'], true],
      [['DK', 'NO'], false],
      [[], false],
      [MISSING, false],
    ],
  ],
  [
    'startsWith',
    ['admin@', 12],
    [
      ['admin@acme.io', true],
      ['Admin@acme.io', false],
      ['1234', true],
      [1234, false],
      [MISSING, false],
    ],
  ],
  [
    'endsWith',
    ['@acme.io'],
    [
      ['bo@acme.io', true],
      ['bo@acme.io.evil', false],
      [['x', 'y@acme.io'], true],
      [MISSING, false],
    ],
  ],
  [
    'contains',
    ['Firefox'],
    [
      ['Mozilla Firefox/120', true],
      ['firefox', false],
      [true, false],
      [MISSING, false],
    ],
  ],
  [
    'matches',
    ['^\\+(47|46)\\d{8}$'],
    [
      ['+4712345678', true],
      ['+4512345678', false],
      ['x+4712345678', false],
      [4712345678, false],
      [MISSING, false],
    ],
  ],
  [
    'matches',
    ['^.$'],
    [
      ['😀', true],
      ['ab', false],
    ],
  ],
  [
    'lt',
    [18],
    [
      [17, true],
      [18, false],
      ['17.5', true],
      ['seventeen', false],
      [true, false],
      [MISSING, false],
    ],
  ],
  [
    'lte',
    [18],
    [
      [18, true],
      [18.01, false],
    ],
  ],
  [
    'gt',
    [10, 20],
    [
      [15, true],
      [10, false],
      [-1e3, false],
      ['1e3', true],
    ],
  ],
  [
    'gte',
    ['2.5'],
    [
      [2.5, true],
      [2.49, false],
      ['2.5', true],
    ],
  ],
  [
    'before',
    ['2026-03-01T12:00:00Z'],
    [
      ['2026-03-01T11:59:59.999Z', true],
      ['2026-03-01T12:00:00Z', false],
      ['2026-03-01T13:59:00+02:00', true],
      ['2026-03-01T12:00:00', false],
      ['2026-03-01', true],
      [1772366399999, true],
      [1772366400000, false],
      ['March 1, 2026', false],
      ['1772366399999', false],
      [MISSING, false],
    ],
  ],
  [
    'after',
    [1772366400000],
    [
      ['2026-03-01T12:00:00.001Z', true],
      ['2026-03-01T07:30:00-05:00', true],
      ['2026-02-29', false],
      ['2024-02-29', false],
      [1772366400001, true],
      [MISSING, false],
    ],
  ],
  [
    'semverEq',
    ['1.2.3+build.7'],
    [
      ['1.2.3', true],
      ['1.2.3+other', true],
      ['1.2.3-rc.1', false],
      ['v1.2.3', false],
      [MISSING, false],
    ],
  ],
  [
    'semverLt',
    ['1.0.0'],
    [
      ['1.0.0-alpha', true],
      ['1.0.0-rc.1', true],
      ['1.0.0', false],
      ['0.9.99', true],
      ['1.0', false],
      [MISSING, false],
    ],
  ],
  [
    'semverGt',
    ['1.0.0-beta.2'],
    [
      ['1.0.0-beta.11', true],
      ['1.0.0-beta', false],
      ['1.0.0-alpha.beta', false],
      ['1.0.0', true],
      ['2.0.0', true],
      ['02.0.0', false],
      [MISSING, false],
    ],
  ],
];

function operatorSuite(): EvaluationSuite {
  const flags: SnapshotFlag[] = [];
  const cases: EvaluationCase[] = [];
  operatorTable.forEach(([operator, values, contexts], n) => {
    for (const negate of [false, true]) {
      const key = `${operator.toLowerCase()}-${n}${negate ? '-negated' : ''}`;
      const condition: Condition = negate
        ? { attribute: 'a', operator, values, negate }
        : { attribute: 'a', operator, values };
      flags.push(
        base(key, { rules: [{ id: 'r0', conditions: [condition], serve: { variant: 'on' } }] }),
      );
      for (const [value, matches] of contexts) {
        const context = value === MISSING ? { key: 'u1' } : { key: 'u1', a: value };
        // A missing attribute fails every condition, so its negation matches.
        cases.push({
          flag: key,
          context,
          defaultValue: false,
          expected: matches !== negate ? ruleMatch() : fallThrough,
        });
      }
    }
  });
  // Broken conditions match nothing, negated or not.
  const broken: [string, Operator, (string | number)[]][] = [
    ['broken-regex', 'matches', ['(unclosed']],
    ['broken-number', 'gt', ['ten']],
    ['broken-date', 'before', ['tomorrow']],
    ['broken-semver', 'semverLt', ['latest']],
    ['unknown-operator', 'nearTo' as Operator, ['NO']],
  ];
  for (const [key, operator, values] of broken) {
    flags.push(
      base(key, {
        rules: [
          {
            id: 'r0',
            conditions: [{ attribute: 'a', operator, values, negate: true }],
            serve: { variant: 'on' },
          },
        ],
      }),
    );
    for (const context of [{ key: 'u1' }, { key: 'u1', a: 'NO' }, { key: 'u1', a: 11 }]) {
      cases.push({ flag: key, context, defaultValue: false, expected: fallThrough });
    }
  }
  return { name: 'operators, negation and missing attributes', snapshot: snapshotOf(flags), cases };
}

function orderSuite(): EvaluationSuite {
  const full = base('full', {
    kind: 'string',
    variants: [
      { key: 'a', value: 'A' },
      { key: 'b', value: 'B' },
      { key: 'c', value: 'C' },
    ],
    offVariation: 'c',
    targets: [
      { variant: 'a', values: ['alice', '42'] },
      { variant: 'b', values: ['bob', 'alice'] },
    ],
    rules: [
      {
        id: 'pro',
        conditions: [{ attribute: 'plan', operator: 'in', values: ['pro'] }],
        serve: { variant: 'b' },
      },
      {
        id: 'nordic',
        conditions: [
          { attribute: 'country', operator: 'in', values: ['NO', 'SE'] },
          { attribute: 'plan', operator: 'in', values: ['team'] },
        ],
        serve: { variant: 'a' },
      },
    ],
    defaultServe: { variant: 'c' },
  });
  const killed = { ...full, key: 'killed', salt: 'killed-salt', on: false };
  const fixed = base('fixed', { defaultServe: { variant: 'on' } });
  const served = (variant: string, reason: string, rule?: [number, string]): Expected => ({
    reason,
    variant,
    value: variant.toUpperCase(),
    ...(rule ? { ruleIndex: rule[0], ruleId: rule[1] } : {}),
  });
  const cases: EvaluationCase[] = [
    {
      flag: 'missing',
      context: { key: 'u1' },
      defaultValue: 'dflt',
      expected: { reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND', value: 'dflt' },
    },
    {
      flag: 'killed',
      context: { key: 'alice', plan: 'pro' },
      defaultValue: 'dflt',
      expected: served('c', 'DISABLED'),
    },
    { flag: 'killed', context: {}, defaultValue: 'dflt', expected: served('c', 'DISABLED') },
    {
      flag: 'full',
      context: { key: 'alice', plan: 'pro' },
      defaultValue: '',
      expected: served('a', 'TARGETING_MATCH'),
    },
    {
      flag: 'full',
      context: { key: 'bob' },
      defaultValue: '',
      expected: served('b', 'TARGETING_MATCH'),
    },
    {
      flag: 'full',
      context: { key: 42 },
      defaultValue: '',
      expected: served('a', 'TARGETING_MATCH'),
    },
    { flag: 'full', context: { key: 'Alice' }, defaultValue: '', expected: served('c', 'DEFAULT') },
    {
      flag: 'full',
      context: { key: '', plan: 'team', country: 'NO' },
      defaultValue: '',
      expected: served('a', 'TARGETING_MATCH', [1, 'nordic']),
    },
    {
      flag: 'full',
      context: { key: 'u', plan: 'pro', country: 'NO' },
      defaultValue: '',
      expected: served('b', 'TARGETING_MATCH', [0, 'pro']),
    },
    {
      flag: 'full',
      context: { key: 'u', plan: 'team', country: 'DK' },
      defaultValue: '',
      expected: served('c', 'DEFAULT'),
    },
    {
      flag: 'full',
      context: { plan: 'team', country: ['DK', 'SE'] },
      defaultValue: '',
      expected: served('a', 'TARGETING_MATCH', [1, 'nordic']),
    },
    {
      flag: 'full',
      context: { key: 'u' },
      expectedKind: 'boolean',
      defaultValue: true,
      expected: { reason: 'ERROR', errorCode: 'TYPE_MISMATCH', value: true },
    },
    {
      flag: 'killed',
      context: { key: 'u' },
      expectedKind: 'number',
      defaultValue: 0,
      expected: { reason: 'ERROR', errorCode: 'TYPE_MISMATCH', value: 0 },
    },
    {
      flag: 'full',
      context: { key: 'u' },
      expectedKind: 'string',
      defaultValue: '',
      expected: served('c', 'DEFAULT'),
    },
    {
      flag: 'fixed',
      context: {},
      defaultValue: false,
      expected: { reason: 'STATIC', variant: 'on', value: true },
    },
    {
      flag: 'fixed',
      context: { key: 'u1', plan: 'pro' },
      expectedKind: 'boolean',
      defaultValue: false,
      expected: { reason: 'STATIC', variant: 'on', value: true },
    },
  ];
  return {
    name: 'order of evaluation, targets, rules, type mismatch',
    snapshot: snapshotOf([full, killed, fixed]),
    cases,
  };
}

function segmentSuite(): EvaluationSuite {
  const segments: SnapshotSegment[] = [
    {
      key: 'beta',
      version: 1,
      included: ['insider'],
      excluded: ['banned'],
      conditions: [
        { attribute: 'plan', operator: 'in', values: ['pro'] },
        { attribute: 'country', operator: 'in', values: ['NO'] },
      ],
    },
    { key: 'staff', version: 1, included: ['ada'], excluded: [], conditions: [] },
  ];
  const flags = [
    base('in-segments', {
      rules: [
        {
          id: 'r0',
          conditions: [{ operator: 'inSegment', values: ['staff', 'beta'] }],
          serve: { variant: 'on' },
        },
      ],
    }),
    base('not-in-segments', {
      rules: [
        {
          id: 'r0',
          conditions: [{ operator: 'inSegment', values: ['staff', 'beta'], negate: true }],
          serve: { variant: 'on' },
        },
      ],
    }),
    base('ghost-segment', {
      rules: [
        {
          id: 'r0',
          conditions: [{ operator: 'inSegment', values: ['ghost'] }],
          serve: { variant: 'on' },
        },
      ],
    }),
  ];
  const members: [Record<string, unknown>, boolean][] = [
    [{ key: 'insider' }, true],
    [{ key: 'ada', plan: 'free' }, true],
    [{ key: 'banned', plan: 'pro', country: 'NO' }, false],
    [{ key: 'u1', plan: 'pro', country: 'NO' }, true],
    [{ plan: 'pro', country: 'NO' }, true],
    [{ key: 'u1', plan: 'pro', country: 'SE' }, false],
    [{ key: 'u1' }, false],
    [{}, false],
  ];
  const cases: EvaluationCase[] = [];
  for (const [context, member] of members) {
    cases.push({
      flag: 'in-segments',
      context,
      defaultValue: false,
      expected: member ? ruleMatch() : fallThrough,
    });
    cases.push({
      flag: 'not-in-segments',
      context,
      defaultValue: false,
      expected: member ? fallThrough : ruleMatch(),
    });
    cases.push({ flag: 'ghost-segment', context, defaultValue: false, expected: fallThrough });
  }
  return { name: 'segments', snapshot: snapshotOf(flags, segments), cases };
}

function rolloutSuite(): EvaluationSuite {
  const shares: [string, number][] = [
    ['a', 20000],
    ['b', 0],
    ['c', 50000],
    ['b', 30000],
  ];
  const variants = ['a', 'b', 'c'].map((key) => ({ key, value: key.toUpperCase() }));
  const variations = shares.map(([variant, weight]) => ({ variant, weight }));
  const flags = [
    base('split', {
      kind: 'string',
      salt: 'split-salt',
      variants,
      offVariation: 'a',
      defaultServe: { rollout: { variations } },
    }),
    base('split-by-tenant', {
      kind: 'string',
      salt: 'tenant-salt',
      variants,
      offVariation: 'a',
      rules: [
        {
          id: 'beta',
          conditions: [{ attribute: 'beta', operator: 'in', values: ['true'] }],
          serve: { rollout: { variations, bucketBy: 'tenant' } },
        },
      ],
      defaultServe: { variant: 'a' },
    }),
  ];
  const pick = (bucket: number) => (bucket < 20000 ? 'a' : bucket < 70000 ? 'c' : 'b');
  const cases: EvaluationCase[] = [];
  for (let i = 0; i < 120; i++) {
    const key = `user-${i}`;
    const variant = pick(bucketOf('split-salt', key));
    cases.push({
      flag: 'split',
      context: { key },
      defaultValue: '',
      expected: { reason: 'SPLIT', variant, value: variant.toUpperCase() },
    });
  }
  for (const key of ['😀', 'ünïcödé', '0', 'x'.repeat(300)]) {
    const variant = pick(bucketOf('split-salt', key));
    cases.push({
      flag: 'split',
      context: { key },
      defaultValue: '',
      expected: { reason: 'SPLIT', variant, value: variant.toUpperCase() },
    });
  }
  for (const key of [12345, 1.5, 1e21]) {
    const variant = pick(bucketOf('split-salt', String(key)));
    cases.push({
      flag: 'split',
      context: { key },
      defaultValue: '',
      expected: { reason: 'SPLIT', variant, value: variant.toUpperCase() },
    });
  }
  for (const context of [{}, { key: '' }, { key: true }, { key: ['u1'] }]) {
    cases.push({
      flag: 'split',
      context,
      defaultValue: 'safe',
      expected: { reason: 'ERROR', errorCode: 'TARGETING_KEY_MISSING', value: 'safe' },
    });
  }
  for (const tenant of ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark']) {
    const variant = pick(bucketOf('tenant-salt', tenant));
    for (const key of ['u1', 'u2']) {
      cases.push({
        flag: 'split-by-tenant',
        context: { key, tenant, beta: true },
        defaultValue: '',
        expected: {
          reason: 'SPLIT',
          variant,
          value: variant.toUpperCase(),
          ruleIndex: 0,
          ruleId: 'beta',
        },
      });
    }
  }
  cases.push({
    flag: 'split-by-tenant',
    context: { key: 'u1', beta: true },
    defaultValue: 'safe',
    expected: { reason: 'ERROR', errorCode: 'INVALID_CONTEXT', value: 'safe' },
  });
  cases.push({
    flag: 'split-by-tenant',
    context: { key: 'u1', tenant: 'acme' },
    defaultValue: '',
    expected: { reason: 'DEFAULT', variant: 'a', value: 'A' },
  });
  return { name: 'rollouts', snapshot: snapshotOf(flags), cases };
}

export function evaluationSuites(): EvaluationSuite[] {
  return [orderSuite(), operatorSuite(), segmentSuite(), rolloutSuite()];
}
