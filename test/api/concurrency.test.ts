import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedTestApp, createTestApp, type EmbeddedTestApp } from '../support/app.ts';
import { createFlag, rolloutConfig, uniqueKey } from '../support/factories.ts';

// The same races on both stores: real Postgres (row locks) and the embedded PGlite, which is one
// session, where interleaved interactive transactions would break these guarantees.

const dataDir = mkdtempSync(join(tmpdir(), 'tripswitch-concurrency-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.each([
  ['postgres', undefined],
  ['embedded', dataDir],
])('concurrent writers on %s', (_store, embeddedDataDir) => {
  let t: EmbeddedTestApp;
  beforeAll(async () => {
    t = await (embeddedDataDir === undefined
      ? createTestApp()
      : createEmbeddedTestApp(embeddedDataDir));
  });
  afterAll(() => t.close());

  it('two writers on the same version: exactly one succeeds, the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const flag = await createFlag(t.api);
      const url = `/api/v1/flags/${flag.key}/environments/staging`;
      const [a, b] = await Promise.all([
        t.api({
          method: 'PUT',
          url,
          payload: { baseVersion: 1, config: rolloutConfig(), comment: 'a' },
        }),
        t.api({
          method: 'PUT',
          url,
          payload: { baseVersion: 1, config: rolloutConfig({ on: false }), comment: 'b' },
        }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json().current.version).toBe(2);
      const versions = await t.api({ method: 'GET', url: `${url}/versions` });
      expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    }
  });

  it('a burst of switches yields consecutive versions and one revision per change', async () => {
    const flag = await createFlag(t.api);
    const url = `/api/v1/flags/${flag.key}/environments/development`;
    const revision = async () =>
      (await t.api({ method: 'GET', url: '/api/v1/environments/development' })).json()
        .revision as number;
    const before = await revision();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.api({ method: 'POST', url: `${url}/${i % 2 ? 'kill' : 'enable'}` }),
      ),
    );
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    const versions = (await t.api({ method: 'GET', url: `${url}/versions?limit=200` })).json()
      .items as {
      version: number;
    }[];
    const count = versions.length;
    expect(versions.map((v) => v.version)).toEqual(
      Array.from({ length: count }, (_, i) => count - i),
    );
    // Each real change (a version after the first) bumped the revision exactly once.
    expect(await revision()).toBe(before + count - 1);
  });

  it('flags and environments created at the same time still each get a config in the other', async () => {
    const envKeys = Array.from({ length: 3 }, () => uniqueKey('env').slice(0, 32));
    const flagKeys = Array.from({ length: 3 }, () => uniqueKey('flag'));
    await Promise.all([
      ...envKeys.map((key) =>
        t.api({ method: 'POST', url: '/api/v1/environments', payload: { key } }),
      ),
      ...flagKeys.map((key) => t.api({ method: 'POST', url: '/api/v1/flags', payload: { key } })),
    ]);
    for (const flagKey of flagKeys) {
      const flag = (await t.api({ method: 'GET', url: `/api/v1/flags/${flagKey}` })).json();
      for (const env of envKeys) {
        expect(flag.environments[env]).toEqual({
          on: false,
          version: 1,
          offVariation: 'off',
          defaultServe: { variant: 'on' },
          tripped: false,
        });
      }
    }
  });
});
