import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client.ts';
import { booleanFlag, snapshotOf } from '../testing/snapshots.ts';
import { fileSnapshots, readSnapshotFile } from './index.ts';

let folder: string | undefined;
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

async function tempFolder(): Promise<string> {
  folder = await mkdtemp(join(tmpdir(), 'tripswitch-sdk-'));
  return folder;
}

describe('readSnapshotFile', () => {
  it('bootstraps an offline client from a snapshot file', async () => {
    const path = join(await tempFolder(), 'flags.json');
    await writeFile(path, JSON.stringify(snapshotOf(3, [booleanFlag('new-checkout')])));
    const client = createClient({ offline: true, bootstrap: readSnapshotFile(path) });
    await client.ready();
    expect(client.isEnabled('new-checkout', { key: 'u1' })).toBe(true);
    await client.close();
  });

  it('names the file when it is missing or not JSON', async () => {
    const dir = await tempFolder();
    expect(() => readSnapshotFile(join(dir, 'missing.json'))).toThrow(
      /cannot read the snapshot file .*missing\.json: ENOENT/,
    );
    await writeFile(join(dir, 'broken.json'), '{"revision":');
    expect(() => readSnapshotFile(join(dir, 'broken.json'))).toThrow(
      /the snapshot file .*broken\.json is not valid JSON/,
    );
  });
});

describe('fileSnapshots', () => {
  it('loads nothing before the first save, then what was saved last', async () => {
    const storage = fileSnapshots(join(await tempFolder(), 'cache', 'snapshot.json'));
    expect(await storage.load()).toBeUndefined();
    await storage.save('{"revision":1}');
    await storage.save('{"revision":2}');
    expect(await storage.load()).toBe('{"revision":2}');
  });

  it('persists the served snapshot, which an offline client can serve after a restart', async () => {
    const path = join(await tempFolder(), 'snapshot.json');
    const bootstrap = snapshotOf(9, [booleanFlag('new-checkout', { on: false })]);
    const storage = fileSnapshots(path);
    await storage.save(JSON.stringify(bootstrap));
    const client = createClient({ offline: true, persistence: storage });
    await client.ready();
    expect(client.revision).toBe(9);
    expect(client.isEnabled('new-checkout', {}, true)).toBe(false);
    await client.close();
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ revision: 9 });
  });
});
