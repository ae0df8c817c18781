import { randomUUID } from 'node:crypto';
import type {
  FieldError,
  FlagConfig,
  ProgressiveRollout,
  RolloutControlBody,
  StartRolloutBody,
  Variant,
} from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import type { WriteDeps } from '../../domain/write.ts';
import {
  GuardrailTrippedError,
  invalid,
  NotFoundError,
  RolloutConflictError,
} from '../../errors.ts';
import type { PrismaClient, Rollout as RolloutRow, Tx } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';
import { flagEnvironmentService } from '../flag-environments/service.ts';
import { ACTIVE_ROLLOUT_STATES } from '../guardrails/watch.ts';
import { enqueueWebhooks } from '../webhooks/outbox.ts';
import { toRollout } from './serialize.ts';
import { percent, sameServe, serveAt, stepErrors } from './steps.ts';

/** The running or paused rollout of a flag environment (at most one). */
export function activeRollout(db: PrismaClient | Tx, flagKey: string, environment: string) {
  return db.rollout.findFirst({
    where: { flagKey, environmentKey: environment, state: { in: ACTIVE_ROLLOUT_STATES } },
  });
}

function armsErrors(variants: Variant[], control: string, treatment: string): FieldError[] {
  const errors: FieldError[] = [];
  const keys = new Set(variants.map((variant) => variant.key));
  if (!keys.has(control)) {
    errors.push({ field: '/body/controlVariant', message: `no variant "${control}" in this flag` });
  }
  if (!keys.has(treatment)) {
    errors.push({
      field: '/body/treatmentVariant',
      message: `no variant "${treatment}" in this flag`,
    });
  } else if (treatment === control) {
    errors.push({
      field: '/body/treatmentVariant',
      message: 'must differ from the control variant',
    });
  }
  return errors;
}

/** Progressive rollouts: start, pause, resume, abort; the leader's scheduler advances them. */
export function rolloutService(deps: WriteDeps) {
  const { db } = deps;
  const configs = flagEnvironmentService(deps);

  async function current(flagKey: string, environment: string): Promise<RolloutRow> {
    await configs.get(flagKey, environment);
    const row =
      (await activeRollout(db, flagKey, environment)) ??
      (await db.rollout.findFirst({
        where: { flagKey, environmentKey: environment },
        orderBy: { startedAt: 'desc' },
      }));
    if (!row) throw new NotFoundError(`Flag "${flagKey}" has no rollout in ${environment}.`);
    return row;
  }

  /** Moves the rollout from the state it was read in to `to`, with its audit entry, in `tx`. */
  async function transition(
    tx: Tx,
    actor: Actor,
    row: RolloutRow,
    to: 'running' | 'paused' | 'aborted',
    comment: string | undefined,
  ): Promise<RolloutRow> {
    const now = new Date();
    const { count } = await tx.rollout.updateMany({
      where: { id: row.id, state: row.state },
      data: {
        state: to,
        updatedAt: now,
        reason: null,
        ...(to === 'running' && { stepStartedAt: now }),
        ...(to === 'aborted' && { finishedAt: now }),
      },
    });
    if (count === 0) throw new RolloutConflictError('The rollout changed meanwhile; try again.');
    const action = {
      running: 'rollout.resumed',
      paused: 'rollout.paused',
      aborted: 'rollout.aborted',
    };
    await recordAudit(tx, actor, {
      action: action[to],
      flagKey: row.flagKey,
      environment: row.environmentKey,
      comment,
    });
    if (to === 'paused') {
      await enqueueWebhooks(tx, 'rollout.paused', {
        environment: row.environmentKey,
        flagKey: row.flagKey,
        rolloutId: row.id,
        reason: comment ?? null,
      });
    }
    return tx.rollout.findUniqueOrThrow({ where: { id: row.id } });
  }

  async function requireState(flagKey: string, environment: string, states: string[]) {
    const row = await current(flagKey, environment);
    if (!states.includes(row.state)) {
      throw new RolloutConflictError(
        `The rollout of "${flagKey}" in ${environment} is ${row.state}; this needs it ${states.join(' or ')}.`,
      );
    }
    return row;
  }

  /** Writes `config` as a new version with the rollout's own change alongside it. */
  async function withConfig(
    actor: Actor,
    row: Pick<RolloutRow, 'flagKey' | 'environmentKey'>,
    baseVersion: number,
    config: FlagConfig,
    comment: string,
    alongside: (tx: Tx, version: number) => Promise<RolloutRow>,
  ): Promise<RolloutRow> {
    let result: RolloutRow | undefined;
    await configs.update(
      actor,
      row.flagKey,
      row.environmentKey,
      { baseVersion, config, comment },
      async (tx, written) => {
        result = await alongside(tx, written.version);
      },
    );
    return result as RolloutRow;
  }

  return {
    async get(flagKey: string, environment: string): Promise<ProgressiveRollout> {
      return toRollout(await current(flagKey, environment));
    },

    async start(
      actor: Actor,
      flagKey: string,
      environment: string,
      body: StartRolloutBody,
    ): Promise<ProgressiveRollout> {
      const flagEnvironment = await configs.get(flagKey, environment);
      const { variants } = await db.flag.findUniqueOrThrow({
        where: { key: flagKey },
        select: { variants: true },
      });
      const config = flagEnvironment.config;
      const control = body.controlVariant ?? config.offVariation;
      const treatment =
        body.treatmentVariant ??
        (variants as Variant[]).find((variant) => variant.key !== control)?.key ??
        control;
      const errors = [
        ...armsErrors(variants as Variant[], control, treatment),
        ...stepErrors(body.steps),
      ];
      if (errors.length > 0) throw invalid(errors);
      const tripped = await db.guardrail.findFirst({
        where: { flagKey, environmentKey: environment, state: 'tripped' },
      });
      if (tripped) {
        throw new GuardrailTrippedError(
          `Guardrail ${tripped.id} (${tripped.metric}) is tripped; re-arm it before rolling out again.`,
        );
      }
      const arms = {
        controlVariant: control,
        treatmentVariant: treatment,
        bucketBy: body.bucketBy ?? null,
      };
      const first = body.steps[0] as StartRolloutBody['steps'][number];
      const comment =
        body.comment ??
        `Progressive rollout of "${treatment}" started at ${percent(first.share)} (${body.steps.map((step) => percent(step.share)).join(' -> ')})`;
      const next = { ...config, on: true, defaultServe: serveAt(arms, first.share) };
      const row = await withConfig(
        actor,
        { flagKey, environmentKey: environment },
        flagEnvironment.version,
        next,
        comment,
        async (tx, version) => {
          const active = await activeRollout(tx, flagKey, environment);
          if (active) {
            throw new RolloutConflictError(
              `A rollout of "${flagKey}" in ${environment} is already ${active.state}; abort it first.`,
            );
          }
          const created = await tx.rollout.create({
            data: {
              id: randomUUID(),
              flagKey,
              environmentKey: environment,
              ...arms,
              steps: body.steps,
              state: 'running',
              stepIndex: 0,
              stepStartedAt: new Date(),
              baseVersion: version - 1,
              startedBy: actor.name,
            },
          });
          await recordAudit(tx, actor, {
            action: 'rollout.started',
            flagKey,
            environment,
            version,
            comment,
            after: toRollout(created),
          });
          return created;
        },
      );
      return toRollout(row);
    },

    async pause(actor: Actor, flagKey: string, environment: string, body: RolloutControlBody) {
      const row = await requireState(flagKey, environment, ['running']);
      return toRollout(
        await db.$transaction((tx) => transition(tx, actor, row, 'paused', body.comment)),
      );
    },

    /** Resumes from the current step; if the flag was changed meanwhile, the step is served again. */
    async resume(actor: Actor, flagKey: string, environment: string, body: RolloutControlBody) {
      const row = await requireState(flagKey, environment, ['paused']);
      const flagEnvironment = await configs.get(flagKey, environment);
      const share = (row.steps as StartRolloutBody['steps'])[row.stepIndex]?.share ?? 0;
      const serve = serveAt(row, share);
      const config = flagEnvironment.config;
      if (config.on && sameServe(config.defaultServe, serve)) {
        return toRollout(
          await db.$transaction((tx) => transition(tx, actor, row, 'running', body.comment)),
        );
      }
      const comment = body.comment ?? `Progressive rollout resumed at ${percent(share)}`;
      const next = { ...config, on: true, defaultServe: serve };
      return toRollout(
        await withConfig(actor, row, flagEnvironment.version, next, comment, (tx) =>
          transition(tx, actor, row, 'running', comment),
        ),
      );
    },

    /** Stops the rollout; the default rule serves the control variant to everyone. */
    async abort(actor: Actor, flagKey: string, environment: string, body: RolloutControlBody) {
      const row = await requireState(flagKey, environment, ACTIVE_ROLLOUT_STATES);
      const flagEnvironment = await configs.get(flagKey, environment);
      const serve = { variant: row.controlVariant };
      const config = flagEnvironment.config;
      if (sameServe(config.defaultServe, serve)) {
        return toRollout(
          await db.$transaction((tx) => transition(tx, actor, row, 'aborted', body.comment)),
        );
      }
      const comment =
        body.comment ?? `Progressive rollout aborted: everyone on "${row.controlVariant}"`;
      return toRollout(
        await withConfig(
          actor,
          row,
          flagEnvironment.version,
          { ...config, defaultServe: serve },
          comment,
          (tx) => transition(tx, actor, row, 'aborted', comment),
        ),
      );
    },
  };
}
