import type { InstanceOptions } from '../../propagation/support/instance.ts';
import { startInstance } from '../../propagation/support/instance.ts';
import { collectingGarbage, startFloor } from './floors.ts';
import { median, openSubscribers } from './probe.ts';
import { metric } from './server-metrics.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Memory {
  rss: number;
  /** JS heap in use. */
  heap: number;
  /** JS heap reserved: resident memory minus this is what lives outside the heap. */
  heapTotal: number;
}

/** Bytes per idle stream. */
export interface MemoryPerStream {
  count: number;
  /** Resident memory: noisy, as the JS heap reserves and returns pages in large steps. */
  rss: number;
  /** JS heap in use. */
  heap: number;
  /** Resident memory outside the JS heap (sockets, HTTP parsers, buffers). */
  native: number;
}

/**
 * Memory per idle stream: before and after `count` idle streams, median of three samples a
 * second apart each. One stream is opened first, so the first connection's one-off costs are not
 * counted per connection.
 */
async function perStream(
  url: string,
  path: string,
  token: string,
  count: number,
  read: () => Promise<Memory>,
): Promise<MemoryPerStream> {
  const sample = async () => {
    const samples: Memory[] = [];
    for (let i = 0; i < 3; i++) {
      samples.push(await read());
      await sleep(1_000);
    }
    const rss = median(samples.map((s) => s.rss));
    const heap = median(samples.map((s) => s.heap));
    const native = median(samples.map((s) => s.rss - s.heapTotal));
    return { rss, heap, native };
  };
  const warm = await openSubscribers(url, path, token, 1);
  await sleep(1_000);
  const before = await sample();
  const streams = await openSubscribers(url, path, token, count);
  await sleep(2_000);
  const after = await sample();
  streams.close();
  warm.close();
  return {
    count,
    rss: (after.rss - before.rss) / count,
    heap: (after.heap - before.heap) / count,
    native: (after.native - before.native) / count,
  };
}

/**
 * Server memory per idle SSE connection, on a fresh instance (a used one has garbage to reuse,
 * which hides the cost). With `collectGarbage`, the instance collects garbage every second, so the
 * figures are what idle streams keep rather than what the last collection had not reached.
 */
export async function memoryPerStream(
  options: InstanceOptions,
  token: string,
  count: number,
  collectGarbage = false,
): Promise<MemoryPerStream> {
  const env: Record<string, string> = collectGarbage ? { NODE_OPTIONS: collectingGarbage() } : {};
  const instance = await startInstance({ ...options, env: { ...options.env, ...env } });
  try {
    return await perStream(instance.url, '/sdk/v1/stream', token, count, async () => ({
      rss: await metric(instance.url, 'process_resident_memory_bytes'),
      heap: await metric(instance.url, 'nodejs_heap_size_used_bytes'),
      heapTotal: await metric(instance.url, 'nodejs_heap_size_total_bytes'),
    }));
  } finally {
    await instance.kill();
  }
}

/** The same figures for the bare node:http server (the floor), collecting garbage every second. */
export async function floorMemoryPerStream(count: number): Promise<MemoryPerStream> {
  const floor = await startFloor('bare-server.ts', { NODE_OPTIONS: collectingGarbage() });
  try {
    return await perStream(floor.url, '/stream', 'none', count, async () =>
      (await fetch(`${floor.url}/memory`)).json(),
    );
  } finally {
    floor.child.kill('SIGKILL');
  }
}
