// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { localStorageSnapshots } from './persistence.ts';
import { capturingLogger } from './testing/logger.ts';
import { memorySnapshotServer } from './testing/snapshot-server.ts';
import { booleanFlag, snapshotOf } from './testing/snapshots.ts';

afterEach(() => localStorage.clear());

describe('localStorageSnapshots', () => {
  it('keeps the last good snapshot in localStorage, which a reload during an outage serves', async () => {
    const server = memorySnapshotServer({
      snapshot: snapshotOf(4, [booleanFlag('a', { on: false })]),
    });
    const options = {
      url: server.url,
      sdkKey: 'tss_test',
      pollIntervalMs: 10,
      platform: server.platform,
      persistence: localStorageSnapshots('flags:production'),
      logger: capturingLogger().logger,
    };
    const first = createClient(options);
    await first.ready({ timeoutMs: 2_000 });
    await first.close();
    expect(JSON.parse(localStorage.getItem('flags:production') ?? '{}')).toMatchObject({
      revision: 4,
    });

    server.answer({ status: 503 });
    const reloaded = createClient(options);
    await reloaded.ready({ timeoutMs: 2_000 });
    expect(reloaded.status).toBe('stale');
    expect(reloaded.isEnabled('a', {}, true)).toBe(false);
    await reloaded.close();
  });
});
