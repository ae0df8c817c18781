import {
  type CreateSegmentBody,
  type FlagConfig,
  type PageQuery,
  type Segment,
  type SegmentRules,
  type UpdateSegmentBody,
  validateSegmentRules,
} from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import { DEFAULT_LIMIT, pageOf } from '../../domain/page.ts';
import { segmentReferences } from '../../domain/references.ts';
import { unsafePatterns } from '../../domain/safe-patterns.ts';
import { toSegment } from '../../domain/serialize.ts';
import { bumpRevision, lockEnvironment, type WriteDeps, write } from '../../domain/write.ts';
import {
  AlreadyExistsError,
  InUseError,
  invalid,
  NotFoundError,
  problem,
  under,
  VersionConflictError,
} from '../../errors.ts';
import type { CommittedChange } from '../../infra/changes.ts';
import type { PrismaClient, Segment as SegmentRow, Tx } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';

/**
 * Throws a 400 naming every problem with segment rules (pointers under `/body/rules`). Called
 * before the write's transaction: proving regexes safe may take a while.
 */
async function assertRules(rules: SegmentRules): Promise<void> {
  const errors = validateSegmentRules(rules);
  const all =
    errors.length > 0
      ? errors
      : await unsafePatterns(rules.conditions.map((c, i) => [c, `/conditions/${i}`]));
  if (all.length > 0) throw invalid(under('/body/rules', all));
}

async function findSegment(
  db: PrismaClient | Tx,
  environment: string,
  key: string,
): Promise<SegmentRow> {
  const row = await db.segment.findUnique({
    where: { environmentKey_key: { environmentKey: environment, key } },
  });
  if (row) return row;
  const env = await db.environment.findUnique({
    where: { key: environment },
    select: { key: true },
  });
  throw new NotFoundError(
    env ? `No segment "${key}" in ${environment}.` : `No environment "${environment}".`,
  );
}

const changed = (environment: string, revision: number, segment: string): CommittedChange[] => [
  { environment, revision, flags: [], segments: [segment] },
];

export function segmentService(deps: WriteDeps) {
  const { db } = deps;
  return {
    async list(environment: string, query: PageQuery) {
      if (
        !(await db.environment.findUnique({ where: { key: environment }, select: { key: true } }))
      ) {
        throw new NotFoundError(`No environment "${environment}".`);
      }
      const limit = query.limit ?? DEFAULT_LIMIT;
      const rows = await db.segment.findMany({
        where: {
          environmentKey: environment,
          ...(query.cursor !== undefined && { key: { gt: query.cursor } }),
        },
        orderBy: { key: 'asc' },
        take: limit + 1,
      });
      return pageOf(rows, limit, toSegment, (row) => row.key);
    },

    async get(environment: string, key: string): Promise<Segment> {
      return toSegment(await findSegment(db, environment, key));
    },

    async create(actor: Actor, environment: string, body: CreateSegmentBody): Promise<Segment> {
      await assertRules(body.rules);
      return write(deps, async (tx) => {
        await lockEnvironment(tx, environment);
        const existing = await tx.segment.findUnique({
          where: { environmentKey_key: { environmentKey: environment, key: body.key } },
        });
        if (existing)
          throw new AlreadyExistsError(`Segment "${body.key}" already exists in ${environment}.`);
        const row = await tx.segment.create({
          data: {
            environmentKey: environment,
            key: body.key,
            name: body.name ?? body.key,
            description: body.description ?? '',
            rules: body.rules,
          },
        });
        const revision = await bumpRevision(tx, environment);
        const result = toSegment(row);
        await recordAudit(tx, actor, {
          action: 'segment.created',
          environment,
          segmentKey: body.key,
          version: row.version,
          comment: body.comment,
          after: result,
        });
        return { result, committed: changed(environment, revision, body.key) };
      });
    },

    async update(
      actor: Actor,
      environment: string,
      key: string,
      body: UpdateSegmentBody,
    ): Promise<Segment> {
      if (body.rules) await assertRules(body.rules);
      return write(deps, async (tx) => {
        await lockEnvironment(tx, environment);
        const before = await findSegment(tx, environment, key);
        if (before.version !== body.baseVersion) {
          throw problem(
            VersionConflictError,
            `Segment "${key}" is at version ${before.version}; this change was based on version ${body.baseVersion}.`,
            { current: toSegment(before) },
          );
        }
        const row = await tx.segment.update({
          where: { environmentKey_key: { environmentKey: environment, key } },
          data: {
            ...(body.name !== undefined && { name: body.name }),
            ...(body.description !== undefined && { description: body.description }),
            ...(body.rules !== undefined && { rules: body.rules }),
            version: { increment: 1 },
            updatedAt: new Date(),
          },
        });
        const revision = await bumpRevision(tx, environment);
        const result = toSegment(row);
        await recordAudit(tx, actor, {
          action: 'segment.updated',
          environment,
          segmentKey: key,
          version: row.version,
          comment: body.comment,
          before: toSegment(before),
          after: result,
        });
        return { result, committed: changed(environment, revision, key) };
      });
    },

    remove(actor: Actor, environment: string, key: string): Promise<void> {
      return write(deps, async (tx) => {
        await lockEnvironment(tx, environment);
        const row = await findSegment(tx, environment, key);
        const configs = await tx.flagConfig.findMany({
          where: { environmentKey: environment },
          select: { flagKey: true, config: true },
        });
        const uses = configs.flatMap(({ flagKey, config }) =>
          segmentReferences(config as FlagConfig)
            .filter((reference) => reference.key === key)
            .map((reference) => ({
              field: '/params/segmentKey',
              message: `used by flag "${flagKey}" at ${reference.field}`,
            })),
        );
        if (uses.length > 0) {
          throw problem(
            InUseError,
            `Segment "${key}" is used by flag rules in ${environment}; remove those conditions first.`,
            {
              errors: uses,
            },
          );
        }
        await tx.segment.delete({
          where: { environmentKey_key: { environmentKey: environment, key } },
        });
        const revision = await bumpRevision(tx, environment);
        await recordAudit(tx, actor, {
          action: 'segment.deleted',
          environment,
          segmentKey: key,
          before: toSegment(row),
        });
        return { result: undefined, committed: changed(environment, revision, key) };
      });
    },
  };
}
