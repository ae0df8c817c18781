import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './processes.ts';

export interface SdkTarball {
  /** Absolute path of the .tgz. */
  path: string;
  /** Every path inside the package, as npm lists it (e.g. `dist/index.js`, `package.json`). */
  files: string[];
}

/** `npm pack` of sdk/ into `folder`: its prepack script builds dist/ first, as a publish would. */
export async function packSdk(folder: string): Promise<SdkTarball> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--json', '--pack-destination', folder],
    { cwd: join(REPO, 'sdk'), maxBuffer: 16 * 1024 * 1024 },
  );
  // With --json npm prints the prepack build's output on stderr: stdout is the JSON alone.
  const [packed] = JSON.parse(stdout) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  if (!packed) throw new Error(`npm pack printed no package: ${stdout}`);
  return { path: join(folder, packed.filename), files: packed.files.map((file) => file.path) };
}
