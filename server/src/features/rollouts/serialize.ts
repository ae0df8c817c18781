import type { ProgressiveRollout, RolloutState, RolloutStep } from '@tripswitch/sdk/protocol';
import type { Rollout as RolloutRow } from '../../store/prisma.ts';

export function stepsOf(row: RolloutRow): RolloutStep[] {
  return row.steps as RolloutStep[];
}

/** When the current step's hold ends: the earliest the rollout moves on. */
export function holdEndsAt(row: RolloutRow): Date {
  const step = stepsOf(row)[row.stepIndex];
  return new Date(row.stepStartedAt.getTime() + (step?.holdSeconds ?? 0) * 1000);
}

export function toRollout(row: RolloutRow): ProgressiveRollout {
  const steps = stepsOf(row);
  const running = row.state === 'running';
  return {
    id: row.id,
    flagKey: row.flagKey,
    environment: row.environmentKey,
    controlVariant: row.controlVariant,
    treatmentVariant: row.treatmentVariant,
    bucketBy: row.bucketBy,
    steps,
    state: row.state as RolloutState,
    stepIndex: row.stepIndex,
    stepStartedAt: row.stepStartedAt.toISOString(),
    nextStepAt: running ? holdEndsAt(row).toISOString() : null,
    nextShare: running ? (steps[row.stepIndex + 1]?.share ?? null) : null,
    baseVersion: row.baseVersion,
    startedAt: row.startedAt.toISOString(),
    startedBy: row.startedBy,
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    reason: row.reason,
  };
}
