import type { InstanceOptions } from '../../propagation/support/instance.ts';
import { startInstance } from '../../propagation/support/instance.ts';
import { median, openSubscribers } from './probe.ts';
import { metric } from './server-metrics.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Server memory per idle SSE connection, on a fresh instance (a used one has garbage to reuse,
 * which hides the cost): resident memory and JS heap, before and after `count` idle streams,
 * median of three samples each.
 */
export async function memoryPerStream(options: InstanceOptions, token: string, count: number) {
  const instance = await startInstance(options);
  const sample = async () => {
    const samples: { rss: number; heap: number }[] = [];
    for (let i = 0; i < 3; i++) {
      samples.push({
        rss: await metric(instance.url, 'process_resident_memory_bytes'),
        heap: await metric(instance.url, 'nodejs_heap_size_used_bytes'),
      });
      await sleep(1_000);
    }
    return {
      rss: median(samples.map((s) => s.rss)),
      heap: median(samples.map((s) => s.heap)),
    };
  };
  try {
    // Warm: the environment loaded, one stream served, so the first connection's one-off costs
    // are not counted per connection.
    const warm = await openSubscribers(instance.url, '/sdk/v1/stream', token, 1);
    await sleep(1_000);
    const before = await sample();
    const streams = await openSubscribers(instance.url, '/sdk/v1/stream', token, count);
    await sleep(2_000);
    const after = await sample();
    streams.close();
    warm.close();
    return {
      count,
      rssPerStream: (after.rss - before.rss) / count,
      heapPerStream: (after.heap - before.heap) / count,
    };
  } finally {
    await instance.kill();
  }
}
