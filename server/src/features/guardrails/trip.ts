import type { FlagEnvironment, GuardrailEvaluation } from '@tripswitch/sdk/protocol';
import type { WriteDeps } from '../../domain/write.ts';
import type { Guardrail as GuardrailRow } from '../../store/prisma.ts';
import { asJson } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';
import { flagEnvironmentService } from '../flag-environments/service.ts';
import { GUARDRAIL_ACTOR } from '../trip-switch/actors.ts';
import { enqueueWebhooks } from '../webhooks/outbox.ts';
import { ACTIVE_ROLLOUT_STATES } from './watch.ts';

// A trip in two steps. First it is recorded (the guardrail tripped, its rollout ended, the audit
// entry), so it happens once however many evaluators see the breach. Then its action is applied
// as an ordinary versioned change by actor `guardrail`, through the same write path as a person's
// kill, and the version it wrote is recorded with the webhook notices. An instance that dies
// between the two leaves a trip without a version, which the next leader applies.

const MAX_COMMENT = 2000;

function tripComment(row: GuardrailRow, evaluation: GuardrailEvaluation, note = ''): string {
  const comment = `Guardrail tripped (${row.action}): ${evaluation.summary}${note}`;
  return comment.length > MAX_COMMENT ? `${comment.slice(0, MAX_COMMENT - 1)}…` : comment;
}

/**
 * Records a shadow guardrail's first would-be trip since arming, acting on nothing; returns false
 * when one is already recorded (or it left shadow mode meanwhile).
 */
export async function recordShadowTrip(
  db: WriteDeps['db'],
  row: GuardrailRow,
  evaluation: GuardrailEvaluation,
  now: Date,
): Promise<boolean> {
  const { count } = await db.guardrail.updateMany({
    where: { id: row.id, state: 'armed', shadow: true, shadowTrippedAt: null },
    data: { shadowTrippedAt: now, shadowEvaluation: asJson(evaluation) },
  });
  return count > 0;
}

/** Records a breach; returns false when the guardrail was no longer armed (already tripped). */
export async function recordTrip(
  deps: WriteDeps,
  row: GuardrailRow,
  evaluation: GuardrailEvaluation,
): Promise<boolean> {
  const now = new Date();
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.guardrail.updateMany({
      where: { id: row.id, state: 'armed', shadow: false },
      data: {
        state: 'tripped',
        trippedAt: now,
        tripEvaluation: asJson(evaluation),
        tripVersion: null,
        updatedAt: now,
      },
    });
    if (count === 0) return false;
    await tx.rollout.updateMany({
      where: {
        flagKey: row.flagKey,
        environmentKey: row.environmentKey,
        state: { in: ACTIVE_ROLLOUT_STATES },
      },
      data: {
        state: 'tripped',
        finishedAt: now,
        updatedAt: now,
        reason: `Guardrail ${row.id} tripped: ${evaluation.summary}`,
      },
    });
    await recordAudit(tx, GUARDRAIL_ACTOR, {
      action: 'guardrail.tripped',
      flagKey: row.flagKey,
      environment: row.environmentKey,
      comment: tripComment(row, evaluation),
      after: { guardrailId: row.id, metric: row.metric, action: row.action, evaluation },
    });
    return true;
  });
}

/** Applies a recorded trip's action, once: kill, or write back the version before the rollout. */
export async function applyTrip(deps: WriteDeps, id: string): Promise<void> {
  const row = await deps.db.guardrail.findUnique({ where: { id } });
  if (row?.state !== 'tripped' || row.tripVersion !== null || !row.tripEvaluation) return;
  const evaluation = row.tripEvaluation as GuardrailEvaluation;
  const configs = flagEnvironmentService(deps);
  const { flagKey, environmentKey: environment } = row;
  const kill = (note = '') =>
    configs.kill(GUARDRAIL_ACTOR, flagKey, environment, {
      comment: tripComment(row, evaluation, note),
    });

  let written: FlagEnvironment;
  if (row.action === 'revert') {
    const rollout = await deps.db.rollout.findFirst({
      where: {
        flagKey,
        environmentKey: environment,
        startedAt: { lte: row.trippedAt ?? new Date() },
      },
      orderBy: { startedAt: 'desc' },
    });
    if (rollout) {
      written = await configs
        .rollback(GUARDRAIL_ACTOR, flagKey, environment, rollout.baseVersion, {
          comment: tripComment(row, evaluation, ` Reverted to version ${rollout.baseVersion}.`),
        })
        // A version that no longer fits the flag cannot be restored: turning it off is safe.
        .catch(() =>
          kill(` Version ${rollout.baseVersion} no longer fits the flag: killed instead.`),
        );
    } else {
      written = await kill(' No rollout to revert: killed instead.');
    }
  } else {
    written = await kill();
  }

  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.guardrail.updateMany({
      where: { id, tripVersion: null },
      data: { tripVersion: written.version },
    });
    if (count === 0) return;
    await enqueueWebhooks(tx, 'guardrail.tripped', {
      environment,
      flagKey,
      guardrailId: id,
      metric: row.metric,
      action: row.action,
      version: written.version,
      summary: evaluation.summary,
      evaluation,
    });
  });
}
