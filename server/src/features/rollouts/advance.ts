import {
  type FlagConfig,
  type GuardrailEvaluation,
  ROLLOUT_TOTAL,
  type RolloutStep,
} from '@tripswitch/sdk/protocol';
import type { WriteDeps } from '../../domain/write.ts';
import type { Rollout as RolloutRow } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';
import { flagEnvironmentService } from '../flag-environments/service.ts';
import { SCHEDULE_ACTOR } from '../trip-switch/actors.ts';
import { enqueueWebhooks } from '../webhooks/outbox.ts';
import { holdEndsAt, stepsOf } from './serialize.ts';
import { percent, sameServe, serveAt } from './steps.ts';

/** What the scheduler did with a rollout on one tick. */
export type Advance = 'held' | 'waiting' | 'advanced' | 'completed' | 'paused';

/** A guardrail's evaluation now, and whether its threshold is relative to the control. */
export interface GuardrailVerdict {
  relative: boolean;
  evaluation: GuardrailEvaluation;
}

/**
 * One scheduler step for a running rollout: pause it if a person changed what it serves, wait out
 * the hold, wait while any guardrail is not healthy (breached, or short of samples), then move to
 * the next step (an ordinary versioned change by `schedule`) or, after the last, complete it.
 * Every write is conditional on what was read, so two leaders for a moment never double a step.
 */
export async function advanceRollout(
  deps: WriteDeps,
  row: RolloutRow,
  guardrails: readonly GuardrailVerdict[],
  now: Date,
): Promise<Advance> {
  const configs = flagEnvironmentService(deps);
  const steps = stepsOf(row);
  const step = steps[row.stepIndex] as RolloutStep;
  const current = await configs.get(row.flagKey, row.environmentKey);
  const config: FlagConfig = current.config;
  if (!config.on || !sameServe(config.defaultServe, serveAt(row, step.share))) {
    const reason = config.on
      ? `The default rule was changed by hand (version ${current.version}); resume to serve ${percent(step.share)} again.`
      : `The flag was turned off (version ${current.version}); resume to turn it on at ${percent(step.share)}.`;
    await pause(deps, row, reason, now);
    return 'paused';
  }
  if (now < holdEndsAt(row)) return 'held';
  // With everyone on the treatment no control traffic is left, so a guardrail relative to the
  // control soon has nothing to compare with: it cannot hold the last step back for ever
  // (absolute guardrails still judge it, and any guardrail still trips on what its window holds).
  const everyone = step.share === ROLLOUT_TOTAL;
  const moot = (g: GuardrailVerdict) =>
    everyone &&
    g.relative &&
    (g.evaluation.outcome === 'insufficientSample' ||
      g.evaluation.hold?.reason === 'noControlTraffic');
  if (guardrails.some((g) => !moot(g) && g.evaluation.outcome !== 'healthy')) return 'waiting';

  const health =
    guardrails.length === 0
      ? 'no guardrails'
      : `guardrails healthy: ${guardrails
          .map((g) =>
            moot(g)
              ? `${g.evaluation.summary} (no control traffic at 100% to compare with)`
              : g.evaluation.summary,
          )
          .join(' | ')}`;
  const next = steps[row.stepIndex + 1];
  if (!next) {
    await complete(
      deps,
      row,
      `Held ${percent(step.share)} for ${step.holdSeconds} s; ${health}`,
      now,
    );
    return 'completed';
  }
  const comment = `Progressive rollout: "${row.treatmentVariant}" ${percent(step.share)} -> ${percent(next.share)} after holding ${step.holdSeconds} s; ${health}`;
  await configs.update(
    SCHEDULE_ACTOR,
    row.flagKey,
    row.environmentKey,
    {
      baseVersion: current.version,
      config: { ...config, defaultServe: serveAt(row, next.share) },
      comment: comment.slice(0, 2000),
    },
    async (tx, written) => {
      const { count } = await tx.rollout.updateMany({
        where: { id: row.id, state: 'running', stepIndex: row.stepIndex },
        data: { stepIndex: row.stepIndex + 1, stepStartedAt: now, updatedAt: now },
      });
      // Paused or advanced by someone else meanwhile: this change must not commit.
      if (count === 0) throw new Error('the rollout changed while advancing');
      await enqueueWebhooks(tx, 'rollout.advanced', {
        environment: row.environmentKey,
        flagKey: row.flagKey,
        rolloutId: row.id,
        stepIndex: row.stepIndex + 1,
        share: next.share,
        version: written.version,
      });
    },
  );
  return 'advanced';
}

async function pause(deps: WriteDeps, row: RolloutRow, reason: string, now: Date) {
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.rollout.updateMany({
      where: { id: row.id, state: 'running' },
      data: { state: 'paused', reason, updatedAt: now },
    });
    if (count === 0) return;
    const { flagKey, environmentKey: environment } = row;
    await recordAudit(tx, SCHEDULE_ACTOR, {
      action: 'rollout.paused',
      flagKey,
      environment,
      comment: reason,
    });
    await enqueueWebhooks(tx, 'rollout.paused', {
      environment,
      flagKey,
      rolloutId: row.id,
      reason,
    });
  });
}

async function complete(deps: WriteDeps, row: RolloutRow, comment: string, now: Date) {
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.rollout.updateMany({
      where: { id: row.id, state: 'running', stepIndex: row.stepIndex },
      data: { state: 'completed', finishedAt: now, updatedAt: now },
    });
    if (count === 0) return;
    const notice = { environment: row.environmentKey, flagKey: row.flagKey, rolloutId: row.id };
    await recordAudit(tx, SCHEDULE_ACTOR, {
      action: 'rollout.completed',
      flagKey: row.flagKey,
      environment: row.environmentKey,
      comment: comment.slice(0, 2000),
    });
    await enqueueWebhooks(tx, 'rollout.completed', notice);
  });
}
