import type { FastifyBaseLogger } from 'fastify';
import type { WriteDeps } from '../../domain/write.ts';
import type { Guardrail as GuardrailRow } from '../../store/prisma.ts';
import { applyTrip, recordShadowTrip, recordTrip } from '../guardrails/trip.ts';
import { type MetricsTiming, watch, watchedFlag } from '../guardrails/watch.ts';
import { type Advance, advanceRollout, type GuardrailVerdict } from '../rollouts/advance.ts';

export interface TickDeps extends WriteDeps {
  log: FastifyBaseLogger;
  timing: MetricsTiming;
}

/** What one tick did, for logs and metrics. */
export interface TickReport {
  evaluated: number;
  tripped: number;
  rollouts: Partial<Record<Advance, number>>;
}

const flagEnvironmentOf = (row: { flagKey: string; environmentKey: string }) =>
  `${row.environmentKey}/${row.flagKey}`;

/**
 * One pass of the elected instance: apply trips left half-done, evaluate every armed guardrail
 * (tripping those in breach), then advance the running rollouts their guardrails allow. A failure
 * on one flag is logged and the others go on.
 */
export async function tick(deps: TickDeps, now = new Date()): Promise<TickReport> {
  const { db, log } = deps;
  const report: TickReport = { evaluated: 0, tripped: 0, rollouts: {} };
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      log.error({ err: error }, `guardrails: ${what} failed`);
    }
  };

  const pending = await db.guardrail.findMany({
    where: { state: 'tripped', tripVersion: null },
    select: { id: true },
  });
  for (const { id } of pending) await attempt(`applying trip ${id}`, () => applyTrip(deps, id));

  const armed = await db.guardrail.findMany({ where: { state: 'armed' } });
  const groups = new Map<string, GuardrailRow[]>();
  for (const row of armed) {
    const key = flagEnvironmentOf(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const verdicts = new Map<string, GuardrailVerdict[]>();
  for (const [key, rows] of groups) {
    await attempt(`evaluating ${key}`, async () => {
      const first = rows[0] as GuardrailRow;
      const flag = await watchedFlag(db, first.flagKey, first.environmentKey);
      if (!flag) return;
      const evaluations: GuardrailVerdict[] = [];
      for (const row of rows) {
        const evaluation = await watch(db, row, flag, now, deps.timing);
        report.evaluated++;
        if (row.shadow) {
          // Watches and records, never acts nor holds a rollout.
          if (
            evaluation.outcome === 'breached' &&
            (await recordShadowTrip(db, row, evaluation, now))
          ) {
            log.info(
              { guardrail: row.id, flag: key, summary: evaluation.summary },
              'shadow guardrail would have tripped',
            );
          }
          continue;
        }
        evaluations.push({ relative: row.thresholdKind === 'relative', evaluation });
        if (evaluation.outcome !== 'breached') continue;
        if (await recordTrip(deps, row, evaluation)) {
          report.tripped++;
          log.warn(
            { guardrail: row.id, flag: key, summary: evaluation.summary },
            'guardrail tripped',
          );
          await applyTrip(deps, row.id);
        }
      }
      verdicts.set(key, evaluations);
    });
  }

  const running = await db.rollout.findMany({ where: { state: 'running' } });
  for (const row of running) {
    const key = flagEnvironmentOf(row);
    // Guardrails that could not be evaluated hold their rollout back.
    const guardrails = groups.has(key) ? verdicts.get(key) : [];
    if (!guardrails) continue;
    await attempt(`advancing the rollout of ${key}`, async () => {
      const outcome = await advanceRollout(deps, row, guardrails, now);
      report.rollouts[outcome] = (report.rollouts[outcome] ?? 0) + 1;
    });
  }
  return report;
}
