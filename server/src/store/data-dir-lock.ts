import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

// PGlite has no locking of its own: two processes (two `pnpm start`s) writing one data folder
// would corrupt it. A pid file claims the folder for one process; one left by a process that is
// gone (a crash, a killed container) is taken over.

const LOCK_FILE = 'tripswitch.pid';

/** Folders this process holds: a second claim from the same process is refused too. */
const held = new Set<string>();

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims `dataDir` for this process; resolves with the release. Throws when another holds it. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  const taken = (holder: string) =>
    new Error(
      `it is in use by ${holder}; stop that one first, or set TRIPSWITCH_DATA_DIR to another folder`,
    );
  if (held.has(dataDir)) throw taken('another Tripswitch in this process');
  await mkdir(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      held.add(dataDir);
      return async () => {
        held.delete(dataDir);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    // Our own pid is a previous life's (in a container, every start is pid 1): not a holder.
    if (holder > 0 && holder !== process.pid && running(holder)) {
      // A pid reused by another program after a crash reads as running: the message says how out.
      throw taken(`another Tripswitch (pid ${holder}; if none is running, delete ${path})`);
    }
    await rm(path, { force: true });
  }
  throw taken('another Tripswitch starting at the same moment');
}
