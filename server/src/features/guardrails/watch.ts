import type { FlagConfig, GuardrailEvaluation, Variant } from '@tripswitch/sdk/protocol';
import type { Guardrail as GuardrailRow, PrismaClient } from '../../store/prisma.ts';
import { readBuckets } from '../metrics/read.ts';
import { budgetOf } from './budget.ts';
import { evaluateGuardrail, idleEvaluation } from './evaluate.ts';
import { ruleOf } from './serialize.ts';

/** What a guardrail needs to know of its flag environment. */
export interface WatchedFlag {
  on: boolean;
  offVariation: string;
  /** The control of the running or paused rollout, if there is one. */
  rolloutControl: string | null;
  /** When the configuration last changed: the split check starts over then. */
  configuredAt: Date;
  /** The weights, when everyone is served by them alone (no targets, no rules); else null. */
  split: ReadonlyMap<string, number> | null;
  /** The armed guardrails (not in shadow mode) that share the flag environment's budget. */
  armed: ReadonlyArray<{ confidence: number }>;
  /** How many variants the flag has (every one but the control is a treatment). */
  variants: number;
}

/** How metrics are bucketed, and how long a bucket takes to be complete once it has ended. */
export interface MetricsTiming {
  bucketMs: number;
  /** Outcomes reach their bucket within this after it ends (the instances' ingest flush). */
  settleMs: number;
}

/** Buckets are complete once every instance has flushed what it received for them (twice over). */
export const settleMsOf = (config: { ingestFlushMs: number }) => 2 * config.ingestFlushMs + 500;

/** Rollouts in these states still own the flag's default rule. */
export const ACTIVE_ROLLOUT_STATES = ['running', 'paused'];

function splitOf(config: FlagConfig): Map<string, number> | null {
  const rollout = config.defaultServe.rollout;
  if (config.targets.length > 0 || config.rules.length > 0 || !rollout) return null;
  return new Map(rollout.variations.map((v) => [v.variant, v.weight]));
}

/** The flag environment as guardrails see it; null when it does not exist. */
export async function watchedFlag(
  db: PrismaClient,
  flagKey: string,
  environment: string,
): Promise<WatchedFlag | null> {
  const [row, rollout, armed] = await Promise.all([
    db.flagConfig.findUnique({
      where: { flagKey_environmentKey: { flagKey, environmentKey: environment } },
      select: { config: true, updatedAt: true, flag: { select: { variants: true } } },
    }),
    db.rollout.findFirst({
      where: { flagKey, environmentKey: environment, state: { in: ACTIVE_ROLLOUT_STATES } },
      select: { controlVariant: true },
    }),
    db.guardrail.findMany({
      where: { flagKey, environmentKey: environment, state: 'armed', shadow: false },
      select: { confidence: true },
    }),
  ]);
  if (!row) return null;
  const config = row.config as FlagConfig;
  return {
    on: config.on,
    offVariation: config.offVariation,
    rolloutControl: rollout?.controlVariant ?? null,
    configuredAt: row.updatedAt,
    split: splitOf(config),
    armed,
    variants: (row.flag.variants as Variant[]).length,
  };
}

/**
 * SDKs send what they counted every few seconds (10 s by default), dated when sent: evaluations
 * made under the previous configuration can land this long after a change.
 */
const STALE_EVALUATIONS_MS = 15_000;

const floorTo = (ms: number, step: number) => ms - (((ms % step) + step) % step);
const ceilTo = (ms: number, step: number) => floorTo(ms + step - 1, step);

/**
 * Where the guardrail's evidence starts. From its arming (creation or re-arm): a re-arm starts a
 * fresh sequence, from the first bucket after it, so the data that caused the trip is never held
 * against the flag again; a new guardrail takes in the bucket it was created in. Rollout steps do
 * not restart it: the tests stay valid however the traffic split moves. With a window, the
 * sequence restarts every windowSeconds from then (tumbling windows, each with the full budget).
 */
function sequenceStart(row: GuardrailRow, now: Date, bucketMs: number): number {
  const armed = row.armedAt.getTime();
  let start = row.trippedAt === null ? floorTo(armed, bucketMs) : ceilTo(armed, bucketMs);
  if (row.windowSeconds !== null) {
    const windowMs = row.windowSeconds * 1000;
    start += Math.max(0, Math.floor((now.getTime() - start) / windowMs)) * windowMs;
    start = floorTo(start, bucketMs);
  }
  return start;
}

/** A guardrail evaluated at `now` over its evidence so far. */
export async function watch(
  db: PrismaClient,
  row: GuardrailRow,
  flag: WatchedFlag,
  now: Date,
  timing: MetricsTiming,
): Promise<GuardrailEvaluation> {
  // Buckets that start in [from, to) count; `to` takes in the bucket being filled now.
  const to = new Date(now.getTime() + 1);
  const from = new Date(sequenceStart(row, now, timing.bucketMs));
  const times = { from, to, evaluatedAt: now };
  if (row.state === 'tripped') {
    return idleEvaluation(times, 'Tripped; a person must re-arm it before it watches again.');
  }
  if (!flag.on) return idleEvaluation(times, 'The flag is off here: there is nothing to watch.');
  const control = row.controlVariant ?? flag.rolloutControl ?? flag.offVariation;
  const span = { environment: row.environmentKey, flagKey: row.flagKey, from, to };
  const buckets = await readBuckets(db, span, row.metric === 'eventRate' ? row.event : null);
  return evaluateGuardrail(ruleOf(row), {
    control,
    buckets,
    settledBefore: now.getTime() - timing.bucketMs - timing.settleMs + 1,
    ...times,
    // A shadow guardrail judges at the share it would have if it were armed.
    alpha: budgetOf(row.shadow ? [...flag.armed, row] : flag.armed, flag.variants).alpha,
    split: flag.split,
    splitSince: Math.max(
      from.getTime(),
      ceilTo(flag.configuredAt.getTime() + STALE_EVALUATIONS_MS, timing.bucketMs),
    ),
  });
}
