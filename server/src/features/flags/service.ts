import { randomBytes } from 'node:crypto';
import type {
  ArchiveFlagBody,
  CreateFlagBody,
  Flag,
  ListFlagsQuery,
  UpdateFlagBody,
} from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import { defaultVariants, initialConfig } from '../../domain/flag-defaults.ts';
import { DEFAULT_LIMIT, pageOf } from '../../domain/page.ts';
import { type FlagRow, toFlag } from '../../domain/serialize.ts';
import {
  bumpAllRevisions,
  lockAllEnvironments,
  lockStructure,
  type WriteDeps,
  write,
} from '../../domain/write.ts';
import {
  AlreadyExistsError,
  invalid,
  NotArchivedError,
  NotFoundError,
  problem,
  VersionConflictError,
} from '../../errors.ts';
import type { CommittedChange } from '../../infra/changes.ts';
import { asJson, type Prisma, type PrismaClient, type Tx } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';
import { assertChosenVariant, assertVariants, assertVariantsUnused } from './validate.ts';

const withConfigs = {
  configs: {
    select: {
      environmentKey: true,
      config: true,
      version: true,
      guardrails: { where: { state: 'tripped' }, select: { id: true }, take: 1 },
    },
  },
} as const;

async function findFlag(db: PrismaClient | Tx, key: string): Promise<FlagRow> {
  const row = await db.flag.findUnique({ where: { key }, include: withConfigs });
  if (!row) throw new NotFoundError(`No flag "${key}".`);
  return row;
}

// Every environment's snapshot changes when a flag appears, changes variants or is (un)archived.
const everywhere = (
  flag: string,
  revisions: { key: string; revision: number }[],
): CommittedChange[] =>
  revisions.map(({ key, revision }) => ({
    environment: key,
    revision,
    flags: [flag],
    segments: [],
  }));

function listWhere(query: ListFlagsQuery): Prisma.FlagWhereInput {
  const status = query.status ?? 'active';
  const text = query.q ? { contains: query.q, mode: 'insensitive' as const } : undefined;
  return {
    ...(status !== 'all' && { archived: status === 'archived' }),
    ...(query.tag && { tags: { has: query.tag } }),
    ...(text && { OR: [{ key: text }, { name: text }, { description: text }] }),
    ...(query.cursor !== undefined && { key: { gt: query.cursor } }),
  };
}

export function flagService(deps: WriteDeps) {
  const { db } = deps;

  function setArchived(actor: Actor, key: string, archived: boolean, body: ArchiveFlagBody) {
    return write(deps, async (tx) => {
      await lockAllEnvironments(tx);
      const before = await findFlag(tx, key);
      if (before.archived === archived) return { result: toFlag(before), committed: [] };
      const revisions = await bumpAllRevisions(tx);
      await tx.flag.update({
        where: { key },
        data: { archived, version: { increment: 1 }, updatedAt: new Date() },
      });
      const result = toFlag(await findFlag(tx, key));
      await recordAudit(tx, actor, {
        action: archived ? 'flag.archived' : 'flag.unarchived',
        flagKey: key,
        comment: body.comment,
        before: toFlag(before),
        after: result,
      });
      return { result, committed: everywhere(key, revisions) };
    });
  }

  return {
    async list(query: ListFlagsQuery): Promise<{ items: Flag[]; nextCursor: string | null }> {
      const limit = query.limit ?? DEFAULT_LIMIT;
      const rows = await db.flag.findMany({
        where: listWhere(query),
        include: withConfigs,
        orderBy: { key: 'asc' },
        take: limit + 1,
      });
      return pageOf(rows, limit, toFlag, (row) => row.key);
    },

    async get(key: string): Promise<Flag> {
      return toFlag(await findFlag(db, key));
    },

    create(actor: Actor, body: CreateFlagBody): Promise<Flag> {
      const kind = body.kind ?? 'boolean';
      const variants = body.variants ?? defaultVariants(kind);
      if (!variants) {
        throw invalid([{ field: '/body/variants', message: `is required for ${kind} flags` }]);
      }
      assertVariants(kind, variants);
      assertChosenVariant(variants, body.offVariation, '/body/offVariation');
      assertChosenVariant(variants, body.defaultVariation, '/body/defaultVariation');
      const config = initialConfig(variants, body);
      return write(deps, async (tx) => {
        await lockStructure(tx);
        const existing = await tx.flag.findUnique({ where: { key: body.key } });
        if (existing) {
          const state = existing.archived ? ' (archived)' : '';
          throw new AlreadyExistsError(`Flag "${body.key}" already exists${state}.`);
        }
        const revisions = await bumpAllRevisions(tx);
        await tx.flag.create({
          data: {
            key: body.key,
            name: body.name ?? body.key,
            description: body.description ?? '',
            kind,
            variants: asJson(variants),
            tags: body.tags ?? [],
            owner: body.owner ?? null,
            salt: randomBytes(16).toString('base64url'),
          },
        });
        const rows = revisions.map(({ key }) => ({
          flagKey: body.key,
          environmentKey: key,
          version: 1,
          config,
        }));
        await tx.flagConfig.createMany({
          data: rows.map((row) => ({ ...row, updatedBy: actor.name })),
        });
        await tx.flagVersion.createMany({
          data: rows.map((row) => ({
            ...row,
            actor: actor.name,
            source: actor.source,
            comment: body.comment ?? null,
          })),
        });
        const result = toFlag(await findFlag(tx, body.key));
        await recordAudit(tx, actor, {
          action: 'flag.created',
          flagKey: body.key,
          comment: body.comment,
          after: result,
        });
        return { result, committed: everywhere(body.key, revisions) };
      });
    },

    update(actor: Actor, key: string, body: UpdateFlagBody): Promise<Flag> {
      return write(deps, async (tx) => {
        // New variants change what SDKs serve everywhere, and must be checked against every
        // environment's configuration while no one can change those.
        if (body.variants) await lockAllEnvironments(tx);
        const before = await findFlag(tx, key);
        const conflict = () =>
          problem(
            VersionConflictError,
            `Flag "${key}" is at version ${before.version}; this change was based on version ${body.baseVersion}.`,
            { current: toFlag(before) },
          );
        if (before.version !== body.baseVersion) throw conflict();
        if (body.variants) {
          assertVariants(before.kind as Flag['kind'], body.variants);
          assertVariantsUnused(body.variants, before.configs);
        }
        const { count } = await tx.flag.updateMany({
          where: { key, version: body.baseVersion },
          data: {
            ...(body.name !== undefined && { name: body.name }),
            ...(body.description !== undefined && { description: body.description }),
            ...(body.variants !== undefined && { variants: asJson(body.variants) }),
            ...(body.tags !== undefined && { tags: body.tags }),
            ...(body.owner !== undefined && { owner: body.owner }),
            version: { increment: 1 },
            updatedAt: new Date(),
          },
        });
        if (count === 0) throw conflict();
        const revisions = body.variants ? await bumpAllRevisions(tx) : [];
        const result = toFlag(await findFlag(tx, key));
        await recordAudit(tx, actor, {
          action: 'flag.updated',
          flagKey: key,
          comment: body.comment,
          before: toFlag(before),
          after: result,
        });
        return { result, committed: everywhere(key, revisions) };
      });
    },

    archive: (actor: Actor, key: string, body: ArchiveFlagBody) =>
      setArchived(actor, key, true, body),
    unarchive: (actor: Actor, key: string, body: ArchiveFlagBody) =>
      setArchived(actor, key, false, body),

    remove(actor: Actor, key: string): Promise<void> {
      return write(deps, async (tx) => {
        await lockStructure(tx);
        const row = await findFlag(tx, key);
        if (!row.archived) {
          throw new NotArchivedError(
            `Flag "${key}" is not archived; archive it before deleting it.`,
          );
        }
        await tx.flag.delete({ where: { key } });
        // Archived flags are in no snapshot, so deleting one changes nothing SDKs see.
        await recordAudit(tx, actor, { action: 'flag.deleted', flagKey: key, before: toFlag(row) });
        return { result: undefined, committed: [] };
      });
    },
  };
}
