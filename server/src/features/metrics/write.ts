import type { PrismaClient } from '../../store/prisma.ts';
import type { BufferedMetrics } from './buffer.ts';

// Buffered counters go to Postgres as one upsert per table that adds to what is there, so any
// number of instances may flush into the same buckets. Rows travel as one JSON parameter, and
// rows for flags or variants that do not exist are filtered out in the same statement: an SDK key
// cannot fill the tables with made-up names.

const KNOWN_VARIANT = `
  JOIN flags f ON f.key = u.flag_key
  JOIN flag_configs c ON c.flag_key = u.flag_key AND c.environment_key = u.environment_key
  WHERE f.variants @> jsonb_build_array(jsonb_build_object('key', u.variant))`;

// Ordered by key so concurrent flushes from several instances lock rows in the same order.
const UPSERT_VARIANTS = `
  INSERT INTO metric_buckets AS m (environment_key, flag_key, variant, bucket_start, evaluations,
    outcomes, errors, latency, value_sum, value_count)
  SELECT u.environment_key, u.flag_key, u.variant, u.bucket_start, u.evaluations, u.outcomes,
    u.errors, u.latency, u.value_sum, u.value_count
  FROM jsonb_to_recordset($1::jsonb) AS u(environment_key text, flag_key text, variant text,
    bucket_start timestamptz, evaluations bigint, outcomes bigint, errors bigint, latency bigint[],
    value_sum float8, value_count bigint)
  ${KNOWN_VARIANT}
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (environment_key, flag_key, variant, bucket_start) DO UPDATE SET
    evaluations = m.evaluations + excluded.evaluations,
    outcomes = m.outcomes + excluded.outcomes,
    errors = m.errors + excluded.errors,
    latency = ARRAY(
      SELECT coalesce(a, 0) + coalesce(b, 0)
      FROM unnest(m.latency, excluded.latency) WITH ORDINALITY AS t(a, b, i) ORDER BY i),
    value_sum = m.value_sum + excluded.value_sum,
    value_count = m.value_count + excluded.value_count`;

const UPSERT_EVENTS = `
  INSERT INTO event_buckets AS e (environment_key, flag_key, event, variant, bucket_start, count,
    value_sum)
  SELECT u.environment_key, u.flag_key, u.event, u.variant, u.bucket_start, u.count, u.value_sum
  FROM jsonb_to_recordset($1::jsonb) AS u(environment_key text, flag_key text, event text,
    variant text, bucket_start timestamptz, count bigint, value_sum float8)
  ${KNOWN_VARIANT}
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (environment_key, flag_key, event, variant, bucket_start) DO UPDATE SET
    count = e.count + excluded.count,
    value_sum = e.value_sum + excluded.value_sum`;

/** Adds buffered counters to the stored buckets. */
export async function writeMetrics(db: PrismaClient, metrics: BufferedMetrics): Promise<void> {
  const at = (ms: number) => new Date(ms).toISOString();
  if (metrics.variants.length > 0) {
    const rows = metrics.variants.map((row) => ({
      environment_key: row.environment,
      flag_key: row.flagKey,
      variant: row.variant,
      bucket_start: at(row.bucketStart),
      evaluations: row.evaluations,
      outcomes: row.outcomes,
      errors: row.errors,
      latency: row.latency,
      value_sum: row.valueSum,
      value_count: row.valueCount,
    }));
    await db.$executeRawUnsafe(UPSERT_VARIANTS, JSON.stringify(rows));
  }
  if (metrics.events.length > 0) {
    const rows = metrics.events.map((row) => ({
      environment_key: row.environment,
      flag_key: row.flagKey,
      event: row.event,
      variant: row.variant,
      bucket_start: at(row.bucketStart),
      count: row.count,
      value_sum: row.valueSum,
    }));
    await db.$executeRawUnsafe(UPSERT_EVENTS, JSON.stringify(rows));
  }
}

const EXPIRY_BATCH = 10_000;

/** Deletes buckets that started before `cutoff`, a batch at a time so no delete holds locks long. */
export async function expireMetrics(db: PrismaClient, cutoff: Date): Promise<number> {
  let deleted = 0;
  for (const table of ['metric_buckets', 'event_buckets']) {
    for (;;) {
      const count = await db.$executeRawUnsafe(
        `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE bucket_start < $1 LIMIT ${EXPIRY_BATCH})`,
        cutoff,
      );
      deleted += count;
      if (count < EXPIRY_BATCH) break;
    }
  }
  return deleted;
}
