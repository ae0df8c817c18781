import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { node22 } from './node22.ts';
import { packSdk, type SdkTarball } from './sdk-tarball.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The SDK as `npm pack` made it this run, outside the workspace. */
    sdkTarball: SdkTarball;
    /** A Node 22 binary to run the same smoke tests with, or null when none could be had. */
    node22: string | null;
  }
}

/**
 * Once per run: builds and packs the SDK into a temporary folder (removed after the run), and
 * finds Node 22, meanwhile.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'tripswitch-sdk-pack-'));
  const [tarball, node] = await Promise.all([packSdk(folder), node22()]);
  project.provide('sdkTarball', tarball);
  project.provide('node22', node ?? null);
  return () => rmSync(folder, { recursive: true, force: true });
}
