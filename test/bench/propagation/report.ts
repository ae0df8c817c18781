import type { EvaluateLoad } from './evaluate-load.ts';
import type { MemoryPerStream } from './memory.ts';
import { percentile } from './probe.ts';
import type { SnapshotLoad } from './snapshot-load.ts';

export interface SizeResult {
  size: number;
  /** End-to-end latencies (ms) through the bare fan-out server. */
  floor: number[];
  /** End-to-end latencies (ms) through Tripswitch. */
  tripswitch: number[];
  /** Per change: the slower instance's own fan-out time (ms), from its metric. */
  fanoutMs: number[];
}

// Spreading 200,000 latencies into Math.max would overflow the stack.
const maximum = (values: number[]) =>
  values.reduce((max, value) => Math.max(max, value), -Infinity);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Prints the figures as Markdown, with each target; returns true when one was missed. */
export function report(
  results: SizeResult[],
  memory: { asMeasured: MemoryPerStream; collected: MemoryPerStream; floor: MemoryPerStream },
  killSwitch: { clients: number; trials: number; p50: number; p99: number; max: number },
  snapshot304: SnapshotLoad,
  evaluate: EvaluateLoad,
): boolean {
  const lines: string[] = [];
  const targets: [string, boolean][] = [];
  lines.push(
    '| subscribers | server | p50 | p99 | max | p99 / floor p99 | server fan-out (median, max) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const result of results) {
    const floorP99 = percentile(result.floor, 99);
    const p99 = percentile(result.tripswitch, 99);
    const fanout = [percentile(result.fanoutMs, 50), maximum(result.fanoutMs)];
    lines.push(
      `| ${result.size} | bare fan-out (floor) | ${ms(percentile(result.floor, 50))} | ${ms(floorP99)} | ${ms(maximum(result.floor))} | 1.00x | |`,
      `| ${result.size} | Tripswitch, 2 instances + Redis | ${ms(percentile(result.tripswitch, 50))} | ${ms(p99)} | ${ms(maximum(result.tripswitch))} | ${(p99 / floorP99).toFixed(2)}x | ${ms(fanout[0] as number)}, ${ms(fanout[1] as number)} |`,
    );
    if (result.size === 1000) targets.push(['1,000 subscribers: p99 under 60 ms', p99 < 60]);
    if (result.size === 10000) {
      targets.push(['10,000 subscribers: p99 within 1.25x of the floor', p99 <= floorP99 * 1.25]);
      targets.push(['10,000 subscribers: server fan-out under 50 ms', (fanout[1] as number) < 50]);
    }
  }
  const { asMeasured, collected, floor } = memory;
  targets.push([
    `idle streams under 8 KB of server memory each (${asMeasured.count} streams: RSS ${kb(asMeasured.rss)}, JS heap ${kb(asMeasured.heap)} each)`,
    asMeasured.rss < 8192,
  ]);
  lines.push(
    '',
    `Kill switch end to end (${killSwitch.clients} SDK clients, ${killSwitch.trials} changes): p50 ${ms(killSwitch.p50)}, p99 ${ms(killSwitch.p99)}, max ${ms(killSwitch.max)}`,
    `Snapshot 304 path, one instance: ${Math.round(snapshot304.requestsPerSecond)} requests/s; a bare Fastify route answering 304: ${Math.round(snapshot304.floorRequestsPerSecond)} (${(snapshot304.requestsPerSecond / snapshot304.floorRequestsPerSecond).toFixed(2)}x; medians of ${snapshot304.rounds} alternating rounds of ${snapshot304.tool}; all 304: ${snapshot304.all304})`,
    `Evaluate paths (browsers' fetches), one instance, ${evaluate.flags} flags, medians of 3 rounds taken in turn (autocannon -c 50 -d 5 on the same cores):`,
    '',
    '| path | requests/s | / evaluate | every answer as expected |',
    '| --- | ---: | ---: | --- |',
    ...(
      [
        ['POST /sdk/v1/evaluate (200)', evaluate.evaluate],
        ['OFREP bulk POST /ofrep/v1/evaluate/flags (200)', evaluate.ofrepBulk],
        ['OFREP bulk, If-None-Match (304)', evaluate.ofrepBulk304],
      ] as const
    ).map(
      ([name, path]) =>
        `| ${name} | ${Math.round(path.requestsPerSecond)} | ${(path.requestsPerSecond / evaluate.evaluate.requestsPerSecond).toFixed(2)}x | ${path.allOk} |`,
    ),
    '',
    '| memory per idle stream (5,000 streams, fresh process) | RSS | JS heap | outside the JS heap |',
    '| --- | ---: | ---: | ---: |',
    `| Tripswitch | ${kb(asMeasured.rss)} | ${kb(asMeasured.heap)} | ${kb(asMeasured.native)} |`,
    `| Tripswitch, garbage collected every second | ${kb(collected.rss)} | ${kb(collected.heap)} | ${kb(collected.native)} |`,
    `| bare node:http (floor), garbage collected every second | ${kb(floor.rss)} | ${kb(floor.heap)} | ${kb(floor.native)} |`,
  );
  targets.push([
    'snapshot 304 path over 20,000 requests/s',
    snapshot304.requestsPerSecond > 20_000 && snapshot304.all304,
  ]);
  lines.push('', ...targets.map(([name, met]) => `${met ? 'met   ' : 'MISSED'} ${name}`));
  console.log(lines.join('\n'));
  return targets.some(([, met]) => !met);
}
