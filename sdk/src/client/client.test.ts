import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createClient } from './client.ts';
import type { ClientOptions } from './options.ts';
import type { SnapshotStorage } from './persistence.ts';
import { capturingLogger } from './testing/logger.ts';
import { type Answer, startSnapshotServer } from './testing/snapshot-server.ts';
import { booleanFlag, snapshotOf, valueFlag } from './testing/snapshots.ts';
import type { FlagChange, TripswitchClient } from './types.ts';

function track(client: TripswitchClient): TripswitchClient {
  onTestFinished(() => client.close());
  return client;
}

const fast = { pollIntervalMs: 10, backoff: { initialMs: 5, maxMs: 20 } } as const;

async function online(answer: Answer, options: Partial<ClientOptions> = {}) {
  const server = await startSnapshotServer(answer);
  onTestFinished(() => server.close());
  const { logger, lines } = capturingLogger();
  const client = track(
    createClient({ url: server.url, sdkKey: 'tss_test', logger, ...fast, ...options }),
  );
  return { server, client, lines };
}

async function unreachableUrl(): Promise<string> {
  const server = await startSnapshotServer({ status: 500 });
  await server.close();
  return server.url;
}

function memoryStorage(): SnapshotStorage & { saved: string | undefined } {
  const storage = {
    saved: undefined as string | undefined,
    load: async () => storage.saved,
    save: async (text: string) => {
      storage.saved = text;
    },
  };
  return storage;
}

describe('createClient', () => {
  it('serves a bootstrap snapshot offline, without any server', async () => {
    const client = track(
      createClient({ offline: true, bootstrap: snapshotOf(4, [booleanFlag('new-checkout')]) }),
    );
    await client.ready();
    expect(client.status).toBe('ready');
    expect(client.revision).toBe(4);
    expect(client.isEnabled('new-checkout', { key: 'u1' })).toBe(true);
  });

  it('fetches the snapshot from the server and evaluates locally', async () => {
    const flags = [booleanFlag('new-checkout'), valueFlag('banner', 'string', ['blue', 'red'])];
    const { client, server } = await online({ snapshot: snapshotOf(2, flags) });
    await client.ready({ timeoutMs: 2_000 });
    expect(server.requests[0]?.authorization).toBe('Bearer tss_test');
    expect(client.variation('banner', { key: 'u1' }, 'none')).toBe('blue');
    expect(client.variationDetail('banner', { key: 'u1' }, 'none')).toMatchObject({
      value: 'blue',
      variant: 'v0',
      reason: 'STATIC',
      flagVersion: 1,
    });
  });

  it("serves the caller's default with PROVIDER_NOT_READY before the first snapshot", async () => {
    const { client } = await online('hang');
    expect(client.status).toBe('initializing');
    expect(client.isEnabled('new-checkout', { key: 'u1' }, true)).toBe(true);
    expect(client.variationDetail('new-checkout', { key: 'u1' }, false)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
    });
  });

  it('returns the default with TYPE_MISMATCH when the default does not match the flag kind', async () => {
    const client = track(
      createClient({ offline: true, bootstrap: snapshotOf(1, [booleanFlag('new-checkout')]) }),
    );
    expect(client.variationDetail('new-checkout', {}, 'yes')).toMatchObject({
      value: 'yes',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(client.variation('new-checkout', {}, 0)).toBe(0);
  });

  it('lists every flag value for a context', async () => {
    const bootstrap = snapshotOf(1, [
      booleanFlag('new-checkout', { on: false }),
      valueFlag('limits', 'json', [{ max: 3 }, { max: 1 }]),
      valueFlag('retries', 'number', [5, 1]),
    ]);
    const client = track(createClient({ offline: true, bootstrap }));
    expect(client.allFlags({ key: 'u1' })).toEqual({
      'new-checkout': false,
      limits: { max: 3 },
      retries: 5,
    });
  });
});

describe('client.ready', () => {
  it('rejects after the timeout with the last problem, and keeps trying in the background', async () => {
    const { client, server } = await online({ status: 503 });
    await expect(client.ready({ timeoutMs: 100 })).rejects.toThrow(
      /not ready within 100 ms: snapshot request failed with HTTP 503; it keeps trying/,
    );
    expect(client.status).toBe('error');
    server.answer({ snapshot: snapshotOf(1, [booleanFlag('new-checkout')]) });
    await client.ready({ timeoutMs: 2_000 });
    expect(client.isEnabled('new-checkout', {})).toBe(true);
    // Stale until its stream is open again (the snapshot may come first, by poll).
    await vi.waitFor(() => expect(client.status).toBe('ready'), { timeout: 5_000 });
  });

  it('rejects at once when the server refuses the SDK key', async () => {
    const { client, lines } = await online({ status: 401 });
    await expect(client.ready({ timeoutMs: 5_000 })).rejects.toThrow(/refused the SDK key/);
    expect(client.status).toBe('error');
    expect(lines).toEqual([expect.stringMatching(/^error: the server refused the SDK key/)]);
  });

  it('rejects once the client is closed', async () => {
    const { client } = await online('hang');
    const waiting = client.ready({ timeoutMs: 5_000 });
    await client.close();
    await expect(waiting).rejects.toThrow(/closed before it was ready/);
    expect(client.status).toBe('closed');
  });
});

describe('change events', () => {
  it('fire once per real change, with the keys that changed, to the right listeners', async () => {
    const first = snapshotOf(1, [booleanFlag('a'), booleanFlag('b')]);
    const { client, server } = await online({ snapshot: first }, { stream: false });
    await client.ready({ timeoutMs: 2_000 });
    const changes: FlagChange[] = [];
    const onA: FlagChange[] = [];
    const onB: FlagChange[] = [];
    client.on('change', (change) => changes.push(change));
    client.onFlagChange('a', (change) => onA.push(change));
    client.onFlagChange('b', (change) => onB.push(change));

    // A new revision with identical flags is not a change.
    server.answer({ snapshot: snapshotOf(2, [booleanFlag('a'), booleanFlag('b')]) });
    await vi.waitFor(() => expect(client.revision).toBe(2));
    server.answer({
      snapshot: snapshotOf(3, [booleanFlag('a', { on: false, version: 2 }), booleanFlag('b')]),
    });
    await vi.waitFor(() => expect(client.revision).toBe(3));
    // Polling goes on with 304s: nothing more is announced.
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThan(6));

    expect(changes).toEqual([{ flags: ['a'], revision: 3 }]);
    expect(onA).toEqual([{ flags: ['a'], revision: 3 }]);
    expect(onB).toEqual([]);
    expect(client.isEnabled('a', {})).toBe(false);
  });

  it('name the flags that use a segment when only the segment changed', async () => {
    const rule = {
      id: 'beta',
      conditions: [{ operator: 'inSegment' as const, values: ['beta'] }],
      serve: { variant: 'on' },
    };
    const segment = (version: number, included: string[]) => ({
      beta: { key: 'beta', version, included, excluded: [], conditions: [] },
    });
    const flags = [
      booleanFlag('uses-beta', { rules: [rule], defaultServe: { variant: 'off' } }),
      booleanFlag('other'),
    ];
    const { client, server } = await online({ snapshot: snapshotOf(1, flags, segment(1, [])) });
    await client.ready({ timeoutMs: 2_000 });
    const changes: FlagChange[] = [];
    client.on('change', (change) => changes.push(change));
    expect(client.isEnabled('uses-beta', { key: 'ada' })).toBe(false);
    server.answer({ snapshot: snapshotOf(2, flags, segment(2, ['ada'])) });
    await vi.waitFor(() => expect(changes).toEqual([{ flags: ['uses-beta'], revision: 2 }]));
    expect(client.isEnabled('uses-beta', { key: 'ada' })).toBe(true);
  });

  it('stop after unsubscribe, and a throwing listener never stops the others', async () => {
    const { client, server, lines } = await online({ snapshot: snapshotOf(1, [booleanFlag('a')]) });
    await client.ready({ timeoutMs: 2_000 });
    const heard: number[] = [];
    client.on('change', () => {
      throw new Error('listener bug');
    });
    const unsubscribe = client.onFlagChange('a', (change) => heard.push(change.revision));
    client.onFlagChange('a', (change) => heard.push(change.revision * 10));
    server.answer({ snapshot: snapshotOf(2, [booleanFlag('a', { on: false })]) });
    await vi.waitFor(() => expect(heard).toEqual([2, 20]));
    unsubscribe();
    server.answer({ snapshot: snapshotOf(3, [booleanFlag('a')]) });
    await vi.waitFor(() => expect(heard).toEqual([2, 20, 30]));
    expect(lines).toContain('error: a listener threw: listener bug');
  });
});

describe('refused snapshots', () => {
  it('keep the last good snapshot serving, with one logged reason', async () => {
    const { client, server, lines } = await online(
      { snapshot: snapshotOf(1, [booleanFlag('a')]) },
      { stream: false },
    );
    await client.ready({ timeoutMs: 2_000 });
    server.answer({ snapshot: { ...snapshotOf(2, []), schemaVersion: 2 } });
    await vi.waitFor(() => expect(client.status).toBe('stale'));
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThan(5));
    expect(lines).toEqual([
      expect.stringMatching(
        /^warn: refused a snapshot: .*schemaVersion.*newer.*still serving revision 1$/,
      ),
    ]);
    expect(client.isEnabled('a', {})).toBe(true);
    server.answer({ snapshot: snapshotOf(3, [booleanFlag('a', { on: false })]) });
    await vi.waitFor(() => expect(client.status).toBe('ready'));
    expect(client.isEnabled('a', {})).toBe(false);
  });

  it('log a compile warning once, however many snapshots repeat it', async () => {
    const rule = {
      id: 'future',
      conditions: [{ attribute: 'plan', operator: 'withinBudget', values: ['x'] }],
      serve: { variant: 'off' },
    };
    const flag = (version: number) => booleanFlag('a', { version, rules: [rule] as never });
    const { client, server, lines } = await online({ snapshot: snapshotOf(1, [flag(1)]) });
    await client.ready({ timeoutMs: 2_000 });
    server.answer({ snapshot: snapshotOf(2, [flag(2)]) });
    await vi.waitFor(() => expect(client.revision).toBe(2));
    expect(lines).toEqual([expect.stringMatching(/^warn: .*withinBudget/)]);
    expect(client.isEnabled('a', {})).toBe(true);
  });

  it('refuse a malformed bootstrap offline, and ready() says why', async () => {
    const { logger, lines } = capturingLogger();
    const client = track(createClient({ offline: true, bootstrap: { flags: 'nope' }, logger }));
    await expect(client.ready()).rejects.toThrow(/no valid bootstrap or persisted snapshot/);
    expect(lines).toEqual([expect.stringMatching(/^warn: refused the bootstrap snapshot: /)]);
    expect(client.isEnabled('a', {}, true)).toBe(true);
  });
});

describe('persistence', () => {
  it('serves the persisted snapshot when a restart happens during an outage', async () => {
    const storage = memoryStorage();
    const { client } = await online(
      { snapshot: snapshotOf(5, [booleanFlag('a', { on: false })]) },
      { persistence: storage },
    );
    await client.ready({ timeoutMs: 2_000 });
    await client.close();
    expect(JSON.parse(storage.saved ?? '{}')).toMatchObject({ revision: 5 });

    const { logger } = capturingLogger();
    const url = await unreachableUrl();
    const restarted = track(
      createClient({ url, sdkKey: 'tss_test', persistence: storage, logger, ...fast }),
    );
    await restarted.ready({ timeoutMs: 2_000 });
    expect(restarted.status).toBe('stale');
    expect(restarted.revision).toBe(5);
    expect(restarted.isEnabled('a', {}, true)).toBe(false);
  });

  it('ignores a corrupted persisted snapshot with one logged line', async () => {
    const storage = memoryStorage();
    storage.saved = '{"schemaVersion": 1, "flags":';
    const { client, lines } = await online(
      { snapshot: snapshotOf(1, [booleanFlag('a')]) },
      { persistence: storage },
    );
    await client.ready({ timeoutMs: 2_000 });
    expect(lines).toEqual(['warn: ignored the persisted snapshot: it is not valid JSON']);
    expect(client.isEnabled('a', {})).toBe(true);
  });
});

describe('options', () => {
  it.each([
    [{}, /url must be the server's http\(s\) base URL/],
    [{ url: 'flags.example.com', sdkKey: 'tss_x' }, /url must be/],
    [{ url: 'https://flags.example.com' }, /sdkKey must be a server SDK token/],
    [
      { url: 'https://x.example', sdkKey: 'tss_x', pollIntervalMs: 0 },
      /pollIntervalMs must be a positive/,
    ],
    [{ offline: true }, /offline mode needs a bootstrap snapshot or persistence/],
  ])('refuses %j with a clear error', (options, message) => {
    expect(() => createClient(options as ClientOptions)).toThrow(message);
  });
});
