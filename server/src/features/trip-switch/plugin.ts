import type { FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import { settleMsOf } from '../guardrails/watch.ts';
import { expireMetrics } from '../metrics/write.ts';
import { deliverDue } from '../webhooks/deliver.ts';
import { Leadership } from './leader.ts';
import { tick } from './tick.ts';

const EXPIRY_EVERY_MS = 60_000;

/**
 * The trip switch's background work, on the elected instance only: every
 * TRIPSWITCH_GUARDRAIL_INTERVAL_MS it evaluates guardrails and advances rollouts, sends due
 * webhooks (in their own loop, so a slow receiver never delays a trip) and, once a minute, deletes
 * expired metric buckets. Every instance keeps trying for the lead, so one that dies is replaced.
 */
export async function tripSwitchPlugin(app: FastifyInstance) {
  const { guardrailIntervalMs, webhookRetryMs, metricsRetentionHours } = app.config;
  const log = app.log.child({ component: 'trip-switch' });
  const leadership = new Leadership(app.store.connectionString, log);
  const timing = { bucketMs: app.config.metricsBucketMs, settleMs: settleMsOf(app.config) };
  const deps = { db: app.db, changes: app.changes, log, timing };
  new Gauge({
    name: 'tripswitch_guardrail_leader',
    help: '1 on the instance that runs guardrails and rollouts, 0 on the others',
    registers: [app.metricsRegistry],
    collect() {
      this.set(leadership.leading ? 1 : 0);
    },
  });
  const trips = new Counter({
    name: 'tripswitch_guardrail_trips_total',
    help: 'Guardrails tripped by this instance',
    registers: [app.metricsRegistry],
  });

  let stopped = false;
  const loops: Array<{ timer?: NodeJS.Timeout; running: Promise<void> }> = [];
  /** Runs `work` every `everyMs`, one run at a time, until the app closes. */
  const every = (everyMs: number, what: string, work: () => Promise<unknown>) => {
    const loop: (typeof loops)[number] = { running: Promise.resolve() };
    loops.push(loop);
    const run = async () => {
      try {
        await work();
      } catch (error) {
        log.error({ err: error }, `${what} failed`);
      }
      if (!stopped) loop.timer = setTimeout(() => (loop.running = run()), everyMs);
    };
    loop.running = run();
  };

  app.addHook('onReady', async () => {
    // The election runs with the evaluation; the other loops follow its result.
    every(guardrailIntervalMs, 'guardrail evaluation', async () => {
      if (!(await leadership.check())) return;
      const report = await tick(deps);
      trips.inc(report.tripped);
    });
    every(guardrailIntervalMs, 'webhook delivery', async () => {
      if (leadership.leading) await deliverDue({ db: app.db, log, retryMs: webhookRetryMs });
    });
    every(EXPIRY_EVERY_MS, 'metric expiry', async () => {
      const cutoff = new Date(Date.now() - metricsRetentionHours * 3_600_000);
      if (leadership.leading) await expireMetrics(app.db, cutoff);
    });
  });
  app.addHook('onClose', async () => {
    stopped = true;
    for (const loop of loops) clearTimeout(loop.timer);
    await Promise.all(loops.map((loop) => loop.running));
    await leadership.release();
  });
}
