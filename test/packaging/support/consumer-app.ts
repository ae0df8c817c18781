import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './processes.ts';

/** An application outside the workspace with the packed SDK installed by npm. */
export interface ConsumerApp {
  folder: string;
  /** Writes a file into the app. */
  write(name: string, contents: string): string;
  remove(): void;
}

/**
 * A fresh app in the system's temporary folder (no workspace above it), with `npm install` of
 * the tarball: what a user does. Only the SDK's own dependency comes from the registry (or npm's
 * cache); TypeScript and esbuild are the workspace's, used by path.
 */
export async function createConsumerApp(tarball: string): Promise<ConsumerApp> {
  const folder = mkdtempSync(join(tmpdir(), 'tripswitch-consumer-'));
  const write = (name: string, contents: string) => {
    const path = join(folder, name);
    writeFileSync(path, contents);
    return path;
  };
  write(
    'package.json',
    JSON.stringify({ name: 'consumer', private: true, type: 'module', version: '1.0.0' }),
  );
  await promisify(execFile)(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball],
    { cwd: folder },
  );
  return { folder, write, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** The workspace's TypeScript compiler, run on a consumer's own tsconfig. */
export const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
/** The workspace's @types folder (for @types/node), since the consumer installs none. */
export const TYPE_ROOTS = join(REPO, 'node_modules', '@types');
