import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What propagation reports on /metrics. */
export interface PropagationMetrics {
  /**
   * Change received (bus or local) to its frame written to the last subscriber's socket (queued:
   * the system calls that send them follow at once, see live-environment.ts).
   */
  fanoutSeconds: Histogram;
  /** Change events received, by outcome: applied, stale (already had it), gap (missed some). */
  events: Counter<'outcome'>;
  /** Whole-environment reloads from Postgres, by reason: gap, resync (anti-entropy), load. */
  reloads: Counter<'reason'>;
  /** Streams closed because their unsent bytes passed the bound. */
  slowClosed: Counter;
}

export function propagationMetrics(registry: Registry, subscribers: () => number) {
  return {
    fanoutSeconds: new Histogram({
      name: 'tripswitch_fanout_seconds',
      help: 'Time from a change reaching this instance to its frame written to the last subscriber socket (queued; sent right after)',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    events: new Counter({
      name: 'tripswitch_change_events_total',
      help: 'Change events received by this instance, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    reloads: new Counter({
      name: 'tripswitch_environment_reloads_total',
      help: 'Environments reloaded from Postgres, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    slowClosed: new Counter({
      name: 'tripswitch_stream_slow_closed_total',
      help: 'Streams closed because the subscriber could not keep up',
      registers: [registry],
    }),
    subscribers: new Gauge({
      name: 'tripswitch_stream_subscribers',
      help: 'Open SSE streams on this instance',
      registers: [registry],
      collect() {
        this.set(subscribers());
      },
    }),
  } satisfies PropagationMetrics & { subscribers: Gauge };
}
