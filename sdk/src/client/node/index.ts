// Node-only parts of the client (`@tripswitch/sdk/node`): they use the file system, so the browser
// entry never imports them.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SnapshotStorage } from '../persistence.ts';

/**
 * Reads a snapshot file (JSON, as served by `/sdk/v1/snapshot`) for `createClient({ bootstrap })`.
 * Throws one clear error when the file is missing or not JSON; the client validates the rest.
 */
export function readSnapshotFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the snapshot file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the snapshot file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Keeps the last good snapshot in a file. Writes go to a temporary file renamed over the old one,
 * so a crash mid-write never leaves a torn snapshot behind.
 */
export function fileSnapshots(path: string): SnapshotStorage {
  return {
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(snapshot) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, snapshot);
      await rename(temporary, path);
    },
  };
}
