import { createClient, type EvaluationContext, type Logger } from '@tripswitch/sdk';
import { SCENARIO_SNAPSHOT } from '../engines/tripswitch.ts';
import type { Engine } from '../measure.ts';
import type { Subject } from '../scenario.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const HOUR_MS = 3_600_000;

/**
 * The SDK client (Node entry) serving the scenario flag from a bootstrap, with outcome metrics
 * counting every evaluation or turned off: the difference is the cost of counting. Nothing is sent
 * during the measurement (the flush interval is an hour; the server URL answers nothing).
 */
export function clientEngine(metrics: boolean): Engine<EvaluationContext> {
  const client = createClient({
    url: 'http://127.0.0.1:9',
    sdkKey: 'tss_bench',
    bootstrap: SCENARIO_SNAPSHOT,
    stream: false,
    pollIntervalMs: HOUR_MS,
    logger: quiet,
    metrics: metrics ? { flushIntervalMs: HOUR_MS } : false,
  });
  return {
    name: metrics ? 'client, metrics on' : 'client, metrics off',
    context: ({ key, country, plan }: Subject) => ({ key, country, plan }),
    serve(contexts, served) {
      for (let i = 0; i < contexts.length; i++) {
        served[i] = client.variation('bench', contexts[i] as EvaluationContext, false) ? 1 : 0;
      }
    },
    // Closing would send the counters: there is no server, so it is left to the process exit.
    close() {},
  };
}
