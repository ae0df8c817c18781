import { api, type Endpoint, sdkApi } from '@tripswitch/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFlag } from '../support/factories.ts';

// Sweeps garbage over every route in the endpoint table: odd path values, odd query strings,
// bodies of every JSON type, and each body field swapped for values of other types. Whatever
// comes back must be a 4xx problem or a success, never a 5xx.

let t: TestApp;
let realFlag: string;
beforeAll(async () => {
  t = await createTestApp();
  realFlag = (await createFlag(t.api)).key;
});
afterAll(() => t.close());

const PARAM_VALUES: Record<string, string[]> = {
  flagKey: () => [realFlag, 'ghost', 'UPPER', '%00', 'a'.repeat(300), '..'],
  environment: () => ['production', 'nowhere', 'Bad Env', '%F0%9F%92%A5'],
  segmentKey: () => ['ghost', '-x', 'a'.repeat(200)],
  version: () => ['1', '0', '-1', '1.5', '99999999999999999999', 'abc'],
  tokenId: () => ['ghost', '../../etc', 'x'.repeat(100)],
} as unknown as Record<string, string[]>;

const paramValues = (name: string): string[] =>
  (PARAM_VALUES[name] as unknown as () => string[] | undefined)?.() ?? ['x'];

const QUERIES = [
  '',
  '?limit=0',
  '?limit=abc',
  '?limit=1000000',
  '?cursor=%00',
  '?status=weird',
  '?from=yesterday',
  '?x=1',
];

const BODIES: string[] = [
  '',
  'null',
  '[]',
  '"text"',
  '123',
  'true',
  '{',
  '{}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  `{"key": "${'k'.repeat(5000)}"}`,
  JSON.stringify({ a: Array.from({ length: 50 }, () => ({})) }),
  `${'['.repeat(2000)}${']'.repeat(2000)}`,
  '{"key": "a\\u0000b", "name": "\\u0000", "comment": "\\ud800"}',
];

const ODD_VALUES: unknown[] = [
  null,
  -1,
  1e308,
  0.5,
  '',
  'x'.repeat(6000),
  [],
  [null],
  {},
  { $gt: '' },
  true,
];

function pathsOf(endpoint: Endpoint): string[] {
  const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
  let paths = [endpoint.path];
  for (const name of names) {
    paths = paths.flatMap((path) =>
      paramValues(name).map((value) => path.replace(`:${name}`, value)),
    );
  }
  // Cap the cross product: the first values are the interesting ones.
  return paths.slice(0, 12);
}

function bodiesOf(endpoint: Endpoint): string[] {
  if (!endpoint.body) return ['{}'];
  const fields = Object.keys((endpoint.body as { properties?: object }).properties ?? {});
  const swapped = fields.flatMap((field) =>
    ODD_VALUES.map((value) => JSON.stringify({ [field]: value })),
  );
  return [...BODIES, ...swapped];
}

const endpoints = Object.entries({ ...api, ...sdkApi }) as [string, Endpoint][];

describe('garbage over every route', () => {
  it.each(endpoints)('%s never answers 5xx', async (_name, endpoint) => {
    const failures: string[] = [];
    for (const path of pathsOf(endpoint)) {
      for (const query of QUERIES.slice(0, endpoint.query ? QUERIES.length : 2)) {
        const bodies =
          endpoint.method === 'GET' || endpoint.method === 'DELETE'
            ? [undefined]
            : bodiesOf(endpoint);
        for (const body of bodies) {
          const response = await t.api({
            method: endpoint.method,
            url: `${path}${query}`,
            ...(body !== undefined && {
              payload: body,
              headers: { 'content-type': 'application/json' },
            }),
          });
          if (response.statusCode >= 500)
            failures.push(
              `${endpoint.method} ${path}${query} ${body?.slice(0, 80)} -> ${response.statusCode}`,
            );
          else if (response.statusCode >= 400) expect(response.json().code).toMatch(/^TS_/);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('left no prototype pollution behind', () => {
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
