import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packSdk, type SdkTarball } from './sdk-tarball.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The SDK as `npm pack` made it this run, outside the workspace. */
    sdkTarball: SdkTarball;
  }
}

/** Once per run: builds and packs the SDK into a temporary folder, removed after the run. */
export default async function setup(project: TestProject): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'tripswitch-sdk-pack-'));
  project.provide('sdkTarball', await packSdk(folder));
  return () => rmSync(folder, { recursive: true, force: true });
}
