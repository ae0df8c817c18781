import type { FlagConfig, GuardrailEvaluation } from '@tripswitch/sdk/protocol';
import type { Guardrail as GuardrailRow, PrismaClient } from '../../store/prisma.ts';
import { readWindow } from '../metrics/read.ts';
import { evaluateGuardrail, idleEvaluation } from './evaluate.ts';
import { ruleOf } from './serialize.ts';

/** What a guardrail needs to know of its flag environment. */
export interface WatchedFlag {
  on: boolean;
  offVariation: string;
  /** The control of the running or paused rollout, if there is one. */
  rolloutControl: string | null;
}

/** Rollouts in these states still own the flag's default rule. */
export const ACTIVE_ROLLOUT_STATES = ['running', 'paused'];

/** The flag environment as guardrails see it; null when it does not exist. */
export async function watchedFlag(
  db: PrismaClient,
  flagKey: string,
  environment: string,
): Promise<WatchedFlag | null> {
  const [row, rollout] = await Promise.all([
    db.flagConfig.findUnique({
      where: { flagKey_environmentKey: { flagKey, environmentKey: environment } },
      select: { config: true },
    }),
    db.rollout.findFirst({
      where: { flagKey, environmentKey: environment, state: { in: ACTIVE_ROLLOUT_STATES } },
      select: { controlVariant: true },
    }),
  ]);
  if (!row) return null;
  const config = row.config as FlagConfig;
  return {
    on: config.on,
    offVariation: config.offVariation,
    rolloutControl: rollout?.controlVariant ?? null,
  };
}

/**
 * A guardrail evaluated at `now` over its window. Once re-armed after a trip, the window never
 * reaches back before the re-arming, so the data that caused the trip is not held against the
 * flag again; a guardrail that never tripped judges its whole window, even from before it existed.
 */
export async function watch(
  db: PrismaClient,
  row: GuardrailRow,
  flag: WatchedFlag,
  now: Date,
): Promise<GuardrailEvaluation> {
  // Buckets that start in [from, to) count; `to` takes in the bucket being filled now.
  const to = new Date(now.getTime() + 1);
  const since = row.trippedAt === null ? 0 : row.armedAt.getTime();
  const from = new Date(Math.max(now.getTime() - row.windowSeconds * 1000, since));
  const times = { from, to, evaluatedAt: now };
  if (row.state === 'tripped') {
    return idleEvaluation(times, 'Tripped; a person must re-arm it before it watches again.');
  }
  if (!flag.on) return idleEvaluation(times, 'The flag is off here: there is nothing to watch.');
  const control = row.controlVariant ?? flag.rolloutControl ?? flag.offVariation;
  const span = { environment: row.environmentKey, flagKey: row.flagKey, from, to };
  const totals = await readWindow(db, span, row.metric === 'eventRate' ? row.event : null);
  return evaluateGuardrail(ruleOf(row), { control, totals, ...times });
}
