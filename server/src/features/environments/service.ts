import type {
  CreateEnvironmentBody,
  Environment,
  UpdateEnvironmentBody,
  Variant,
} from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import { initialConfig } from '../../domain/flag-defaults.ts';
import { toEnvironment } from '../../domain/serialize.ts';
import { lockEnvironment, lockStructure, type WriteDeps, write } from '../../domain/write.ts';
import { AlreadyExistsError, NotFoundError } from '../../errors.ts';
import type { Tx } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';

const notFound = (key: string) => new NotFoundError(`No environment "${key}".`);

/** Gives every existing flag its first configuration (off, version 1) in a new environment. */
async function configureFlags(tx: Tx, actor: Actor, environment: string): Promise<void> {
  const flags = await tx.flag.findMany({ select: { key: true, variants: true } });
  const rows = flags.map((flag) => ({
    flagKey: flag.key,
    environmentKey: environment,
    version: 1,
    config: initialConfig(flag.variants as Variant[]),
  }));
  await tx.flagConfig.createMany({ data: rows.map((row) => ({ ...row, updatedBy: actor.name })) });
  await tx.flagVersion.createMany({
    data: rows.map((row) => ({ ...row, actor: actor.name, source: actor.source, comment: null })),
  });
}

/** Creates an environment inside a transaction that already holds the structure lock. */
export async function insertEnvironment(
  tx: Tx,
  actor: Actor,
  body: CreateEnvironmentBody,
): Promise<Environment> {
  if (await tx.environment.findUnique({ where: { key: body.key } })) {
    throw new AlreadyExistsError(`Environment "${body.key}" already exists.`);
  }
  const row = await tx.environment.create({
    data: {
      key: body.key,
      name: body.name ?? body.key,
      confirmChanges: body.confirmChanges ?? false,
    },
  });
  await configureFlags(tx, actor, row.key);
  const environment = toEnvironment(row);
  await recordAudit(tx, actor, {
    action: 'environment.created',
    environment: row.key,
    after: environment,
  });
  return environment;
}

export function environmentService(deps: WriteDeps) {
  const { db } = deps;
  return {
    async list(): Promise<Environment[]> {
      const rows = await db.environment.findMany({
        orderBy: [{ createdAt: 'asc' }, { key: 'asc' }],
      });
      return rows.map(toEnvironment);
    },

    async get(key: string): Promise<Environment> {
      const row = await db.environment.findUnique({ where: { key } });
      if (!row) throw notFound(key);
      return toEnvironment(row);
    },

    create(actor: Actor, body: CreateEnvironmentBody): Promise<Environment> {
      return write(deps, async (tx) => {
        await lockStructure(tx);
        const result = await insertEnvironment(tx, actor, body);
        return {
          result,
          committed: [
            { environment: result.key, revision: result.revision, flags: [], segments: [] },
          ],
        };
      });
    },

    update(actor: Actor, key: string, body: UpdateEnvironmentBody): Promise<Environment> {
      return write(deps, async (tx) => {
        await lockEnvironment(tx, key);
        const before = toEnvironment(await tx.environment.findUniqueOrThrow({ where: { key } }));
        const row = await tx.environment.update({
          where: { key },
          data: {
            ...(body.name !== undefined && { name: body.name }),
            ...(body.confirmChanges !== undefined && { confirmChanges: body.confirmChanges }),
          },
        });
        const result = toEnvironment(row);
        await recordAudit(tx, actor, {
          action: 'environment.updated',
          environment: key,
          before,
          after: result,
        });
        // Name and confirmation are not part of snapshots: nothing to propagate.
        return { result, committed: [] };
      });
    },

    remove(actor: Actor, key: string): Promise<void> {
      return write(deps, async (tx) => {
        await lockStructure(tx);
        const row = await tx.environment.findUnique({ where: { key } });
        if (!row) throw notFound(key);
        const tokens = await tx.token.findMany({
          where: { environmentKey: key },
          select: { id: true },
        });
        // Flag configurations, versions, segments and tokens of the environment go with it.
        await tx.environment.delete({ where: { key } });
        await recordAudit(tx, actor, {
          action: 'environment.deleted',
          environment: key,
          before: toEnvironment(row),
        });
        return { result: undefined, committed: [], revokedTokens: tokens.map(({ id }) => id) };
      });
    },
  };
}
