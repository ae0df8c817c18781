import { clientWith } from '../client.ts';
import type { ClientOptions } from '../options.ts';
import type { TripswitchClient } from '../types.ts';
import { OutcomeCounters } from './counters.ts';
import type { StartMetrics } from './outcomes.ts';
import { MetricsReporter } from './reporter.ts';

const startMetrics: StartMetrics = (options) => {
  const { source, metrics } = options;
  if (!source || !metrics) return undefined;
  const counters = new OutcomeCounters();
  const reporter = new MetricsReporter(counters, {
    ...source,
    ...metrics,
    backoff: options.backoff,
    requestTimeoutMs: options.requestTimeoutMs,
    platform: options.platform,
    logger: options.logger,
  });
  return { counters, reporter };
};

/** Creates a client that also counts outcomes and sends them to the server for guardrails. */
export function createClient(options: ClientOptions): TripswitchClient {
  return clientWith(options, startMetrics);
}
