import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { type Evaluate, served, startEvaluationServer } from '../testing/evaluations-server.ts';
import { capturingLogger } from '../testing/logger.ts';
import { createBrowserClient } from './client.ts';
import { contextId } from './context-id.ts';
import { localStorageEvaluations } from './persistence.ts';

/** The part of the browser's localStorage the SDK uses, in memory. */
function memoryLocalStorage(): Map<string, string> {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => items.set(key, value),
    removeItem: (key: string) => items.delete(key),
  });
  // Registered first, so it runs last: the clients closed before it may still persist.
  onTestFinished(() => {
    vi.unstubAllGlobals();
  });
  return items;
}

const banner: Evaluate = (context) => ({ banner: served(`for ${String(context.key)}`) });

describe('localStorageEvaluations', () => {
  it('keeps one entry per context, for the last few contexts only', async () => {
    const items = memoryLocalStorage();
    const storage = localStorageEvaluations('ts:', 2);
    await storage.save('a', 'results of a');
    await storage.save('b', 'results of b');
    await storage.save('a', 'newer results of a');
    await storage.save('c', 'results of c');
    expect(await storage.load('a')).toBe('newer results of a');
    expect(await storage.load('b')).toBeUndefined();
    expect(await storage.load('c')).toBe('results of c');
    expect([...items.keys()].sort()).toEqual(['ts:a', 'ts:c', 'ts:contexts']);
  });

  it('starts over from a corrupted list of contexts', async () => {
    const items = memoryLocalStorage();
    items.set('ts:contexts', '{not json');
    const storage = localStorageEvaluations('ts:');
    await storage.save('a', 'results of a');
    expect(items.get('ts:contexts')).toBe('["a"]');
  });
});

describe('a browser client with persistence', () => {
  async function servedOnce(key: string) {
    const server = await startEvaluationServer(banner, 4);
    const options = {
      url: server.url,
      sdkKey: 'tsc_test',
      persistence: localStorageEvaluations(),
      backoff: { initialMs: 5, maxMs: 20 },
      logger: capturingLogger().logger,
    };
    const client = createBrowserClient({ ...options, context: { key } });
    await client.ready();
    await client.close();
    await server.close();
    return options;
  }

  it("serves its context's persisted results after a reload during an outage", async () => {
    memoryLocalStorage();
    const options = await servedOnce('ada');
    const reloaded = createBrowserClient({ ...options, context: { key: 'ada' } });
    onTestFinished(() => reloaded.close());
    await reloaded.ready({ timeoutMs: 2_000 });
    expect(reloaded.status).toBe('stale');
    expect(reloaded.revision).toBe(4);
    expect(reloaded.variation('banner', reloaded.context, '')).toBe('for ada');
  });

  it("never serves another context's persisted results", async () => {
    memoryLocalStorage();
    const options = await servedOnce('ada');
    const other = createBrowserClient({ ...options, context: { key: 'bob' } });
    onTestFinished(() => other.close());
    await expect(other.ready({ timeoutMs: 200 })).rejects.toThrow(/not ready within 200 ms/);
    expect(other.variationDetail('banner', other.context, '').errorCode).toBe('PROVIDER_NOT_READY');
  });

  it('keys entries by a hash, so no attribute is spelled out in a key', async () => {
    const items = memoryLocalStorage();
    const options = await servedOnce('ada@example.com');
    const id = contextId(options.url, 'tsc_test', { key: 'ada@example.com' });
    expect([...items.keys()]).toEqual([`tripswitch:results:${id}`, 'tripswitch:results:contexts']);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('contextId', () => {
  it('is the same for equal contexts, whatever the order of their attributes', () => {
    const url = 'https://flags.example.com';
    const id = contextId(url, 'tsc_a', { key: 'ada', plan: 'pro' });
    expect(contextId(url, 'tsc_a', { plan: 'pro', key: 'ada' })).toBe(id);
    expect(contextId(url, 'tsc_a', { key: 'ada', plan: 'team' })).not.toBe(id);
    expect(contextId(url, 'tsc_b', { key: 'ada', plan: 'pro' })).not.toBe(id);
  });
});
