import { api, type MetricSeries, type MetricsQuery } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../errors.ts';
import { flagEnvironmentService } from '../flag-environments/service.ts';
import { route } from '../route.ts';
import { readSeries } from './read.ts';

const HOUR_MS = 3_600_000;
const DEFAULT_POINTS = 120;
const MAX_POINTS = 2_000;

/** The chart range of a metrics query, with defaults filled in; bad ranges are 400s. */
function chartRange(query: MetricsQuery, bucketMs: number, now: number) {
  const to = query.to === undefined ? now : Date.parse(query.to);
  const from = query.from === undefined ? to - HOUR_MS : Date.parse(query.from);
  if (from >= to) {
    throw invalid([{ field: '/query/from', message: 'must be before `to`' }]);
  }
  const span = to - from;
  // Never finer than the buckets the data is stored in, and whole seconds.
  const wanted =
    query.stepSeconds === undefined
      ? Math.ceil(span / DEFAULT_POINTS / bucketMs) * bucketMs
      : query.stepSeconds * 1000;
  const stepMs = Math.ceil(Math.max(bucketMs, wanted) / 1000) * 1000;
  if (span / stepMs > MAX_POINTS) {
    throw invalid([
      {
        field: '/query/stepSeconds',
        message: `gives more than ${MAX_POINTS} points over this range; use a larger step`,
      },
    ]);
  }
  return { from: new Date(from), to: new Date(to), stepMs };
}

/** `GET .../metrics`: series per variant over time, for the dashboard's charts. */
export async function metricsRoutes(app: FastifyInstance) {
  const configs = flagEnvironmentService({ db: app.db, changes: app.changes });
  route(app, api.getMetrics, async ({ params, query }): Promise<MetricSeries> => {
    const { flagKey, environment } = params;
    await configs.get(flagKey, environment);
    const { from, to, stepMs } = chartRange(query, app.config.metricsBucketMs, Date.now());
    const variants = await readSeries(app.db, { environment, flagKey, from, to }, stepMs);
    return {
      flagKey,
      environment,
      from: from.toISOString(),
      to: to.toISOString(),
      stepSeconds: stepMs / 1000,
      variants,
    };
  });
}
