import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedTestApp } from '../support/app.ts';
import { createFlag, rolloutConfig } from '../support/factories.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tripswitch-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('embedded store', () => {
  it('keeps flags, versions and audit entries across a restart on the same data folder', async () => {
    const first = await createEmbeddedTestApp(dataDir);
    const flag = await createFlag(first.api);
    await first.api({
      method: 'PUT',
      url: `/api/v1/flags/${flag.key}/environments/production`,
      payload: { baseVersion: 1, config: rolloutConfig(), comment: 'before restart' },
    });
    await first.close();

    const second = await createEmbeddedTestApp(dataDir);
    try {
      const config = await second.api({
        method: 'GET',
        url: `/api/v1/flags/${flag.key}/environments/production`,
      });
      expect(config.json()).toMatchObject({ version: 2, config: rolloutConfig() });
      const audit = await second.api({ method: 'GET', url: `/api/v1/audit?flag=${flag.key}` });
      expect(audit.json().items[0]).toMatchObject({
        action: 'flagEnvironment.updated',
        comment: 'before restart',
      });
      const environments = await second.api({ method: 'GET', url: '/api/v1/environments' });
      expect(environments.json().items.map((env: { key: string }) => env.key)).toEqual([
        'development',
        'staging',
        'production',
      ]);
      const ready = await second.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });
});
