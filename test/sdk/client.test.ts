import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type FlagChange, type Logger, type TripswitchClient } from '@tripswitch/sdk';
import { fileSnapshots, readSnapshotFile } from '@tripswitch/sdk/node';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { liveTripswitch, observedFetch, portOf } from './live.ts';

// The SDK client against a real Tripswitch server (Fastify, Postgres): every change goes through
// the REST API and reaches the client by polling.

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const polling = {
  stream: false,
  pollIntervalMs: 20,
  backoff: { initialMs: 10, maxMs: 50 },
  logger: quiet,
};

async function live() {
  const tripswitch = await liveTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

function track(client: TripswitchClient): TripswitchClient {
  onTestFinished(() => client.close());
  return client;
}

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'tripswitch-sdk-live-'));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

describe('the SDK client against a real server', () => {
  it('gets ready and evaluates the flags of its environment', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    const client = track(
      createClient({ url: tripswitch.server.url, sdkKey: tripswitch.sdkKey, ...polling }),
    );
    await client.ready({ timeoutMs: 5_000 });
    expect(client.status).toBe('ready');
    expect(client.isEnabled(key, { key: 'user-1' })).toBe(true);
    expect(client.variationDetail(key, { key: 'user-1' }, false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'STATIC',
    });
    expect(client.variationDetail('no-such-flag', {}, false).errorCode).toBe('FLAG_NOT_FOUND');
  });

  it('observes a kill through the REST API, polling with 304s until the revision moves', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    const other = await tripswitch.flag();
    const observed = observedFetch();
    const client = track(
      createClient({
        url: tripswitch.server.url,
        sdkKey: tripswitch.sdkKey,
        platform: { fetch: observed.fetch },
        ...polling,
      }),
    );
    await client.ready({ timeoutMs: 5_000 });
    const changes: FlagChange[] = [];
    client.on('change', (change) => changes.push(change));
    await vi.waitFor(() => expect(observed.exchanges.length).toBeGreaterThanOrEqual(4));
    const before = client.revision;
    const first = observed.exchanges[0];
    expect(first).toMatchObject({ ifNoneMatch: null, status: 200, etag: `"${before}"` });
    // Unchanged environment: every later poll sends the ETag back and gets a bodiless 304.
    expect(observed.exchanges.slice(1)).toContainEqual({
      ifNoneMatch: `"${before}"`,
      status: 304,
      etag: `"${before}"`,
    });
    expect(new Set(observed.exchanges.slice(1).map((exchange) => exchange.status))).toEqual(
      new Set([304]),
    );

    await tripswitch.kill(key);
    await vi.waitFor(() => expect(client.isEnabled(key, { key: 'user-1' })).toBe(false));
    const revision = client.revision ?? 0;
    expect(revision).toBeGreaterThan(before ?? 0);
    expect(changes).toEqual([{ flags: [key], revision }]);
    expect(client.isEnabled(other, { key: 'user-1' })).toBe(true);
    expect(observed.exchanges).toContainEqual({
      ifNoneMatch: `"${before}"`,
      status: 200,
      etag: `"${revision}"`,
    });
  });

  it('keeps serving its last snapshot while the server is down, then catches up', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    // The client talks to a replica that will go down; changes keep flowing through the main server.
    const replica = await tripswitch.replica();
    const port = portOf(replica.url);
    const client = track(createClient({ url: replica.url, sdkKey: tripswitch.sdkKey, ...polling }));
    await client.ready({ timeoutMs: 5_000 });

    await replica.app.close();
    await vi.waitFor(() => expect(client.status).toBe('stale'));
    await tripswitch.kill(key);
    expect(client.isEnabled(key, { key: 'user-1' })).toBe(true);

    await tripswitch.replica(port);
    await vi.waitFor(() => expect(client.status).toBe('ready'), { timeout: 5_000 });
    expect(client.isEnabled(key, { key: 'user-1' })).toBe(false);
  });

  it('serves the persisted snapshot after a restart during an outage', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    await tripswitch.kill(key);
    const replica = await tripswitch.replica();
    const persistence = fileSnapshots(join(await tempFolder(), 'production.json'));
    const options = { url: replica.url, sdkKey: tripswitch.sdkKey, persistence, ...polling };

    const before = createClient(options);
    await before.ready({ timeoutMs: 5_000 });
    const revision = before.revision;
    await before.close();
    await replica.app.close();

    const restarted = track(createClient(options));
    await restarted.ready({ timeoutMs: 5_000 });
    expect(restarted.status).toBe('stale');
    expect(restarted.revision).toBe(revision);
    expect(restarted.isEnabled(key, { key: 'user-1' }, true)).toBe(false);
  });

  it('bootstraps offline from a snapshot file, evaluating exactly as it would online', async () => {
    const tripswitch = await live();
    const keys = [await tripswitch.flag(), await tripswitch.flag()];
    await tripswitch.kill(keys[1] as string);
    const response = await fetch(`${tripswitch.server.url}/sdk/v1/snapshot`, {
      headers: { authorization: `Bearer ${tripswitch.sdkKey}` },
    });
    const path = join(await tempFolder(), 'flags.json');
    await writeFile(path, await response.text());
    await tripswitch.close();

    const offline = track(
      createClient({ offline: true, bootstrap: readSnapshotFile(path), logger: quiet }),
    );
    await offline.ready();
    expect(offline.status).toBe('ready');
    expect(offline.allFlags({ key: 'user-1' })).toEqual({
      [keys[0] as string]: true,
      [keys[1] as string]: false,
    });
  });

  it('fails ready() at once with a clear error when the SDK token is revoked', async () => {
    const tripswitch = await live();
    await tripswitch.admin.call('revokeToken', { params: { tokenId: tripswitch.tokenId } });
    const client = track(
      createClient({ url: tripswitch.server.url, sdkKey: tripswitch.sdkKey, ...polling }),
    );
    await expect(client.ready({ timeoutMs: 5_000 })).rejects.toThrow(
      /refused the SDK key \(HTTP 401\)/,
    );
    expect(client.status).toBe('error');
  });
});
