import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedTestApp } from '../support/app.ts';
import { createFlag, rolloutConfig } from '../support/factories.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
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

  it('refuses a second Tripswitch on a folder in use, in this process or another, in one line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tripswitch-locked-'));
    const first = await createEmbeddedTestApp(folder);
    try {
      expect(readFileSync(join(folder, 'tripswitch.pid'), 'utf8').trim()).toBe(String(process.pid));
      await expect(createEmbeddedTestApp(folder)).rejects.toThrow(
        /in use by another Tripswitch in this process; stop that one first/,
      );
      const other = spawnSync(
        process.execPath,
        ['--conditions=@tripswitch/source', '--import', 'tsx', 'server/src/main.ts'],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: '', TRIPSWITCH_DATA_DIR: folder, PORT: '0' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(other.status).toBe(1);
      expect(other.stderr.trim().split('\n')).toEqual([
        `tripswitch: cannot start the embedded database in ${folder}: it is in use by another Tripswitch (pid ${process.pid}; if none is running, delete ${join(folder, 'tripswitch.pid')}); stop that one first, or set TRIPSWITCH_DATA_DIR to another folder`,
      ]);
      // The first one never noticed.
      expect((await first.api({ method: 'GET', url: '/api/v1/flags' })).statusCode).toBe(200);
    } finally {
      await first.close();
    }
    // Released on close, and a pid file left by a process that is gone is taken over.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(folder, 'tripswitch.pid'), `${gone.stdout}\n`);
    const again = await createEmbeddedTestApp(folder);
    await again.close();
    rmSync(folder, { recursive: true, force: true });
  });
});
