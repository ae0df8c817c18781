import { randomUUID } from 'node:crypto';
import {
  type CreateGuardrailBody,
  type FieldError,
  type Guardrail,
  type GuardrailReplay,
  REPLAY_MAX_SECONDS,
  type RearmGuardrailBody,
  type ReplayDefinition,
  type ReplayGuardrailBody,
  type UpdateGuardrailBody,
  type Variant,
} from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import { GuardrailTrippedError, invalid, NotFoundError } from '../../errors.ts';
import type { Guardrail as GuardrailRow, PrismaClient } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';
import { readBuckets } from '../metrics/read.ts';
import { enqueueWebhooks } from '../webhooks/outbox.ts';
import { budgetOf } from './budget.ts';
import { budgetErrors, guardrailErrors } from './checks.ts';
import type { GuardrailRule } from './evaluate.ts';
import { replay } from './replay.ts';
import { ruleOf, toGuardrail } from './serialize.ts';
import { type MetricsTiming, watch, watchedFlag } from './watch.ts';

const DEFAULTS = { minimumSample: 200, windowSeconds: null, confidence: 0.99, action: 'kill' };

/** The definition of a guardrail as audit entries record it (no live status, no trip). */
function definition(row: GuardrailRow) {
  const {
    state,
    armedAt,
    trippedAt,
    tripEvaluation,
    tripVersion,
    shadowTrippedAt,
    shadowEvaluation,
    updatedAt,
    ...rest
  } = row;
  return rest;
}

/** What a replay judges with: a guardrail's test and the figures its budget share depends on. */
interface ReplayTest {
  rule: GuardrailRule;
  controlVariant: string | null;
  confidence: number;
  windowSeconds: number | null;
}

const storedTest = (row: GuardrailRow): ReplayTest => ({
  rule: ruleOf(row),
  controlVariant: row.controlVariant,
  confidence: row.confidence,
  windowSeconds: row.windowSeconds,
});

const definedTest = (definition: ReplayDefinition): ReplayTest => ({
  rule: {
    metric: definition.metric,
    event: definition.event ?? null,
    threshold: definition.threshold,
    minimumSample: definition.minimumSample ?? DEFAULTS.minimumSample,
  },
  controlVariant: definition.controlVariant ?? null,
  confidence: definition.confidence ?? DEFAULTS.confidence,
  windowSeconds: definition.windowSeconds ?? DEFAULTS.windowSeconds,
});

/** Guardrails of flag environments: definitions, live verdicts, re-arming. */
export function guardrailService({ db, timing }: { db: PrismaClient; timing: MetricsTiming }) {
  async function variantsOf(flagKey: string, environment: string): Promise<Variant[]> {
    const row = await db.flagConfig.findUnique({
      where: { flagKey_environmentKey: { flagKey, environmentKey: environment } },
      select: { flag: { select: { variants: true } } },
    });
    if (row) return row.flag.variants as Variant[];
    const flag = await db.flag.findUnique({ where: { key: flagKey }, select: { key: true } });
    throw new NotFoundError(flag ? `No environment "${environment}".` : `No flag "${flagKey}".`);
  }

  async function findRow(flagKey: string, environment: string, id: string) {
    const row = await db.guardrail.findFirst({
      where: { id, flagKey, environmentKey: environment },
    });
    if (row) return row;
    await variantsOf(flagKey, environment);
    throw new NotFoundError(`No guardrail "${id}" on flag "${flagKey}" in ${environment}.`);
  }

  async function present(rows: GuardrailRow[], flagKey: string, environment: string) {
    const flag = await watchedFlag(db, flagKey, environment);
    if (!flag) throw new NotFoundError(`No flag "${flagKey}" in ${environment}.`);
    const now = new Date();
    return Promise.all(
      rows.map(async (row) => toGuardrail(row, await watch(db, row, flag, now, timing))),
    );
  }

  /** The confidences of the armed guardrails of a flag environment, `except` one of them. */
  async function armedConfidences(flagKey: string, environment: string, except?: string) {
    return db.guardrail.findMany({
      where: {
        flagKey,
        environmentKey: environment,
        state: 'armed',
        shadow: false,
        ...(except !== undefined && { id: { not: except } }),
      },
      select: { confidence: true },
    });
  }

  async function presentOne(row: GuardrailRow): Promise<Guardrail> {
    const [guardrail] = await present([row], row.flagKey, row.environmentKey);
    return guardrail as Guardrail;
  }

  return {
    async list(flagKey: string, environment: string): Promise<{ items: Guardrail[] }> {
      await variantsOf(flagKey, environment);
      const rows = await db.guardrail.findMany({
        where: { flagKey, environmentKey: environment },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return { items: await present(rows, flagKey, environment) };
    },

    async get(flagKey: string, environment: string, id: string): Promise<Guardrail> {
      return presentOne(await findRow(flagKey, environment, id));
    },

    async create(actor: Actor, flagKey: string, environment: string, body: CreateGuardrailBody) {
      const variants = await variantsOf(flagKey, environment);
      const shape = {
        metric: body.metric,
        event: body.event ?? null,
        threshold: body.threshold,
        controlVariant: body.controlVariant ?? null,
      };
      const confidence = body.confidence ?? DEFAULTS.confidence;
      // A shadow guardrail spends nothing, but judges at the share it would have if armed.
      const errors = [
        ...guardrailErrors(shape, variants),
        ...budgetErrors(
          [...(await armedConfidences(flagKey, environment)), { confidence }],
          variants.length,
        ),
      ];
      if (errors.length > 0) throw invalid(errors);
      const row = await db.$transaction(async (tx) => {
        const created = await tx.guardrail.create({
          data: {
            id: randomUUID(),
            flagKey,
            environmentKey: environment,
            metric: shape.metric,
            event: shape.event,
            thresholdKind: shape.threshold.kind,
            thresholdValue: shape.threshold.value,
            minimumSample: body.minimumSample ?? DEFAULTS.minimumSample,
            windowSeconds: body.windowSeconds ?? DEFAULTS.windowSeconds,
            confidence,
            action: body.action ?? DEFAULTS.action,
            shadow: body.shadow ?? false,
            controlVariant: shape.controlVariant,
          },
        });
        await recordAudit(tx, actor, {
          action: 'guardrail.created',
          flagKey,
          environment,
          comment: body.comment,
          after: definition(created),
        });
        return created;
      });
      return presentOne(row);
    },

    async update(
      actor: Actor,
      flagKey: string,
      environment: string,
      id: string,
      body: UpdateGuardrailBody,
    ): Promise<Guardrail> {
      const current = await findRow(flagKey, environment, id);
      const threshold = body.threshold ?? {
        kind: current.thresholdKind as 'absolute' | 'relative',
        value: current.thresholdValue,
      };
      const shape = {
        metric: current.metric as CreateGuardrailBody['metric'],
        event: body.event ?? current.event,
        threshold,
        controlVariant:
          body.controlVariant === undefined ? current.controlVariant : body.controlVariant,
      };
      const variants = await variantsOf(flagKey, environment);
      const confidence = body.confidence ?? current.confidence;
      const others = await armedConfidences(flagKey, environment, id);
      const errors = [
        ...guardrailErrors(shape, variants),
        ...budgetErrors([...others, { confidence }], variants.length),
      ];
      if (errors.length > 0) throw invalid(errors);
      const row = await db.$transaction(async (tx) => {
        const updated = await tx.guardrail.update({
          where: { id },
          data: {
            event: shape.event,
            thresholdKind: threshold.kind,
            thresholdValue: threshold.value,
            controlVariant: shape.controlVariant,
            ...(body.minimumSample !== undefined && { minimumSample: body.minimumSample }),
            ...(body.windowSeconds !== undefined && { windowSeconds: body.windowSeconds }),
            ...(body.confidence !== undefined && { confidence: body.confidence }),
            ...(body.action !== undefined && { action: body.action }),
            ...(body.shadow !== undefined && { shadow: body.shadow }),
            // A changed test starts a fresh sequence: evidence gathered for the old one is not
            // evidence for the new, and choosing a limit after seeing the data must not trip.
            ...(current.state === 'armed' && {
              armedAt: new Date(),
              shadowTrippedAt: null,
            }),
            updatedAt: new Date(),
          },
        });
        await recordAudit(tx, actor, {
          action: 'guardrail.updated',
          flagKey,
          environment,
          comment: body.comment,
          before: definition(current),
          after: definition(updated),
        });
        return updated;
      });
      return presentOne(row);
    },

    async remove(actor: Actor, flagKey: string, environment: string, id: string): Promise<void> {
      const current = await findRow(flagKey, environment, id);
      await db.$transaction(async (tx) => {
        await tx.guardrail.delete({ where: { id } });
        await recordAudit(tx, actor, {
          action: 'guardrail.deleted',
          flagKey,
          environment,
          before: definition(current),
        });
      });
    },

    /** Re-judges stored metrics with a guardrail's test: when, if ever, it would have tripped. */
    async replay(
      flagKey: string,
      environment: string,
      body: ReplayGuardrailBody,
    ): Promise<GuardrailReplay> {
      const variants = await variantsOf(flagKey, environment);
      const errors: FieldError[] = [];
      if ((body.guardrailId === undefined) === (body.guardrail === undefined)) {
        errors.push({ field: '/body', message: 'give exactly one of guardrailId and guardrail' });
      }
      const from = Date.parse(body.from);
      const to = body.to === undefined ? Date.now() : Date.parse(body.to);
      if (!(to > from)) errors.push({ field: '/body/to', message: 'must be after from' });
      else if (to - from > REPLAY_MAX_SECONDS * 1000) {
        errors.push({
          field: '/body/to',
          message: `must be at most ${REPLAY_MAX_SECONDS} seconds after from`,
        });
      }
      if (errors.length > 0) throw invalid(errors);
      const existing =
        body.guardrailId === undefined
          ? null
          : await findRow(flagKey, environment, body.guardrailId);
      const test = existing
        ? storedTest(existing)
        : definedTest(body.guardrail as ReplayDefinition);
      if (!existing) {
        // A stored guardrail was checked when it was saved; a definition is checked here.
        const shapeErrors = guardrailErrors(
          { ...test.rule, controlVariant: test.controlVariant },
          variants,
        ).map((error) => ({ ...error, field: error.field.replace('/body/', '/body/guardrail/') }));
        if (shapeErrors.length > 0) throw invalid(shapeErrors);
      }
      const others = await armedConfidences(flagKey, environment, existing?.id);
      const budget = budgetOf([...others, { confidence: test.confidence }], variants.length);
      const flag = await watchedFlag(db, flagKey, environment);
      if (!flag) throw new NotFoundError(`No flag "${flagKey}" in ${environment}.`);
      const span = { environment, flagKey, from: new Date(from), to: new Date(to) };
      const { rule } = test;
      return replay({
        rule,
        control: test.controlVariant ?? flag.rolloutControl ?? flag.offVariation,
        buckets: await readBuckets(db, span, rule.metric === 'eventRate' ? rule.event : null),
        from,
        to,
        bucketMs: timing.bucketMs,
        windowSeconds: test.windowSeconds,
        alpha: budget.alpha,
      });
    },

    /** Arms a tripped guardrail again; it judges only data from now on. */
    async rearm(
      actor: Actor,
      flagKey: string,
      environment: string,
      id: string,
      body: RearmGuardrailBody,
    ): Promise<Guardrail> {
      const current = await findRow(flagKey, environment, id);
      if (current.state === 'armed') return presentOne(current);
      if (current.tripVersion === null) {
        throw new GuardrailTrippedError(
          'This trip is still being applied to the flag; re-arm it in a moment.',
        );
      }
      const row = await db.$transaction(async (tx) => {
        const { count } = await tx.guardrail.updateMany({
          where: { id, state: 'tripped' },
          data: { state: 'armed', armedAt: new Date(), updatedAt: new Date() },
        });
        const rearmed = await tx.guardrail.findUniqueOrThrow({ where: { id } });
        if (count === 0) return rearmed;
        await recordAudit(tx, actor, {
          action: 'guardrail.rearmed',
          flagKey,
          environment,
          comment: body.comment,
        });
        await enqueueWebhooks(tx, 'guardrail.rearmed', {
          environment,
          flagKey,
          guardrailId: id,
          actor: actor.name,
        });
        return rearmed;
      });
      return presentOne(row);
    },
  };
}
